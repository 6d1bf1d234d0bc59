"""Activation functions (``keras.activations``): lookup by name and serialization.

The functions themselves are differentiable ops in ``nbkeras.ops.nn.activations``,
each backed by a forward/backward kernel pair.
"""

from nbkeras.identifiers import Registry
from nbkeras.ops.nn.activations import (elu, exponential, gelu, hard_sigmoid, leaky_relu, linear,
                                        log_softmax, mish, relu, relu6, selu, sigmoid, silu,
                                        softmax, softplus, softsign, tanh)

ALL_ACTIVATIONS = {
    fn.__name__: fn
    for fn in (relu, leaky_relu, relu6, elu, selu, sigmoid, hard_sigmoid, tanh, softplus,
               softsign, silu, gelu, exponential, mish, softmax, log_softmax, linear)
}
ALL_ACTIVATIONS["swish"] = silu
REGISTRY = Registry("activation", "keras.activations", ALL_ACTIVATIONS)


def serialize(activation):
    """Returns the string name of an activation (Keras stores activations as names)."""
    return REGISTRY.name_of(activation) or getattr(activation, "__name__", repr(activation))


def get(identifier):
    """Resolves ``None``, a name, or a callable to an activation function.

    Raises:
        ValueError: for an unknown name, listing close matches and the valid names.
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if isinstance(identifier, str):
        return REGISTRY.lookup(identifier.lower())
    raise REGISTRY.not_understood(identifier, "None, a string or a callable")
