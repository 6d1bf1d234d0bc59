"""Conversions between Tensors and NumPy arrays, and shapes."""

import numpy as np

from nbkeras.ops.tensor import Tensor, as_tensor


def convert_to_tensor(x, dtype=None):
    """Wraps array-like data in a Tensor (no copy when possible)."""
    return as_tensor(x, dtype=dtype)


def convert_to_numpy(x):
    """Returns the values of a Tensor (or array-like) as a NumPy array."""
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def shape(x):
    return tuple(as_tensor(x).shape)
