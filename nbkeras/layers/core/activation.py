"""Activation: applies an activation function as a layer of its own."""

from nbkeras import activations
from nbkeras.layers.layer import Layer


class Activation(Layer):
    """Applies ``activation`` to its input.

    Args:
        activation: an activation name (``"relu"``) or function.
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
