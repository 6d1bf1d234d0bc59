"""Conversions between Tensors and NumPy arrays, and shapes."""

import numpy as np

from nbkeras.ops.tensor import Tensor, as_tensor


def convert_to_tensor(x, dtype=None):
    """Wraps array-like data in a Tensor (no copy when possible).

    As in Keras, Python integers (``[1, 2]``) become int32; NumPy arrays keep their dtype.
    """
    if dtype is None and isinstance(x, (list, tuple, int)) and not isinstance(x, bool):
        if np.asarray(x).dtype == np.int64:
            dtype = "int32"
    return as_tensor(x, dtype=dtype)


def convert_to_numpy(x):
    """Returns the values of a Tensor (or array-like) as a NumPy array."""
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def shape(x):
    return tuple(as_tensor(x).shape)
