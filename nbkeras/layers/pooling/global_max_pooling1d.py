"""GlobalMaxPooling1D: the max of each channel over all positions."""

from nbkeras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Global max pooling for 1-D inputs: one max per channel.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        keepdims: keep the spatial axes with size 1.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GlobalMaxPooling1D()(np.ones((2, 4, 3))).shape
        (2, 3)
    """

    rank = 1
    reduce = "max"
