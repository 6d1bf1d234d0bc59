"""RandomBrightness: random brightness changes while training."""

import numpy as np

from nbkeras.layers.preprocessing.base_image_layer import BaseRandomLayer, factor_range, uniform


def adjust_brightness(images, deltas, value_range):
    """Adds ``delta`` to every pixel of each image, clipped to ``value_range``."""
    deltas = np.asarray(deltas, images.dtype).reshape(-1, 1, 1, 1)
    return np.clip(images + deltas, value_range[0], value_range[1])


class RandomBrightness(BaseRandomLayer):
    """Adds ``factor * (value_range[1] - value_range[0])`` to each image (one draw per image).

    Args:
        factor: a number in [-1, 1] (range ``(-f, f)``) or a pair.
        value_range: the range of pixel values (default ``(0, 255)``).
        seed: optional int for a repeatable generator.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.factor = factor_range(factor)
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError("The `value_range` argument should be a list of two numbers. "
                             f"Received: value_range={value_range}")
        self.value_range = tuple(sorted(value_range))

    def transform(self, images, rng):
        span = self.value_range[1] - self.value_range[0]
        deltas = uniform(rng, self.factor[0], self.factor[1], len(images)) * np.float32(span)
        return adjust_brightness(images, deltas, self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": list(self.factor),
                "value_range": list(self.value_range)}
