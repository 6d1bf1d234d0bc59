"""RandomZoom: zoom in or out by a random factor while training."""

import numpy as np

from nbkeras.layers.preprocessing.base_image_layer import (BaseRandomLayer, check_warp_arguments,
                                                           uniform)
from nbkeras.ops.image import affine_transform


def zoom_range(factor, name):
    """Keras's rule: a number ``f`` means ``(-f, f)``; values in (-1, 1]."""
    message = ("The `factor` argument should be a number (or a list of two numbers) in the "
               f"range [-1.0, 1.0]. Received: {name}={factor}")
    values = list(factor) if isinstance(factor, (tuple, list)) else None
    if values is not None and len(values) != 2:
        raise ValueError(message)
    if not isinstance(factor, (tuple, list, int, float)) or isinstance(factor, bool):
        raise ValueError(message)
    for value in values or [factor]:
        if value > 1.0 or value <= -1.0:
            raise ValueError(message)
    if values is not None:
        return tuple(float(v) for v in sorted(values))
    return -abs(float(factor)), abs(float(factor))


def zoom_matrix(width_zoom, height_zoom, height, width):
    """Transforms that scale about the image centre (zoom > 1 shows more: zooms out)."""
    zx = np.asarray(width_zoom, np.float32).reshape(-1)
    zy = np.asarray(height_zoom, np.float32).reshape(-1)
    x_offset = (np.float32(width) - 1.0) / 2.0 * (1.0 - zx)
    y_offset = (np.float32(height) - 1.0) / 2.0 * (1.0 - zy)
    zeros = np.zeros_like(zx)
    return np.stack([zx, zeros, x_offset, zeros, zy, y_offset, zeros, zeros], axis=1
                    ).astype(np.float32)


class RandomZoom(BaseRandomLayer):
    """Zooms each image: ``height_factor=0.2`` draws a scale in [0.8, 1.2] (negative values
    zoom in, positive zoom out); ``width_factor=None`` keeps the aspect ratio.

    Args:
        height_factor, width_factor: a number or a ``(low, high)`` pair in (-1, 1].
        fill_mode, interpolation, seed, fill_value: as ``RandomRotation``.
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        check_warp_arguments(self, fill_mode, interpolation)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_range = zoom_range(height_factor, "height_factor")
        self.width_range = (None if width_factor is None
                            else zoom_range(width_factor, "width_factor"))
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, fill_value

    def transform(self, images, rng):
        low, high = self.height_range
        height_zoom = uniform(rng, 1.0 + low, 1.0 + high, len(images))
        width_zoom = height_zoom
        if self.width_range is not None:
            width_zoom = uniform(rng, 1.0 + self.width_range[0], 1.0 + self.width_range[1],
                                 len(images))
        return self.zoom(images, width_zoom, height_zoom)

    def zoom(self, images, width_zoom, height_zoom):
        """Applies given zoom factors: the deterministic part."""
        matrix = zoom_matrix(width_zoom, height_zoom, *images.shape[1:3])
        return affine_transform(images, matrix, self.interpolation, self.fill_mode,
                                self.fill_value)

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor, "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "fill_value": self.fill_value}
