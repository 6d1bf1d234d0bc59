"""Activation functions (``keras.activations``): lookup by name and serialization.

The functions themselves are differentiable ops in ``nbkeras.ops.activation_ops``,
each backed by a forward/backward kernel pair.
"""

import difflib

from nbkeras.ops.activation_ops import (elu, exponential, gelu, hard_sigmoid, leaky_relu, linear,
                                        log_softmax, mish, relu, relu6, selu, sigmoid, silu,
                                        softmax, softplus, softsign, swish, tanh)

ALL_ACTIVATIONS = {
    fn.__name__: fn
    for fn in (relu, leaky_relu, relu6, elu, selu, sigmoid, hard_sigmoid, tanh, softplus,
               softsign, silu, gelu, exponential, mish, softmax, log_softmax, linear)
}
ALL_ACTIVATIONS["swish"] = silu


def serialize(activation):
    """Returns the string name of an activation (Keras stores activations as names)."""
    for name, fn in ALL_ACTIVATIONS.items():
        if fn is activation and name != "swish":
            return name
    return getattr(activation, "__name__", repr(activation))


def get(identifier):
    """Resolves ``None``, a name, or a callable to an activation function.

    Raises:
        ValueError: for an unknown name, listing close matches.
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if isinstance(identifier, str):
        key = identifier.lower()
        if key in ALL_ACTIVATIONS:
            return ALL_ACTIVATIONS[key]
        close = difflib.get_close_matches(key, ALL_ACTIVATIONS, n=3)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(
            f"Unknown activation {identifier!r}.{hint} Known activations: "
            f"{', '.join(sorted(ALL_ACTIVATIONS))}."
        )
    raise ValueError(
        "Could not interpret activation identifier: expected None, a string or a "
        f"callable. Received: activation={identifier!r}"
    )
