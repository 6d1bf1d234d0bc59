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
        return (np.broadcast_to(dy, self.shape).copy(),)


def sum(x, axis=None, keepdims=False):
    """Sum over ``axis`` (all axes when None)."""
    return Sum.apply(x, axis=_axis(axis), keepdims=keepdims)


class Mean(Op):
    def forward(self, x, axis=None, keepdims=False):
        self.shape, self.axis, self.keepdims = x.shape, axis, keepdims
        self.count = x.size if axis is None else int(np.prod([x.shape[a] for a in _positive_axes(axis, x.ndim)]))
        return np.asarray(np.mean(x, axis=axis, keepdims=keepdims), dtype=x.dtype)

    def backward(self, dy):
        if self.axis is not None and not self.keepdims:
            dy = np.expand_dims(dy, _positive_axes(self.axis, len(self.shape)))
        return (np.broadcast_to(dy / dy.dtype.type(self.count), self.shape).copy(),)


def mean(x, axis=None, keepdims=False):
    """Mean over ``axis`` (all axes when None)."""
    return Mean.apply(x, axis=_axis(axis), keepdims=keepdims)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _positive_axes(axis, ndim):
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(sorted(a % ndim for a in axes))
