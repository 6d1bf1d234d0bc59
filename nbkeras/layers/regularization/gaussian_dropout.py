"""GaussianDropout: multiply by ``N(1, rate / (1 - rate))`` noise during training."""

import functools
import math

from nbkeras import ops
from nbkeras.layers.layer import Layer
from nbkeras.layers.regularization.random_source import RandomSource, check_rate, normal_noise
from nbkeras.ops.host import host_value


class GaussianDropout(Layer):
    """Multiplicative Gaussian noise with mean 1 and standard deviation ``sqrt(rate / (1 - rate))``.

    It has the same mean and variance as dropout with that ``rate``, but
    never zeroes a unit. Identity at inference.

    Args:
        rate: the equivalent drop probability, in [0, 1).
        seed: optional int for a repeatable generator.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GaussianDropout(0.2)(np.ones((1, 2))).numpy()
        array([[1., 1.]], dtype=float32)
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed = check_rate(rate, "GaussianDropout"), seed
        self._random = RandomSource(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or not 0 < self.rate < 1:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        return ops.multiply(inputs, host_value(functools.partial(  # drawn again when replayed
            normal_noise, self._random, 1.0, stddev, inputs.shape, inputs.data.dtype)))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
