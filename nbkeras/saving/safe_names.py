"""Where the names in a config are looked up (safe mode).

A config names functions and classes as ``{"module", "class_name", "config",
"registered_name"}``. In safe mode (the default) a name is resolved only in:

1. the ``custom_objects`` passed to the loading function, active
   ``custom_object_scope`` blocks and objects registered with
   ``@keras.saving.register_keras_serializable()``;
2. nbkeras's own registries: activations, losses, metrics (functions) and the
   classes of the namespaces the package face registers in ``saving.namespaces``
   (``keras.layers``, ``initializers``, ``regularizers``, ``constraints``,
   ``optimizers``, ``losses``, ``metrics``, models; classes defined in nbkeras only).

Anything else (``os.system``, ``sys.exit``, ``subprocess.Popen``, a function
of ``__main__``...) is refused with an ``UnresolvedNameError`` naming the
entry and how to allow it. ``safe_mode=False`` additionally searches modules
that are already imported (``__main__`` included); nbkeras never imports a
module because a file names it.
"""

import sys

from nbkeras.saving import namespaces
from nbkeras.saving import object_registration as registration

_where = []  # names of the objects being rebuilt, outermost first (for error messages)


class UnresolvedNameError(ValueError, TypeError):
    """A config names a function or class that safe loading may not use.

    A ``ValueError`` (a damaged or hostile file) that is also a ``TypeError``,
    the type Keras raises for an unknown class.
    """


class Where:
    """Records the name of the object being rebuilt, so errors can say where they are."""

    def __init__(self, config):
        inner = config.get("config") if isinstance(config, dict) else None
        name = inner.get("name") if isinstance(inner, dict) else None
        self.label = f"{config.get('class_name')} '{name}'" if isinstance(name, str) else None

    def __enter__(self):
        if self.label:
            _where.append(self.label)
        return self

    def __exit__(self, *exc_info):
        if self.label:
            _where.pop()
        return False


def find_function(config, safe_mode):
    """The function an entry ``{"class_name": "function", "config": name}`` names."""
    name, module = config.get("config"), config.get("module")
    if not isinstance(name, str) or not isinstance(module, (str, type(None))):
        raise ValueError(f"Invalid function entry {_short(config)}{_location()}: expected "
                         "{'module': str, 'class_name': 'function', 'config': str}.")
    found = registration.get_registered_object(name)
    if found is None:
        found = _library_function(name)
    if found is None and not safe_mode:
        found = _imported(module, name)
    if found is None or not callable(found):
        raise UnresolvedNameError(_refusal("function", module, name, safe_mode))
    return found


def find_class(config, safe_mode):
    """The class an entry names: custom objects and registry first, then nbkeras."""
    class_name, registered = config.get("class_name"), config.get("registered_name")
    module_name = config.get("module")
    if not isinstance(class_name, str) or not isinstance(registered, (str, type(None))) \
            or not isinstance(module_name, (str, type(None))):
        raise ValueError(f"Invalid entry {_short(config)}{_location()}: 'class_name' must be a "
                         "string.")
    for key in (registered, class_name):
        if key:
            found = registration.get_registered_object(key)
            if found is not None:
                return found
    if (module_name or "").split(".")[0] == "keras":
        found = _library_class(module_name, class_name)
        if found is not None:
            return found
    if not safe_mode:
        found = _imported(module_name, class_name)
        if isinstance(found, type):
            return found
    raise UnresolvedNameError(_refusal("class", module_name, registered or class_name, safe_mode))


def _library_function(name):
    """Functions nbkeras itself offers by name: activations, losses, metric functions."""
    from nbkeras import activations, losses, metrics

    for table in (activations.ALL_ACTIVATIONS, losses.ALL_LOSSES, metrics.ALL_METRIC_FUNCTIONS):
        if name in table:
            return table[name]
    return None


def _library_class(module_name, name):
    """A class of nbkeras's own namespaces (registered by the package face), or None."""
    if not name.isidentifier() or name.startswith("_"):
        return None
    found = namespaces.find(module_name, name)
    if isinstance(found, type) and found.__module__.startswith("nbkeras.") \
            and hasattr(found, "from_config"):
        return found
    return None


def _imported(module_name, name):
    """``safe_mode=False`` only: an attribute of a module that is already imported."""
    if not isinstance(name, str) or not name.isidentifier():
        return None
    for candidate in (module_name, "__main__"):
        module = sys.modules.get(candidate or "")
        if module is not None and hasattr(module, name):
            return getattr(module, name)
    return None


def _refusal(kind, module, name, safe_mode):
    qualified = f"{module}.{name}" if module else str(name)
    if not safe_mode:
        return (f"Could not locate {kind} '{qualified}'{_location()}. Make sure custom classes "
                "and functions are decorated with `@keras.saving.register_keras_serializable()` "
                f"or passed in custom_objects={{'{name}': ...}} when loading.")
    return (f"Refused {kind} '{qualified}'{_location()}: safe loading only uses nbkeras's own "
            "layers, losses, metrics and activations, the custom_objects you pass and objects "
            f"registered with @keras.saving.register_keras_serializable(). If '{name}' is your "
            f"own {kind}, pass custom_objects={{'{name}': {name}}} to the loading function (or "
            "register it). Only if you trust the file: safe_mode=False also searches modules "
            "that are already imported.")


def _location():
    return f" (in {' > '.join(_where)})" if _where else ""


def _short(config):
    text = repr(config)
    return text if len(text) <= 120 else text[:117] + "..."
