"""RandomRotation: rotate images by a random angle while training."""

import math

import numpy as np

from nbkeras.layers.preprocessing.base_image_layer import (BaseRandomLayer, check_warp_arguments,
                                                           factor_range, uniform)
from nbkeras.ops.image import affine_transform


def rotation_matrix(angles, height, width):
    """Keras's rotation about the image centre; ``angles`` in degrees, positive = clockwise
    on screen. Returns ``(batch, 8)`` transforms for ``affine_transform``."""
    theta = np.asarray(angles, dtype=np.float32) * np.float32(math.pi / 180.0)
    cx, cy = np.float32(0.5 * (width - 1)), np.float32(0.5 * (height - 1))
    cos, sin = np.cos(theta), np.sin(theta)
    a0, a1, b0, b1 = cos, -sin, sin, cos
    a2 = cx - cx * a0 - cy * a1
    b2 = cy - cx * b0 - cy * b1
    zeros = np.zeros_like(theta)
    return np.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1).astype(np.float32)


class RandomRotation(BaseRandomLayer):
    """Rotates each image by an angle drawn from ``factor * 360`` degrees.

    Args:
        factor: a fraction of a full turn: 0.1 means a random angle in [-36, 36] degrees;
            a pair ``(low, high)`` sets both ends.
        fill_mode: how to fill the corners: ``"reflect"``, ``"wrap"``, ``"constant"`` or
            ``"nearest"``.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        seed: optional int for a repeatable generator.
        fill_value: the fill for ``fill_mode="constant"``.
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        check_warp_arguments(self, fill_mode, interpolation)
        self.factor = factor_range(factor)
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, fill_value

    def transform(self, images, rng):
        angles = uniform(rng, self.factor[0] * 360.0, self.factor[1] * 360.0, len(images))
        return self.rotate(images, angles)

    def rotate(self, images, angles):
        """Rotates ``images`` by the given angles (degrees): the deterministic part."""
        matrix = rotation_matrix(angles, *images.shape[1:3])
        return affine_transform(images, matrix, self.interpolation, self.fill_mode,
                                self.fill_value)

    def get_config(self):
        return {**super().get_config(), "factor": list(self.factor), "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "interpolation": self.interpolation}
