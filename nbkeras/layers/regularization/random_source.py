"""Where regularization layers draw their noise: nbkeras's seeded generator, or their own."""

import numpy as np

from nbkeras import random_state


class RandomSource:
    """A layer's source of random numbers.

    Without a seed it uses the global generator of ``nbkeras.random_state``,
    so ``keras.utils.set_random_seed(n)`` makes every mask repeat. With a
    seed the layer owns a generator started from it (Keras's
    ``SeedGenerator(seed)``): its masks repeat whatever else runs.

    Args:
        seed: None or an int.
    """

    def __init__(self, seed=None):
        if seed is not None and (not isinstance(seed, (int, np.integer)) or isinstance(seed, bool)):
            raise ValueError(f"seed must be None or an integer. Received: seed={seed!r}")
        self.seed = seed
        self._own = None if seed is None else np.random.default_rng(int(seed))

    def generator(self):
        """The ``np.random.Generator`` to draw from now."""
        return self._own if self._own is not None else random_state.generator()


def check_rate(rate, layer_name):
    """Dropout rates live in [0, 1]."""
    if not isinstance(rate, (int, float, np.floating)) or not 0 <= rate <= 1:
        raise ValueError(f"Invalid value received for argument `rate` of {layer_name}. Expected a "
                         f"float value between 0 and 1. Received: rate={rate!r}")
    return float(rate)


def resolve_noise_shape(noise_shape, input_shape):
    """Fills the None entries of ``noise_shape`` from the input shape."""
    if noise_shape is None:
        return tuple(input_shape)
    if len(noise_shape) != len(input_shape):
        raise ValueError(f"noise_shape {tuple(noise_shape)} must have one entry per input axis; "
                         f"the input has shape {tuple(input_shape)}. Use None for 'same as input'.")
    return tuple(i if n is None else int(n) for n, i in zip(noise_shape, input_shape))


def dropout_mask(source, rate, shape, dtype):
    """An inverted-dropout mask: 0 with probability ``rate``, else ``1 / (1 - rate)``."""
    keep = source.generator().random(shape) >= rate
    return (keep / np.asarray(1.0 - rate, dtype=dtype)).astype(dtype)


def normal_noise(source, mean, stddev, shape, dtype):
    """Gaussian noise of the given shape, in ``dtype``."""
    return source.generator().normal(mean, stddev, size=shape).astype(dtype)
