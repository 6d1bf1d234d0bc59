"""ZeroPadding1D: add rows/columns of zeros around the input."""

from nbkeras.layers.reshaping.base_spatial import SpatialLayer, pairs
from nbkeras.ops.nn.resize import ZeroPadOp


class ZeroPadding1D(SpatialLayer):
    """Adds zeros before and after each spatial axis.

    Args:
        padding: int, or (before, after).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.ZeroPadding1D(1)(np.ones((1, 3, 2))).shape
        (1, 5, 2)
    """

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.padding = pairs(padding, 1, "padding", f'ZeroPadding1D "{self.name}"')

    def transform(self, x):
        return ZeroPadOp.apply(x, pads=self.padding)

    def new_size(self, size, axis):
        return size + sum(self.padding[axis])

    def get_config(self):
        config = super().get_config()
        return {**config, "padding": self.padding[0], "data_format": self.data_format}
