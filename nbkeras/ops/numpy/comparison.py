"""Comparisons and arg-reductions: not differentiable, so plain NumPy wrapped in Tensors."""

import numpy as np

from nbkeras.ops.core import convert_to_numpy
from nbkeras.ops.tensor import Tensor


def argmax(x, axis=None, keepdims=False):
    """Index (int32) of the largest value along ``axis`` (of the flattened ``x`` when None), as Keras."""
    return Tensor(np.argmax(convert_to_numpy(x), axis=axis, keepdims=keepdims), dtype="int32")


def argmin(x, axis=None, keepdims=False):
    """Index (int32) of the smallest value along ``axis`` (of the flattened ``x`` when None)."""
    return Tensor(np.argmin(convert_to_numpy(x), axis=axis, keepdims=keepdims), dtype="int32")


def equal(x1, x2):
    return Tensor(np.equal(convert_to_numpy(x1), convert_to_numpy(x2)))


def not_equal(x1, x2):
    return Tensor(np.not_equal(convert_to_numpy(x1), convert_to_numpy(x2)))


def greater(x1, x2):
    return Tensor(np.greater(convert_to_numpy(x1), convert_to_numpy(x2)))


def less(x1, x2):
    return Tensor(np.less(convert_to_numpy(x1), convert_to_numpy(x2)))
