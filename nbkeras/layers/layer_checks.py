"""Clear errors for the Layer base: dtypes, misspelt keywords, set_weights.

Each message names the layer, shows what was received and what is valid, and
suggests the fix (``Dense 'dense': unknown dtype 'flaot32'. Did you mean
dtype="float32"?``).
"""

import difflib
import inspect

import numpy as np

from nbkeras import config

VALID_DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
                "uint16", "uint32", "uint64", "bool")


def layer_dtype(dtype, layer):
    """The dtype name a layer computes in; a typo gets an error naming the layer."""
    if isinstance(dtype, dict):  # a DTypePolicy config from a file
        dtype = dtype.get("config", {}).get("name", config.floatx())
    try:
        name = np.dtype(dtype or config.floatx()).name
    except TypeError:
        name = None
    if name not in VALID_DTYPES:
        close = difflib.get_close_matches(str(dtype), VALID_DTYPES, n=1)
        hint = f" Did you mean dtype=\"{close[0]}\"?" if close else ""
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': unknown dtype {dtype!r}.{hint} Valid "
            f"dtypes: {', '.join(VALID_DTYPES)} (default: keras.config.floatx(), "
            f"\"{config.floatx()}\").")
    return name


def keyword_hint(cls, kwargs):
    """" Did you mean units?" for a misspelt keyword argument of a layer class."""
    known = [n for klass in cls.__mro__ if "__init__" in vars(klass)
             for n in inspect.signature(klass.__init__).parameters if n not in ("self", "kwargs")]
    close = [m for name in kwargs for m in difflib.get_close_matches(name, known, n=1)]
    return f" Did you mean {' or '.join(close)}?" if close else " Check the spelling."


def check_weights_list(layer, weights):
    """Raises a clear error unless ``weights`` fits ``layer.weights`` (count and shapes)."""
    own = layer.weights
    if isinstance(weights, np.ndarray) or not isinstance(weights, (list, tuple)):
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}'.set_weights() expects a list of arrays (as "
            f"get_weights() returns); received a {type(weights).__name__}. Wrap it: "
            "set_weights([kernel, bias]).")
    owners = weight_owners(layer)
    if len(weights) != len(own):
        listing = ", ".join(f"{owners[id(v)]}/{v.name}{v.shape}" for v in own) or "none"
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' expects {len(own)} weight arrays "
            f"({listing}), but received {len(weights)}. Pass one array per weight, in "
            "get_weights() order.")
    for index, (variable, value) in enumerate(zip(own, weights)):
        shape = np.shape(value)
        if shape != tuple(variable.shape):
            raise ValueError(
                f"Layer '{owners[id(variable)]}' weight '{variable.name}' (entry {index} of the "
                f"list) has shape {tuple(variable.shape)}; received an array of shape {shape}. "
                "Check the order (get_weights() gives kernel, then bias) and the layer's "
                "units/input size.")


def weight_owners(layer):
    """``id(variable) -> name of the innermost layer that owns it`` (for error messages)."""
    owners = {}
    pending = [layer]
    while pending:
        current = pending.pop()
        for variable in current._trainable_variables + current._non_trainable_variables:
            owners[id(variable)] = current.name
        pending.extend(getattr(current, "_layers", []))
    for variable in layer.weights:
        owners.setdefault(id(variable), layer.name)
    return owners
