"""AveragePooling2D: the mean (cells in the padding are not counted) of each window."""

from nbkeras.layers.pooling.base_pooling import BasePooling
from nbkeras.ops.nn.pooling import AvgPoolOp


class AveragePooling2D(BasePooling):
    """2-D average pooling: each window of ``pool_size`` becomes the mean (cells in the padding are not counted).

    Args:
        pool_size: int or tuple, the window.
        strides: int or tuple, the step (None: the window size).
        padding: ``"valid"`` or ``"same"`` (output = ceil(input / stride)).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.AveragePooling2D(2)(np.ones((1, 28, 28, 3))).shape
        (1, 14, 14, 3)
    """

    rank = 2
    op = AvgPoolOp

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format,
                         name=name, **kwargs)
