"""GlobalAveragePooling2D: the mean of each channel over all positions."""

from nbkeras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Global average pooling for 2-D inputs: one mean per channel.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        keepdims: keep the spatial axes with size 1.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GlobalAveragePooling2D()(np.ones((2, 4, 4, 3))).shape
        (2, 3)
    """

    rank = 2
    reduce = "mean"
