"""RandomTranslation: shift images up/down and left/right while training."""

import numpy as np

from nbkeras.layers.preprocessing.base_image_layer import (BaseRandomLayer, check_warp_arguments,
                                                           uniform)
from nbkeras.layers.preprocessing.random_zoom import zoom_range
from nbkeras.ops.image import affine_transform


def translation_matrix(dx, dy):
    """Transforms that move the content by ``(dx, dy)`` pixels (right and down positive)."""
    dx = np.asarray(dx, np.float32).reshape(-1)
    dy = np.asarray(dy, np.float32).reshape(-1)
    ones, zeros = np.ones_like(dx), np.zeros_like(dx)
    return np.stack([ones, zeros, -dx, zeros, ones, -dy, zeros, zeros], axis=1).astype(np.float32)


class RandomTranslation(BaseRandomLayer):
    """Shifts each image by a random fraction of its height and width.

    Args:
        height_factor: 0.2 shifts by up to 20% of the height, up or down; a pair
            ``(low, high)`` sets both ends (negative = up).
        width_factor: the same for left (negative) and right.
        fill_mode, interpolation, seed, fill_value: as ``RandomRotation``.
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        check_warp_arguments(self, fill_mode, interpolation)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_range = zoom_range(height_factor, "height_factor")
        self.width_range = zoom_range(width_factor, "width_factor")
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, fill_value

    def transform(self, images, rng):
        height, width = images.shape[1:3]
        dy = uniform(rng, *self.height_range, len(images)) * np.float32(height)
        dx = uniform(rng, *self.width_range, len(images)) * np.float32(width)
        return self.translate(images, dx, dy)

    def translate(self, images, dx, dy):
        """Applies given shifts in pixels: the deterministic part."""
        return affine_transform(images, translation_matrix(dx, dy), self.interpolation,
                                self.fill_mode, self.fill_value)

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor, "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "fill_value": self.fill_value}
