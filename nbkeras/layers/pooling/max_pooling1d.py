"""MaxPooling1D: the largest value of each window."""

from nbkeras.layers.pooling.base_pooling import BasePooling
from nbkeras.ops.nn.pooling import MaxPoolOp


class MaxPooling1D(BasePooling):
    """1-D max pooling: each window of ``pool_size`` becomes the largest value.

    Args:
        pool_size: int or tuple, the window.
        strides: int or tuple, the step (None: the window size).
        padding: ``"valid"`` or ``"same"`` (output = ceil(input / stride)).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.MaxPooling1D(2)(np.ones((1, 10, 3))).shape
        (1, 5, 3)
    """

    rank = 1
    op = MaxPoolOp

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format,
                         name=name, **kwargs)
