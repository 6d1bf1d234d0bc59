"""Cropping2D: remove rows/columns at the borders of the input."""

from nbkeras.layers.reshaping.base_spatial import SpatialLayer, pairs


class Cropping2D(SpatialLayer):
    """Removes ``cropping`` cells before and after each spatial axis.

    Args:
        cropping: int, (rows, cols), or ((top, bottom), (left, right)).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.Cropping2D(1)(np.ones((1, 5, 5, 2))).shape
        (1, 3, 3, 2)
    """

    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.cropping = pairs(cropping, 2, "cropping", f'Cropping2D "{self.name}"')

    def transform(self, x):
        index = (slice(None),) + tuple(slice(before, x.shape[axis + 1] - after)
                                       for axis, (before, after) in enumerate(self.cropping))
        return x[index]

    def new_size(self, size, axis):
        return size - sum(self.cropping[axis])

    def get_config(self):
        config = super().get_config()
        return {**config, "cropping": self.cropping, "data_format": self.data_format}
