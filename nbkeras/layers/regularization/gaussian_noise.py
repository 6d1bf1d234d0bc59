"""GaussianNoise: add zero-mean normal noise during training."""

import functools

from nbkeras import ops
from nbkeras.layers.layer import Layer
from nbkeras.layers.regularization.random_source import RandomSource, normal_noise
from nbkeras.ops.host import host_value


class GaussianNoise(Layer):
    """Adds ``N(0, stddev²)`` noise to the inputs while training; identity at inference.

    Args:
        stddev: standard deviation of the noise.
        seed: optional int for a repeatable generator.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GaussianNoise(0.1)(np.zeros((1, 2))).numpy()
        array([[0., 0.]], dtype=float32)
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError("Invalid value received for argument `stddev`. Expected a float "
                             f"value between 0 and 1. Received: stddev={stddev}")
        self.stddev, self.seed = float(stddev), seed
        self._random = RandomSource(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        return ops.add(inputs, host_value(functools.partial(  # drawn again when replayed
            normal_noise, self._random, 0.0, self.stddev, inputs.shape, inputs.data.dtype)))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
