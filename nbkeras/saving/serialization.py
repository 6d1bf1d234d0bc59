"""Objects to Keras 3 configs and back: ``{"module", "class_name", "config", "registered_name"}``.

``serialize_keras_object`` writes the same dicts Keras 3 writes (layers as
``"keras.layers"``, a functional model as ``"keras.src.models.functional"``),
so ``model.to_json()`` from Keras loads here and the other way round.

Safe mode: a Python ``lambda`` can only travel as bytecode, and loading
bytecode runs code from the file. As in Keras, deserializing one is refused
unless ``safe_mode=False`` is passed (or ``enable_unsafe_deserialization()``
was called). Named functions and classes are looked up by name instead, in
safe mode only in ``custom_objects``, the registry and nbkeras's own
registries (``safe_names``); ``safe_mode=False`` also searches modules that
are already imported (nbkeras never imports a module because a file names it).
"""

import base64
import marshal
import sys
import types
import warnings

import numpy as np

from nbkeras.safe_mode import (  # noqa: F401
    LAMBDA_ERROR,
    SafeModeScope,
    enable_unsafe_deserialization,
    in_safe_mode,
)
from nbkeras.safe_mode import state as _state
from nbkeras.saving import object_registration as registration
from nbkeras.saving import safe_names
from nbkeras.saving.safe_names import UnresolvedNameError  # noqa: F401 (re-exported)

_KERAS_MODULE_OF = {"nbkeras.layers": "keras.layers", "nbkeras.initializers": "keras.initializers",
                    "nbkeras.regularizers": "keras.regularizers",
                    "nbkeras.constraints": "keras.constraints",
                    "nbkeras.optimizers": "keras.optimizers", "nbkeras.losses": "keras.losses",
                    "nbkeras.metrics": "keras.metrics"}

# ---------------------------------------------------------------------- serialize
def serialize_keras_object(obj):
    """Returns the JSON-compatible Keras 3 config of ``obj``.

    Args:
        obj: a layer, model, initializer, ..., a function, an array, or a
            plain value (nested lists/dicts allowed).

    Returns:
        Plain values unchanged; objects as
        ``{"module", "class_name", "config", "registered_name"}``.

    Example:
        >>> import nbkeras as keras
        >>> keras.saving.serialize_keras_object(keras.layers.Flatten(name="f"))["class_name"]
        'Flatten'
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (np.integer, np.floating, np.bool_)):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(item) for item in obj]
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        warnings.warn("A Python lambda is being serialized: loading it back needs "
                      "safe_mode=False. Prefer a named function.", stacklevel=2)
        return serialize_lambda(obj)
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return _serialize_function(obj)
    if hasattr(obj, "get_config"):
        return _serialize_class_instance(obj)
    raise TypeError(f"Cannot serialize {obj!r} of type {type(obj).__name__}: it has no get_config().")


def _serialize_function(fn):
    module = getattr(fn, "__module__", None) or "builtins"
    if module == "nbkeras.activations":
        return fn.__name__
    return {"module": module, "class_name": "function",
            "config": registration.get_registered_name(fn), "registered_name": "function"}


def _serialize_class_instance(obj):
    cls = type(obj)
    module = cls.__module__
    builtin = module.startswith("nbkeras.")
    if builtin:
        package = ".".join(module.split(".")[:2])
        module = _keras_module_for(cls, package)
    # Functions and arrays inside a config (a Lambda's function, a custom activation)
    # are written in Keras's function/lambda/array formats.
    result = {"module": module, "class_name": cls.__name__,
              "config": serialize_keras_object(obj.get_config()),
              "registered_name": None if builtin else registration.get_registered_name(cls)}
    build_shape = getattr(obj, "_build_shape", None)
    if _is_functional(obj):
        # Keras registers Functional under its own name and leaves its input shape to the graph.
        result["registered_name"] = "Functional"
        result["build_config"] = {"input_shape": None}
    elif build_shape is not None and getattr(obj, "built", False):
        result["build_config"] = {"input_shape": _listify(build_shape)}
    if hasattr(obj, "get_compile_config"):
        # Models carry how they were compiled ({} if not), so model_from_json gives it back.
        compile_config = obj.get_compile_config() if getattr(obj, "compiled", False) else None
        result["compile_config"] = serialize_keras_object(compile_config) if compile_config else {}
    return result


def _keras_module_for(cls, package):
    if cls.__name__ == "Functional":
        return "keras.src.models.functional"
    if cls.__name__ in ("Sequential", "Model"):
        return "keras"
    return _KERAS_MODULE_OF.get(package, package.replace("nbkeras", "keras"))


def _is_functional(obj):
    return type(obj).__name__ == "Functional"


def _listify(shape):
    if isinstance(shape, dict):
        return {k: _listify(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)):
        return [_listify(s) for s in shape]
    return shape


def serialize_lambda(fn):
    """A lambda as Keras stores it: base64 marshalled bytecode, defaults, closure."""
    code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
    closure = tuple(cell.cell_contents for cell in fn.__closure__) if fn.__closure__ else None
    return {"class_name": "__lambda__",
            "config": {"code": code, "defaults": fn.__defaults__, "closure": closure}}


def deserialize_lambda(config, safe_mode=None):
    """Rebuilds a serialized lambda; refused in safe mode (this runs code from the file)."""
    if (safe_mode if safe_mode is not None else in_safe_mode()) and not _state["unsafe_enabled"]:
        raise ValueError(LAMBDA_ERROR)
    code = marshal.loads(base64.decodebytes(config["code"].encode("ascii")))
    closure = config.get("closure")
    cells = tuple(types.CellType(value) for value in closure) if closure else None
    defaults = tuple(config["defaults"]) if config.get("defaults") else None
    import nbkeras.ops as ops_module

    namespace = {"__builtins__": __builtins__, "keras": sys.modules["nbkeras"], "ops": ops_module}
    return types.FunctionType(code, namespace, code.co_name, defaults, cells)


# ---------------------------------------------------------------------- deserialize
def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """Rebuilds an object from its Keras 3 config.

    Args:
        config: a dict from ``serialize_keras_object`` (or a plain value).
        custom_objects: ``{"name": class_or_function}`` for your own classes.
        safe_mode: refuse Python lambdas (default True, as Keras).

    Returns:
        The object.

    Example:
        >>> import nbkeras as keras
        >>> config = keras.saving.serialize_keras_object(keras.layers.Dense(2, name="d"))
        >>> keras.saving.deserialize_keras_object(config).units
        2
    """
    outer = _state["safe_mode"]  # an enclosing SafeModeScope wins, as in Keras
    with SafeModeScope(safe_mode if outer is None else outer), \
            registration.CustomObjectScope(custom_objects or {}):
        return _deserialize(config)


def _deserialize(config):
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        return config
    if isinstance(config, (list, tuple)):
        return [_deserialize(item) for item in config]
    if not isinstance(config, dict):
        raise TypeError(f"Cannot deserialize {config!r}: expected a dict config.")
    class_name = config.get("class_name")
    if class_name is None:
        return {key: _deserialize(value) for key, value in config.items()}
    inner = config.get("config", {})
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__lambda__":
        return deserialize_lambda(inner)
    if class_name == "__tuple__":
        return tuple(_deserialize(item) for item in inner["value"])
    if class_name == "function":
        return safe_names.find_function(config, in_safe_mode())
    cls = find_class(config)
    with safe_names.Where(config):
        obj = cls.from_config(_with_functions_resolved(inner))
    build_config = config.get("build_config")
    if build_config and not getattr(obj, "built", True) and hasattr(obj, "_maybe_build"):
        shape = _tuplify(build_config.get("input_shape"))
        if shape is not None:
            obj._maybe_build(shape)
    compile_config = config.get("compile_config")
    if compile_config and hasattr(obj, "compile"):
        obj.compile(**_deserialize(compile_config))
    return obj


def _with_functions_resolved(config):
    """A class's config with its function entries (named or lambda) turned back into callables."""
    if not isinstance(config, dict):
        return config
    return {key: _deserialize(value) if _is_function_config(value) else value
            for key, value in config.items()}


def _is_function_config(value):
    return isinstance(value, dict) and value.get("class_name") in ("function", "__lambda__")


def _tuplify(shape):
    if isinstance(shape, list) and shape and all(isinstance(d, (int, type(None))) for d in shape):
        return tuple(shape)
    if isinstance(shape, list):
        return [_tuplify(s) for s in shape]
    if isinstance(shape, dict):
        return {k: _tuplify(v) for k, v in shape.items()}
    return shape


def find_class(config):
    """The class a config names (see ``safe_names``: registries only, in safe mode)."""
    return safe_names.find_class(config, in_safe_mode())


def _install_layer_serialization():
    """Lets wrapper layers (Bidirectional, RNN(cell), ...) serialize what they hold."""
    from nbkeras.layers import layer_serialization

    layer_serialization.install(serialize_keras_object, deserialize_keras_object)


_install_layer_serialization()
