"""GlobalMaxPooling3D and GlobalAveragePooling3D: one value per channel of a volume."""

from nbkeras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Global max pooling for volumes ``(batch, depth, height, width, channels)``.

    Args: ``data_format`` and ``keepdims``, as ``GlobalMaxPooling2D``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.GlobalMaxPooling3D()(np.ones((2, 3, 4, 4, 5))).shape
        (2, 5)
    """

    rank = 3
    reduce = "max"


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Global average pooling for volumes: one mean per channel (args as ``GlobalMaxPooling3D``)."""

    rank = 3
    reduce = "mean"
