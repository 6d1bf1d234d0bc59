"""A custom layer's config when it writes no ``get_config``: its plain ``__init__`` arguments."""

import inspect

_PLAIN = (type(None), bool, int, float, str)
_NEEDS_GET_CONFIG = (
    "Layer {name} was created by passing non-serializable argument values in `__init__()`, "
    "and therefore the layer must override `get_config()` in order to be serializable. "
    "Please implement `get_config()`, e.g.\n\n"
    "    def get_config(self):\n"
    "        config = super().get_config()\n"
    "        config.update({{\"units\": self.units}})\n"
    "        return config")


def _is_plain(value):
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def auto_config(layer):
    """The ``__init__`` arguments of a custom layer, when they are plain values."""
    cls = type(layer)
    args, kwargs = layer.__dict__.get("_init_call", ((), {}))
    signature = inspect.signature(cls.__init__)
    try:
        bound = signature.bind(layer, *args, **kwargs)
    except TypeError:
        return {}
    result = {}
    for name, value in list(bound.arguments.items())[1:]:
        kind = signature.parameters[name].kind
        if kind == inspect.Parameter.VAR_KEYWORD:
            result.update(value)
        elif kind == inspect.Parameter.VAR_POSITIONAL:
            if value:  # positional extras have no names to store
                raise NotImplementedError(_NEEDS_GET_CONFIG.format(name=cls.__name__))
        else:
            result[name] = value
    for key in ("name", "trainable", "dtype"):
        result.pop(key, None)
    if not all(_is_plain(v) for v in result.values()):
        raise NotImplementedError(_NEEDS_GET_CONFIG.format(name=cls.__name__))
    return result
