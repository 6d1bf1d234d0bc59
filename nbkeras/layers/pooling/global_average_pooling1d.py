"""GlobalAveragePooling1D: the mean of each channel over all positions."""

from nbkeras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling for 1-D inputs: one mean per channel.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        keepdims: keep the spatial axes with size 1.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GlobalAveragePooling1D()(np.ones((2, 4, 3))).shape
        (2, 3)
    """

    rank = 1
    reduce = "mean"
