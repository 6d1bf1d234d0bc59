"""What image preprocessing layers share: channels_last images, factors, randomness.

Random augmentation layers change images only when ``training`` is true
(inside ``fit``, or ``layer(x, training=True)``); otherwise they return the
input (as float). They draw from nbkeras's seeded generator
(``keras.utils.set_random_seed``) or, given ``seed=``, from their own.
"""

import numpy as np

from nbkeras.layers.preprocessing.base_preprocessing import DataLayer, to_numpy
from nbkeras.layers.regularization.random_source import RandomSource
from nbkeras.ops.image import FILL_MODES, INTERPOLATIONS
from nbkeras.ops.tensor import Tensor


class BaseImageLayer(DataLayer):
    """Images ``(batch, height, width, channels)`` or one image ``(height, width, channels)``."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise ValueError(f"{type(self).__name__}: nbkeras implements channels_last images "
                             f"only. Received: data_format={data_format!r}")
        self.data_format = "channels_last"
        self.built = True

    def images(self, inputs):
        """The inputs as a float batch (``(1, h, w, c)`` for one image) and whether to unbatch."""
        images = to_numpy(inputs)
        if images.ndim not in (3, 4):
            raise ValueError(f"{type(self).__name__} '{self.name}' expects images of rank 3 "
                             "(height, width, channels) or 4 (batch, height, width, channels); "
                             f"received shape {images.shape}. Add a channel axis for grayscale "
                             "images: x[..., None].")
        images = images.astype(self.dtype, copy=False)
        return (images[None], True) if images.ndim == 3 else (images, False)

    def output(self, images, single):
        return Tensor(images[0] if single else images)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class BaseRandomLayer(BaseImageLayer):
    """A random augmentation: ``transform(images, rng)`` runs only when training."""

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self._random = RandomSource(seed)

    def call(self, inputs, training=False):
        images, single = self.images(inputs)
        if training:
            images = self.transform(images, self._random.generator())
        return self.output(images, single)

    def transform(self, images, rng):
        raise NotImplementedError

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def factor_range(factor, name="factor", bounds=(-1.0, 1.0)):
    """Keras's factor rule: a number ``f`` means ``(-f, f)``; a pair is sorted."""
    message = (f"The `{name}` argument should be a number (or a list of two numbers) in the "
               f"range [{bounds[0]}, {bounds[1]}]. Received: {name}={factor}")
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2 or factor[0] > bounds[1] or factor[1] < bounds[0]:
            raise ValueError(message)
        return tuple(float(f) for f in sorted(factor))
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        if not bounds[0] <= factor <= bounds[1]:
            raise ValueError(message)
        factor = abs(factor)
        return max(-factor, bounds[0]), float(factor)
    raise ValueError(message)


def check_warp_arguments(layer, fill_mode, interpolation):
    if fill_mode not in FILL_MODES:
        raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Expected of one {FILL_MODES}.")
    if interpolation not in INTERPOLATIONS:
        raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of one "
                                  f"{INTERPOLATIONS}.")


def uniform(rng, low, high, size):
    """float32 uniform draws (Keras draws float32)."""
    return rng.uniform(low, high, size).astype(np.float32)
