"""AveragePooling3D: the mean (cells in the padding are not counted) of each 3-D window."""

from nbkeras.layers.pooling.base_pooling import BasePooling
from nbkeras.ops.nn.pooling import AvgPoolOp


class AveragePooling3D(BasePooling):
    """3-D average pooling over volumes ``(batch, depth, height, width, channels)``.

    Args: those of ``AveragePooling2D``, with (depth, height, width) triples.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.AveragePooling3D(2)(np.ones((1, 8, 8, 8, 3))).shape
        (1, 4, 4, 4, 3)
    """

    rank = 3
    op = AvgPoolOp

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format,
                         name=name, **kwargs)
