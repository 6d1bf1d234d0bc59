"""Reshape: gives each sample a new shape (the batch axis is kept)."""

import numpy as np

from nbkeras import ops
from nbkeras.layers.layer import Layer


class Reshape(Layer):
    """Reshapes each sample to ``target_shape`` (one entry may be -1).

    Args:
        target_shape: the new shape without the batch axis, e.g. ``(3, 4)``.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Reshape((3, 4))(keras.Input(shape=(12,))).shape
        (None, 3, 4)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = (target_shape,) if isinstance(target_shape, int) else tuple(target_shape)
        if sum(1 for d in target_shape if d == -1) > 1:
            raise ValueError(f"Reshape '{self.name}': there can be at most one -1 in "
                             f"target_shape. Received: target_shape={target_shape}")
        self.target_shape = target_shape
        self.built = True

    def compute_output_shape(self, input_shape):
        sizes = input_shape[1:]
        known_in = None if any(d is None for d in sizes) else int(np.prod(sizes))
        known_out = int(np.prod([d for d in self.target_shape if d != -1]))
        if -1 in self.target_shape:
            if known_in is None:
                fill = None
            elif known_out == 0 or known_in % known_out:
                self._size_error(input_shape)
            else:
                fill = known_in // known_out
            shape = tuple(fill if d == -1 else d for d in self.target_shape)
        else:
            if known_in is not None and known_in != known_out:
                self._size_error(input_shape)
            shape = self.target_shape
        return (input_shape[0],) + shape

    def _size_error(self, input_shape):
        raise ValueError(
            f"Reshape '{self.name}': the input of shape {tuple(input_shape)} has "
            f"{int(np.prod(input_shape[1:]))} values per sample, which cannot be reshaped to "
            f"target_shape={self.target_shape}. The total size must stay the same.")

    def call(self, inputs):
        self.compute_output_shape(tuple(inputs.shape))  # a clear error, not NumPy's
        return ops.reshape(inputs, (inputs.shape[0],) + self.target_shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}
