"""Masking: marks the time steps whose features all equal ``mask_value`` as padding."""

import numpy as np

from nbkeras.layers.layer import Layer
from nbkeras import ops
from nbkeras.ops.tensor import Tensor


class Masking(Layer):
    """Masks a sequence by using a mask value to skip timesteps.

    A step of a ``(batch, time, features)`` input is masked when every feature
    equals ``mask_value``; the layer zeroes those steps and passes the mask
    ``(batch, time)`` on, so recurrent layers carry their state over them.

    Args:
        mask_value: the padding value (default 0.0).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> x = np.array([[[1.0], [0.0], [2.0]]], "float32")
        >>> keras.layers.Masking()(x)._keras_mask
        array([[ True, False,  True]])
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        data = inputs.data if isinstance(inputs, Tensor) else np.asarray(inputs)
        return np.any(data != self.mask_value, axis=-1)

    def call(self, inputs):
        keep = self.compute_mask(inputs)[..., None]
        return ops.multiply(inputs, keep.astype(inputs.data.dtype))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
