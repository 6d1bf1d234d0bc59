"""Tensor's Python operators (``a + b``, ``x[0]``, ``w.T``), each recorded on the tape.

``Tensor`` sits below ``Op`` (an op wraps its outputs in Tensors), so the
operators, which run ops, cannot be written in ``tensor.py`` without an import
circle. They are attached here, once, when ``nbkeras.ops`` is imported.
"""

from nbkeras.ops.numpy.arithmetic import (
    abs,
    add,
    divide,
    multiply,
    negative,
    power,
    subtract,
)
from nbkeras.ops.numpy.comparison import greater, less
from nbkeras.ops.numpy.products import matmul
from nbkeras.ops.numpy.shaping import get_item, reshape, transpose
from nbkeras.ops.tensor import Tensor


def _swapped(function):
    def reflected(a, b):
        return function(b, a)
    return reflected


def attach_operators():
    """Gives Tensor its arithmetic operators, indexing, ``.T`` and ``.reshape``."""
    Tensor.__add__, Tensor.__radd__ = add, _swapped(add)
    Tensor.__sub__, Tensor.__rsub__ = subtract, _swapped(subtract)
    Tensor.__mul__, Tensor.__rmul__ = multiply, _swapped(multiply)
    Tensor.__truediv__, Tensor.__rtruediv__ = divide, _swapped(divide)
    Tensor.__pow__, Tensor.__rpow__ = power, _swapped(power)
    Tensor.__matmul__, Tensor.__rmatmul__ = matmul, _swapped(matmul)
    Tensor.__neg__ = negative
    Tensor.__abs__ = abs
    Tensor.__getitem__ = get_item
    Tensor.__lt__ = less
    Tensor.__gt__ = greater
    Tensor.T = property(transpose)
    Tensor.reshape = lambda x, *shape: reshape(x, shape[0] if len(shape) == 1 else shape)
