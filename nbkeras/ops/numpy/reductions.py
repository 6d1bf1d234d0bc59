"""Reductions over axes: sum and mean, forward and backward."""

import numpy as np

from nbkeras.ops.op import Op


class Sum(Op):
    def forward(self, x, axis=None, keepdims=False):
        self.shape, self.axis, self.keepdims = x.shape, axis, keepdims
        return np.asarray(np.sum(x, axis=axis, keepdims=keepdims), dtype=x.dtype)

    def backward(self, dy):
        if self.axis is not None and not self.keepdims:
            dy = np.expand_dims(dy, _positive_axes(self.axis, len(self.shape)))
        return (_spread(dy, self.shape),)


def sum(x, axis=None, keepdims=False):
    """Sum over ``axis`` (all axes when None)."""
    return Sum.apply(x, axis=_axis(axis), keepdims=keepdims)


class Mean(Op):
    def forward(self, x, axis=None, keepdims=False):
        self.shape, self.axis, self.keepdims = x.shape, axis, keepdims
        self.count = x.size if axis is None else int(np.prod([x.shape[a] for a in _positive_axes(axis, x.ndim)]))
        if axis is None and not keepdims and x.size and x.dtype in _SUMMED_IN_OWN_TYPE:
            # What np.mean does for these, without its Python wrapper (3 of the 5 us it took
            # for a batch's 32 losses, the loss of every compiled model): the sum in the
            # array's type, divided by the count in float64, rounded back to that type.
            total = np.add.reduce(x, axis=None)
            return np.asarray(total.dtype.type(total / np.intp(x.size)))
        return np.asarray(np.mean(x, axis=axis, keepdims=keepdims), dtype=x.dtype)

    def backward(self, dy):
        if self.axis is not None and not self.keepdims:
            dy = np.expand_dims(dy, _positive_axes(self.axis, len(self.shape)))
        return (_spread(dy / dy.dtype.type(self.count), self.shape),)


def mean(x, axis=None, keepdims=False):
    """Mean over ``axis`` (all axes when None)."""
    return Mean.apply(x, axis=_axis(axis), keepdims=keepdims)


# np.mean sums float32 and float64 in their own type (float16 in float32).
_SUMMED_IN_OWN_TYPE = (np.dtype(np.float32), np.dtype(np.float64))


def _spread(dy, shape):
    """``dy`` broadcast to ``shape``, as a new array (np.broadcast_to + copy: 3x slower on a scalar)."""
    grad = np.empty(shape, dy.dtype)
    grad[...] = dy
    return grad


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _positive_axes(axis, ndim):
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(sorted(a % ndim for a in axes))
