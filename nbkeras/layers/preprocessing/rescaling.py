"""Rescaling: ``x * scale + offset`` (e.g. pixels 0-255 to 0-1)."""

import numpy as np

from nbkeras import ops
from nbkeras.layers.preprocessing.base_preprocessing import DataLayer


class Rescaling(DataLayer):
    """Multiplies the inputs by ``scale`` and adds ``offset``.

    Args:
        scale: a number (or one per channel).
        offset: a number (or one per channel).

    Example:
        >>> import numpy as np
        >>> Rescaling(1 / 255)(np.array([[0, 255]])).numpy()
        array([[0., 1.]], dtype=float32)
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        scale = np.asarray(self.scale, dtype=self.dtype)
        offset = np.asarray(self.offset, dtype=self.dtype)
        return ops.add(ops.multiply(ops.cast(inputs, self.dtype), scale), offset)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "scale": _plain(self.scale), "offset": _plain(self.offset)}


def _plain(value):
    """Numbers stay numbers; arrays become lists (JSON)."""
    return np.asarray(value).tolist() if isinstance(value, (np.ndarray, list, tuple)) else value
