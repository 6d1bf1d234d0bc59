"""AlphaDropout: dropout that keeps SELU activations self-normalizing."""

import numpy as np

from nbkeras import ops
from nbkeras.layers.layer import Layer
from nbkeras.layers.regularization.random_source import (RandomSource, check_rate,
                                                         resolve_noise_shape)

# SELU's constants: dropped units are set to SELU's negative saturation value.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Sets dropped units to ``-alpha * scale`` (SELU's floor) and rescales to keep mean and variance.

    With ``alpha_p = -SELU_ALPHA * SELU_SCALE``, ``a = ((1 - rate) * (1 + rate * alpha_p²))**-0.5``
    and ``b = -a * alpha_p * rate``, the output is ``a * x_dropped + b``. Use it
    with ``activation="selu"`` and ``lecun_normal`` initialization.

    Args:
        rate: fraction of units to drop, in [0, 1].
        noise_shape: shape of the mask (None entries: the input's).
        seed: optional int for a repeatable generator.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.AlphaDropout(0.1)(np.ones((1, 2))).numpy()
        array([[1., 1.]], dtype=float32)
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate, "AlphaDropout")
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._random = RandomSource(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or not 0 < self.rate < 1:
            return inputs
        dtype = inputs.data.dtype
        shape = resolve_noise_shape(self.noise_shape, inputs.shape)
        kept = (self._random.generator().random(shape) >= self.rate).astype(dtype)
        alpha_p = -SELU_ALPHA * SELU_SCALE
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        dropped = ops.add(ops.multiply(inputs, kept), (alpha_p * (1 - kept)).astype(dtype))
        return ops.add(ops.multiply(dropped, np.asarray(a, dtype)), np.asarray(b, dtype))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": None if self.noise_shape is None else list(self.noise_shape)}
