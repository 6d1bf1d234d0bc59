"""The house stays one-way: every import of the package, function-level ones too.

Each module belongs to a floor (DESIGN.md's map). A module may import from its
own floor or a lower one, never from a higher one, and the import graph has no
circle. The reader is ``ast``, so an import inside a function counts like one
at the top of a file.
"""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "nbkeras"

# Lowest first. A module's floor is that of the longest prefix matching its name.
FLOORS = [
    ("bottom", ["nbkeras.config", "nbkeras.random_state", "nbkeras.naming", "nbkeras.version",
                "nbkeras.renderers", "nbkeras.safe_mode", "nbkeras.identifiers",
                "nbkeras.blas_threads", "nbkeras.traceback_utils"]),
    ("kernels", ["nbkeras.kernels"]),
    ("ops", ["nbkeras.ops", "nbkeras.random"]),
    ("layers", ["nbkeras.layers", "nbkeras.activations", "nbkeras.initializers",
                "nbkeras.regularizers", "nbkeras.constraints"]),
    ("training", ["nbkeras.losses", "nbkeras.metrics", "nbkeras.optimizers"]),
    ("callbacks", ["nbkeras.callbacks"]),
    ("saving", ["nbkeras.saving"]),
    ("models", ["nbkeras.models", "nbkeras.warmup"]),
    ("display", ["nbkeras.display"]),
    ("face", ["nbkeras"]),
]
RANK = {name: rank for rank, (name, _) in enumerate(FLOORS)}


def floor_of(module):
    best, best_len = None, -1
    for name, prefixes in FLOORS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = name, len(prefix)
    return best


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules():
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(target, modules):
    """The module an import names: the submodule when it is one, else its package."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def imports_of(module, path, modules):
    """(imported module, line) for every nbkeras import in the file, at any depth."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # ``from package import name``: the submodule when name is one, else the package.
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                     for alias in node.names]
        else:
            continue
        for name in names:
            if name == "nbkeras" or name.startswith("nbkeras."):
                target = resolve(name, modules)
                if target and target != module:
                    found.append((target, node.lineno))
    return found


def import_graph():
    modules = all_modules()
    return {m: imports_of(m, p, modules) for m, p in modules.items()}


def test_every_module_has_a_floor():
    assert [m for m in all_modules() if floor_of(m) is None] == []


def test_no_import_runs_up_the_house():
    upward = []
    for module, targets in import_graph().items():
        for target, line in targets:
            if RANK[floor_of(target)] > RANK[floor_of(module)]:
                upward.append(f"{module}:{line} ({floor_of(module)}) imports {target} "
                              f"({floor_of(target)})")
    assert upward == [], "imports that run up the house:\n" + "\n".join(sorted(set(upward)))


def test_kernels_import_nothing_from_nbkeras():
    bad = [f"{m} imports {t}" for m, targets in import_graph().items()
           if floor_of(m) == "kernels" for t, _ in targets if floor_of(t) != "kernels"]
    assert bad == []


def find_circle(graph):
    """Returns one circle of the graph as a list of modules, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted({t for t, _ in graph.get(node, [])}):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state:
                circle = visit(target)
                if circle:
                    return circle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            circle = visit(node)
            if circle:
                return circle
    return None


def test_no_import_circle():
    graph = import_graph()
    # A package's __init__ re-exports its children; children importing a sibling
    # through the package face would make every package a circle, so the face
    # edge parent -> child is left out of the circle search.
    acyclic = {m: [(t, l) for t, l in targets if not t.startswith(m + ".")]
               for m, targets in graph.items()}
    circle = find_circle(acyclic)
    assert circle is None, "import circle: " + " -> ".join(circle)


@pytest.mark.parametrize("source, expected", [
    ("import nbkeras.display.live_panel", "nbkeras.display.live_panel"),
    ("def f():\n    from nbkeras.display import live_panel", "nbkeras.display.live_panel"),
    ("from ..display.live_panel import TrainingPanel", "nbkeras.display.live_panel"),
])
def test_the_reader_sees_every_kind_of_import(tmp_path, source, expected):
    path = PACKAGE / "callbacks" / "probe.py"
    modules = dict(all_modules(), **{"nbkeras.callbacks.probe": path})
    fake = tmp_path / "probe.py"
    fake.write_text(source)
    tree_targets = imports_of("nbkeras.callbacks.probe", _Renamed(fake, path), modules)
    assert expected in [t for t, _ in tree_targets]


class _Renamed:
    """A file read from one place but named as if it stood at another."""

    def __init__(self, real, name):
        self.real, self.name = real, name.name

    def read_text(self):
        return self.real.read_text()

    def __str__(self):
        return str(self.real)
