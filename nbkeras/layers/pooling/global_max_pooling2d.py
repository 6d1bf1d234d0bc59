"""GlobalMaxPooling2D: the max of each channel over all positions."""

from nbkeras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Global max pooling for 2-D inputs: one max per channel.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        keepdims: keep the spatial axes with size 1.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GlobalMaxPooling2D()(np.ones((2, 4, 4, 3))).shape
        (2, 3)
    """

    rank = 2
    reduce = "max"
