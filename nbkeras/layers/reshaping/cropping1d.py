"""Cropping1D: remove rows/columns at the borders of the input."""

from nbkeras.layers.reshaping.base_spatial import SpatialLayer, pairs


class Cropping1D(SpatialLayer):
    """Removes ``cropping`` cells before and after each spatial axis.

    Args:
        cropping: int, or (before, after).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.Cropping1D(1)(np.ones((1, 5, 2))).shape
        (1, 3, 2)
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = pairs(cropping, 1, "cropping", f'Cropping1D "{self.name}"')

    def transform(self, x):
        index = (slice(None),) + tuple(slice(before, x.shape[axis + 1] - after)
                                       for axis, (before, after) in enumerate(self.cropping))
        return x[index]

    def new_size(self, size, axis):
        return size - sum(self.cropping[axis])

    def get_config(self):
        config = super().get_config()
        return {**config, "cropping": self.cropping[0]}
