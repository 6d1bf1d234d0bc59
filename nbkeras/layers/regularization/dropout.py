"""Dropout: zero random units during training, scale the rest by 1 / (1 - rate)."""

import functools

from nbkeras import ops
from nbkeras.layers.layer import Layer
from nbkeras.layers.regularization.random_source import (RandomSource, check_rate, dropout_mask,
                                                         resolve_noise_shape)
from nbkeras.ops.host import host_value


class Dropout(Layer):
    """Sets each input unit to 0 with probability ``rate`` while training (inverted dropout).

    The kept units are scaled by ``1 / (1 - rate)`` so the expected sum is
    unchanged; at inference (``training=False``, e.g. ``predict`` and
    ``evaluate``) the layer does nothing.

    Args:
        rate: fraction of units to drop, in [0, 1].
        noise_shape: shape of the mask, broadcast over the input (None
            entries take the input's size), e.g. ``(batch, 1, features)``
            to drop the same features at every timestep.
        seed: an int gives the layer its own repeatable generator; None uses
            the global one (``keras.utils.set_random_seed``).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> layer = keras.layers.Dropout(0.5, seed=1)
        >>> sorted({float(v) for v in layer(np.ones((2, 4)), training=True).numpy().ravel()})
        [0.0, 2.0]
        >>> layer(np.ones((1, 2))).numpy()
        array([[1., 1.]], dtype=float32)
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate, "Dropout")
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._random = RandomSource(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        shape = resolve_noise_shape(self.noise_shape, inputs.shape)
        # host_value: a replayed step (models/step_plan.py) draws a new mask each time
        return ops.multiply(inputs, host_value(functools.partial(
            dropout_mask, self._random, self.rate, shape, inputs.data.dtype)))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": None if self.noise_shape is None else list(self.noise_shape)}
