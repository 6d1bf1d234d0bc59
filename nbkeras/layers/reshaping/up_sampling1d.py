"""UpSampling1D: repeat each time step ``size`` times."""

from nbkeras.layers.reshaping.base_spatial import SpatialLayer
from nbkeras.ops.nn.resize import UpSampleOp


class UpSampling1D(SpatialLayer):
    """Repeats each step of ``(batch, steps, features)`` ``size`` times along the time axis.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.UpSampling1D(2)(np.ones((1, 3, 2))).shape
        (1, 6, 2)
    """

    rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)

    def transform(self, x):
        return UpSampleOp.apply(x, size=(self.size,), interpolation="nearest")

    def new_size(self, size, axis):
        return size * self.size

    def get_config(self):
        config = super().get_config()
        return {**config, "size": self.size}
