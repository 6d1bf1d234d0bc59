"""Tensors filled with constants."""

import numpy as np

from nbkeras.ops.core import convert_to_numpy
from nbkeras.ops.tensor import Tensor


def zeros(shape, dtype=None):
    return Tensor(np.zeros(shape), dtype=dtype)


def ones(shape, dtype=None):
    return Tensor(np.ones(shape), dtype=dtype)


def zeros_like(x, dtype=None):
    return Tensor(np.zeros_like(convert_to_numpy(x)), dtype=dtype)


def ones_like(x, dtype=None):
    return Tensor(np.ones_like(convert_to_numpy(x)), dtype=dtype)
