"""keras.ops-style functions on Tensors (differentiable) and arrays.

Each function accepts Tensors, NumPy arrays or Python numbers, and returns
a Tensor. They are what custom losses, metrics and layers are written with.
"""

import numpy as np

from nbkeras.ops import math_ops
from nbkeras.ops.tensor import Tensor, as_tensor


def convert_to_tensor(x, dtype=None):
    """Wraps array-like data in a Tensor (no copy when possible)."""
    return as_tensor(x, dtype=dtype)


def convert_to_numpy(x):
    """Returns the values of a Tensor (or array-like) as a NumPy array."""
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def add(x1, x2):
    """Elementwise ``x1 + x2`` with broadcasting."""
    return math_ops.Add.apply(x1, x2)


def subtract(x1, x2):
    """Elementwise ``x1 - x2`` with broadcasting."""
    return math_ops.Subtract.apply(x1, x2)


def multiply(x1, x2):
    """Elementwise ``x1 * x2`` with broadcasting."""
    return math_ops.Multiply.apply(x1, x2)


def divide(x1, x2):
    """Elementwise ``x1 / x2`` with broadcasting."""
    return math_ops.Divide.apply(x1, x2)


def power(x1, x2):
    """Elementwise ``x1 ** x2``."""
    return math_ops.Power.apply(x1, x2)


def negative(x):
    return math_ops.Negative.apply(x)


def maximum(x1, x2):
    """Elementwise maximum (gradient goes to the larger input)."""
    return math_ops.Maximum.apply(x1, x2)


def minimum(x1, x2):
    """Elementwise minimum (gradient goes to the smaller input)."""
    return math_ops.Minimum.apply(x1, x2)


def abs(x):
    """Elementwise absolute value."""
    return math_ops.Abs.apply(x)


absolute = abs


def square(x):
    """Elementwise ``x * x``."""
    return math_ops.Square.apply(x)


def sqrt(x):
    """Elementwise square root."""
    return math_ops.Sqrt.apply(x)


def exp(x):
    """Elementwise exponential."""
    return math_ops.Exp.apply(x)


def log(x):
    """Elementwise natural logarithm."""
    return math_ops.Log.apply(x)


def clip(x, x_min, x_max):
    """Clips values to ``[x_min, x_max]`` (zero gradient outside)."""
    return math_ops.Clip.apply(x, low=convert_to_numpy(x_min), high=convert_to_numpy(x_max))


def sum(x, axis=None, keepdims=False):
    """Sum over ``axis`` (all axes when None)."""
    return math_ops.Sum.apply(x, axis=_axis(axis), keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    """Mean over ``axis`` (all axes when None)."""
    return math_ops.Mean.apply(x, axis=_axis(axis), keepdims=keepdims)


def matmul(x1, x2):
    """Matrix product (batched over leading axes, as ``np.matmul``)."""
    return math_ops.MatMul.apply(x1, x2)


def reshape(x, newshape):
    """Reshapes to ``newshape`` (one entry may be -1)."""
    return math_ops.Reshape.apply(x, shape=tuple(newshape))


def transpose(x, axes=None):
    """Permutes the axes (reverses them when ``axes`` is None)."""
    return math_ops.Transpose.apply(x, axes=None if axes is None else tuple(axes))


def concatenate(xs, axis=0):
    """Joins tensors along an existing axis."""
    return math_ops.Concatenate.apply(*xs, axis=axis)


def where(condition, x1, x2):
    """Picks ``x1`` where ``condition`` holds, else ``x2``."""
    return math_ops.Where.apply(condition, x1, x2)


def cast(x, dtype):
    """Converts to ``dtype`` (gradients flow between float types)."""
    return math_ops.Cast.apply(x, dtype=np.dtype(dtype))


def expand_dims(x, axis):
    x = as_tensor(x)
    return reshape(x, np.expand_dims(x.data, axis).shape)


def squeeze(x, axis=None):
    x = as_tensor(x)
    return reshape(x, np.squeeze(x.data, axis).shape)


def argmax(x, axis=-1):
    """Index of the largest value along ``axis`` (not differentiable)."""
    return Tensor(np.argmax(convert_to_numpy(x), axis=axis))


def argmin(x, axis=-1):
    return Tensor(np.argmin(convert_to_numpy(x), axis=axis))


def equal(x1, x2):
    return Tensor(np.equal(convert_to_numpy(x1), convert_to_numpy(x2)))


def not_equal(x1, x2):
    return Tensor(np.not_equal(convert_to_numpy(x1), convert_to_numpy(x2)))


def greater(x1, x2):
    return Tensor(np.greater(convert_to_numpy(x1), convert_to_numpy(x2)))


def less(x1, x2):
    return Tensor(np.less(convert_to_numpy(x1), convert_to_numpy(x2)))


def zeros(shape, dtype=None):
    return Tensor(np.zeros(shape), dtype=dtype)


def ones(shape, dtype=None):
    return Tensor(np.ones(shape), dtype=dtype)


def zeros_like(x, dtype=None):
    return Tensor(np.zeros_like(convert_to_numpy(x)), dtype=dtype)


def ones_like(x, dtype=None):
    return Tensor(np.ones_like(convert_to_numpy(x)), dtype=dtype)


def shape(x):
    return tuple(as_tensor(x).shape)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _install_operators():
    """Gives Tensor its arithmetic operators, all recorded on the tape."""
    swap = lambda fn: (lambda a, b: fn(b, a))  # noqa: E731
    Tensor.__add__, Tensor.__radd__ = add, swap(add)
    Tensor.__sub__, Tensor.__rsub__ = subtract, swap(subtract)
    Tensor.__mul__, Tensor.__rmul__ = multiply, swap(multiply)
    Tensor.__truediv__, Tensor.__rtruediv__ = divide, swap(divide)
    Tensor.__pow__, Tensor.__rpow__ = power, swap(power)
    Tensor.__matmul__, Tensor.__rmatmul__ = matmul, swap(matmul)
    Tensor.__neg__ = negative
    Tensor.__abs__ = abs
    Tensor.__getitem__ = lambda x, index: math_ops.GetItem.apply(x, index=index)
    Tensor.__lt__ = less
    Tensor.__gt__ = greater
    Tensor.T = property(lambda x: transpose(x))
    Tensor.reshape = lambda x, *shape: reshape(x, shape[0] if len(shape) == 1 else shape)


_install_operators()
