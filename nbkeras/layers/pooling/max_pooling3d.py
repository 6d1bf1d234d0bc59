"""MaxPooling3D: the largest value of each 3-D window."""

from nbkeras.layers.pooling.base_pooling import BasePooling
from nbkeras.ops.nn.pooling import MaxPoolOp


class MaxPooling3D(BasePooling):
    """3-D max pooling over volumes ``(batch, depth, height, width, channels)``.

    Args: those of ``MaxPooling2D``, with (depth, height, width) triples.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.MaxPooling3D()(np.ones((1, 8, 8, 8, 3))).shape
        (1, 4, 4, 4, 3)
    """

    rank = 3
    op = MaxPoolOp

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format,
                         name=name, **kwargs)
