"""The registry of custom classes and functions, for loading configs by name.

Keras 3 saves a custom object's ``registered_name`` (``"Custom>MyLayer"``)
and finds it again at load time in, in order: the ``custom_objects=``
argument, an active ``custom_object_scope``, and the global registry filled
by ``@register_keras_serializable``.
"""

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}
_scope_stack = []


def register_keras_serializable(package="Custom", name=None):
    """Registers a class or function under ``"package>name"`` for deserialization.

    Args:
        package: the namespace (default ``"Custom"``).
        name: the name inside the package (default: the class or function name).

    Returns:
        A decorator that registers and returns the object unchanged.

    Example:
        >>> import nbkeras as keras
        >>> @keras.saving.register_keras_serializable(package="Demo")
        ... class Double(keras.layers.Layer):
        ...     def call(self, x):
        ...         return x * 2.0
        >>> keras.saving.get_registered_name(Double)
        'Demo>Double'
    """

    def decorator(obj):
        registered_name = f"{package}>{name or obj.__name__}"
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: a class must implement get_config() to be "
                "serializable.")
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered_name
        return obj

    return decorator


def get_registered_name(obj):
    """The name ``obj`` is saved under: ``"package>name"`` if registered, else its own name."""
    if obj in _GLOBAL_CUSTOM_NAMES:
        return _GLOBAL_CUSTOM_NAMES[obj]
    return getattr(obj, "__name__", type(obj).__name__)


def get_registered_object(name, custom_objects=None, module_objects=None):
    """Finds ``name`` in ``custom_objects``, the active scopes, the registry, then ``module_objects``."""
    for source in [custom_objects or {}] + list(reversed(_scope_stack)) + [_GLOBAL_CUSTOM_OBJECTS]:
        if name in source:
            return source[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


def get_custom_objects():
    """The global registry dict (``"package>name"`` -> object); editable, as in Keras.

    Returns:
        The dict itself: ``get_custom_objects()["MyLayer"] = MyLayer`` registers.
    """
    return _GLOBAL_CUSTOM_OBJECTS


class CustomObjectScope:
    """Makes custom objects visible to deserialization inside a ``with`` block.

    Args:
        custom_objects: a dict ``{"name": class_or_function}`` (several dicts allowed).

    Example:
        >>> import nbkeras as keras
        >>> with keras.saving.CustomObjectScope({"swish2": lambda x: x}):
        ...     pass
    """

    def __init__(self, *custom_objects):
        self.custom_objects = {}
        for objects in custom_objects:
            self.custom_objects.update(objects or {})

    def __enter__(self):
        _scope_stack.append(self.custom_objects)
        return self

    def __exit__(self, *exc_info):
        _scope_stack.remove(self.custom_objects)
        return False


custom_object_scope = CustomObjectScope
