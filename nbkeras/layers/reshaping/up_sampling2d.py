"""UpSampling2D: enlarge images by repeating (``nearest``) or interpolating (``bilinear``)."""

from nbkeras.layers.convolutional.base_conv import standardize_tuple
from nbkeras.layers.reshaping.base_spatial import SpatialLayer
from nbkeras.ops.nn.resize import UpSampleOp


class UpSampling2D(SpatialLayer):
    """Upsamples rows and columns by ``size`` factors.

    Args:
        size: int or (rows, cols) factors.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        interpolation: ``"nearest"`` or ``"bilinear"`` (half-pixel centres, as Keras).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.UpSampling2D(2)(np.ones((1, 3, 4, 2))).shape
        (1, 6, 8, 2)
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.size = standardize_tuple(size, 2, "size", f'UpSampling2D "{self.name}"')
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f'UpSampling2D "{self.name}": nbkeras implements interpolation '
                             f"'nearest' and 'bilinear'. Received: interpolation={interpolation!r}")
        self.interpolation = interpolation

    def transform(self, x):
        return UpSampleOp.apply(x, size=self.size, interpolation=self.interpolation)

    def new_size(self, size, axis):
        return size * self.size[axis]

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}
