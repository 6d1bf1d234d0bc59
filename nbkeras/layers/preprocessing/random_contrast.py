"""RandomContrast: random contrast changes while training."""

import numpy as np

from nbkeras.layers.preprocessing.base_image_layer import BaseRandomLayer, factor_range, uniform


def adjust_contrast(images, factors, value_range):
    """``(x - mean) * factor + mean`` per image and channel, clipped to ``value_range``."""
    mean = images.mean(axis=1, keepdims=True).mean(axis=2, keepdims=True)
    factors = np.asarray(factors, images.dtype).reshape(-1, 1, 1, 1)
    return np.clip((images - mean) * factors + mean, value_range[0], value_range[1])


class RandomContrast(BaseRandomLayer):
    """Scales each image's contrast by a factor drawn from ``[1 - lower, 1 + upper]``.

    Keras parses ``factor`` with bounds [0, 1]: a number ``f`` becomes ``(0, f)``
    (so contrast only grows), a pair ``(a, b)`` gives ``[1 - a, 1 + b]``.

    Args:
        factor: a number or a pair in [0, 1].
        value_range: the range of pixel values, for clipping (default ``(0, 255)``).
        seed: optional int for a repeatable generator.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.factor = factor_range(factor, bounds=(0, 1))
        self.value_range = tuple(value_range)

    def transform(self, images, rng):
        factors = uniform(rng, 1.0 - self.factor[0], 1.0 + self.factor[1], len(images))
        return adjust_contrast(images, factors, self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": list(self.factor),
                "value_range": list(self.value_range)}
