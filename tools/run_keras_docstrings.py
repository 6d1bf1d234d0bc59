"""Run Keras 3's docstring examples against nbkeras and report which give Keras's numbers.

    python tools/run_keras_docstrings.py            # Markdown report on stdout
    python tools/run_keras_docstrings.py --record   # also rewrite the list the test guards
    KERAS_BACKEND=torch $PEER tools/run_keras_docstrings.py --keras
        # the same examples in real Keras: writes the list of those Keras itself fails

Reads tests/golden/keras_docstrings.json (tools/capture_keras_docstrings.py).
Each example runs with ``keras`` bound to nbkeras (``import keras`` lines are
rewritten). Outputs are compared by their numbers (tolerance 1e-4), since an
nbkeras Tensor prints differently from a torch/JAX array; text without
numbers must match exactly.
"""

import doctest
import json
import os
import re
import signal
import sys

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO_ROOT)

if "--keras" in sys.argv:
    import keras as nbkeras  # noqa: E402 (the baseline: Keras's own examples in Keras)
else:
    import nbkeras  # noqa: E402

GOLDEN = os.path.join(REPO_ROOT, "tests", "golden", "keras_docstrings.json")
PASSING = os.path.join(REPO_ROOT, "tests", "golden", "keras_docstrings_passing.json")
KERAS_FAILS = os.path.join(REPO_ROOT, "tests", "golden", "keras_docstrings_failing_in_keras.json")
NUMBER = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|-?inf|nan")
NOISE = re.compile(r"shape=\([^)]*\)|dtype=['\"]?\w+['\"]?|<Tensor|<Variable[^\n]*value=|"
                   r"path=\S+|np\.\w+\(|tensor\(|Array\(|array\(|device=\S+")


def numbers(text):
    """The numbers printed, each with the precision it was printed at."""
    return NUMBER.findall(NOISE.sub("", text))


def _decimals(text):
    mantissa = text.lower().split("e")[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _close(got, want):
    a, b = float(got), float(want)
    if np.isnan(a) or np.isnan(b) or np.isinf(a) or np.isinf(b):
        return (np.isnan(a) and np.isnan(b)) or a == b
    printed = 0.5 * 10.0 ** -min(_decimals(got), _decimals(want)) if "e" not in (got + want).lower() else 0
    return abs(a - b) <= max(1e-4 * abs(b), printed) + 1e-6


class NumbersChecker(doctest.OutputChecker):
    """Equal when the numbers agree (any array/tensor repr), or the text does."""

    def check_output(self, want, got, optionflags):
        if super().check_output(want, got, optionflags | doctest.NORMALIZE_WHITESPACE):
            return True
        expected, actual = numbers(want), numbers(got)
        if not expected or len(expected) != len(actual):
            return False
        return all(_close(a, b) for a, b in zip(actual, expected))


def for_nbkeras(docstring):
    return (docstring.replace("from keras import", "from nbkeras import")
            .replace("import keras\n", "import nbkeras as keras\n")
            .replace("import keras as", "import nbkeras as"))


class Timeout(Exception):
    pass


def _alarm(*_):
    raise Timeout()


def run_one(name, docstring):
    """(status, detail): status is "pass", "differs" or "error"."""
    parser = doctest.DocTestParser()
    globs = {"keras": nbkeras, "np": np, "numpy": np}
    # Keras runs each docstring in its module's namespace: give the same names.
    for module in ("layers", "losses", "metrics", "ops", "optimizers", "callbacks",
                   "initializers", "regularizers", "constraints", "activations", "utils"):
        globs[module] = getattr(nbkeras, module)
    namespace = getattr(nbkeras, name.split(".")[1]) if name.count(".") > 1 else nbkeras
    globs.update({n: getattr(namespace, n) for n in dir(namespace) if not n.startswith("_")})
    globs.update({"Sequential": nbkeras.Sequential, "Model": nbkeras.Model,
                  "Input": nbkeras.Input, "Dense": nbkeras.layers.Dense})
    test = parser.get_doctest(for_nbkeras(docstring), globs, name, None, 0)
    if not test.examples:
        return "error", "no runnable example"
    failures = []

    class Collect(doctest.DocTestRunner):
        def report_failure(self, out, test, example, got):
            failures.append(("differs", f"`{example.source.strip()[:70]}` printed "
                                        f"`{got.strip()[:70]}`, Keras `{example.want.strip()[:70]}`"))

        def report_unexpected_exception(self, out, test, example, exc_info):
            failures.append(("error", f"`{example.source.strip()[:70]}`: "
                                      f"{exc_info[0].__name__}: {str(exc_info[1])[:110]}"))

    runner = Collect(checker=NumbersChecker(), optionflags=doctest.ELLIPSIS)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        runner.run(test, out=lambda text: None, clear_globs=True)
    except Timeout:
        failures.append(("error", "took more than 60 s"))
    finally:
        signal.alarm(0)
    if not failures:
        return "pass", ""
    return failures[0]


def run_all():
    with open(GOLDEN, encoding="utf-8") as handle:
        docstrings = json.load(handle)["docstrings"]
    results = {}
    for name, docstring in sorted(docstrings.items()):
        nbkeras.utils.set_random_seed(0)
        try:
            results[name] = run_one(name, docstring)
        except Exception as error:  # noqa: BLE001 (a parse error is a result too)
            results[name] = ("error", f"{type(error).__name__}: {error}"[:120])
        if hasattr(nbkeras.config, "reset"):
            nbkeras.config.reset()
        else:
            nbkeras.config.set_floatx("float32")
            nbkeras.config.set_epsilon(1e-7)
    return results


def main():
    results = run_all()
    passed = sorted(n for n, (status, _) in results.items() if status == "pass")
    print(f"{len(passed)} of {len(results)} Keras docstrings with examples give Keras's numbers "
          "in nbkeras.\n")
    print("| name | result | first difference |\n|---|---|---|")
    for name, (status, detail) in sorted(results.items()):
        if status != "pass":
            print(f"| `{name}` | {status} | {detail.replace('|', '/')} |")
    if "--keras" in sys.argv:
        with open(KERAS_FAILS, "w", encoding="utf-8") as handle:
            json.dump({n: list(r) for n, r in sorted(results.items()) if r[0] != "pass"},
                      handle, indent=1)
            handle.write("\n")
        return
    if "--record" in sys.argv:
        with open(PASSING, "w", encoding="utf-8") as handle:
            json.dump(passed, handle, indent=1)
            handle.write("\n")


if __name__ == "__main__":
    main()
