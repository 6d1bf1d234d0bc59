"""Statistics over axes: max, min, prod, cumsum, var, std, logsumexp.

``max``/``min`` send the gradient to the extreme entries, split evenly
between ties (as JAX and PyTorch do). ``prod``'s gradient is the product of
the other entries, computed without dividing (so zeros are fine).
"""

import numpy as np

from nbkeras.ops.numpy.arithmetic import add, exp, log, sqrt, square, subtract
from nbkeras.ops.numpy.reductions import mean, sum
from nbkeras.ops.numpy.shaping import reshape
from nbkeras.ops.op import Op
from nbkeras.ops.tensor import Tensor, as_tensor


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(sorted(a % ndim for a in axes))


class Extreme(Op):
    """max or min over axes; ``reduce`` is np.max or np.min."""

    reduce = None

    def forward(self, x, axis=None, keepdims=False, initial=None):
        self.x, self.axes, self.keepdims = x, _axes(axis, x.ndim), keepdims
        kwargs = {} if initial is None else {"initial": initial}
        self.kept = type(self).reduce(x, axis=self.axes, keepdims=True, **kwargs)
        return self.kept if keepdims else np.squeeze(self.kept, axis=self.axes)

    def backward(self, dy):
        if not self.keepdims:
            dy = np.expand_dims(dy, self.axes)
        winners = self.x == self.kept
        count = winners.sum(axis=self.axes, keepdims=True)
        return ((winners * (dy / np.maximum(count, 1))).astype(self.x.dtype),)


class Max(Extreme):
    reduce = staticmethod(np.max)


class Min(Extreme):
    reduce = staticmethod(np.min)


def max(x, axis=None, keepdims=False, initial=None):
    """The largest value over ``axis`` (all axes when None).

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.max(keras.ops.convert_to_tensor([[1.0, 4.0], [3.0, 2.0]]), axis=0).numpy().tolist()
        [3.0, 4.0]
    """
    return Max.apply(x, axis=axis, keepdims=keepdims, initial=initial)


def min(x, axis=None, keepdims=False, initial=None):
    """The smallest value over ``axis`` (all axes when None)."""
    return Min.apply(x, axis=axis, keepdims=keepdims, initial=initial)


class Prod(Op):
    def forward(self, x, axis=None, keepdims=False):
        self.shape, self.axes, self.keepdims = x.shape, _axes(axis, x.ndim), keepdims
        rest = tuple(i for i in range(x.ndim) if i not in self.axes)
        self.order = rest + self.axes
        moved = np.transpose(x, self.order)
        self.flat = moved.reshape(moved.shape[:len(rest)] + (-1,))
        return np.asarray(np.prod(x, axis=self.axes, keepdims=keepdims), dtype=x.dtype)

    def backward(self, dy):
        ones = np.ones_like(self.flat[..., :1])
        before = np.cumprod(np.concatenate([ones, self.flat[..., :-1]], axis=-1), axis=-1)
        after = np.cumprod(np.concatenate([ones, self.flat[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        if self.keepdims:
            dy = np.squeeze(dy, axis=self.axes)
        others = before * after * dy[..., None]
        moved_shape = tuple(self.shape[i] for i in self.order)
        return (np.transpose(others.reshape(moved_shape), np.argsort(self.order)),)


def prod(x, axis=None, keepdims=False, dtype=None):
    """The product over ``axis`` (all axes when None).

    Example:
        >>> import nbkeras as keras
        >>> float(keras.ops.prod(keras.ops.convert_to_tensor([2.0, 3.0, 4.0])))
        24.0
    """
    result = Prod.apply(x, axis=axis, keepdims=keepdims)
    return result if dtype is None else Tensor(result.data, dtype=dtype)


class Cumsum(Op):
    def forward(self, x, axis=None):
        self.shape, self.axis = x.shape, axis
        return np.cumsum(x, axis=axis).astype(x.dtype, copy=False)

    def backward(self, dy):
        axis = 0 if self.axis is None else self.axis
        reverse = np.flip(np.cumsum(np.flip(dy, axis=axis), axis=axis), axis=axis)
        return (reverse.reshape(self.shape),)


def cumsum(x, axis=None, dtype=None):
    """Running sums along ``axis`` (the flattened ``x`` when None).

    Example:
        >>> import nbkeras as keras
        >>> keras.ops.cumsum(keras.ops.convert_to_tensor([1.0, 2.0, 3.0])).numpy().tolist()
        [1.0, 3.0, 6.0]
    """
    result = Cumsum.apply(x, axis=axis)
    return result if dtype is None else Tensor(result.data, dtype=dtype)


def var(x, axis=None, keepdims=False):
    """The (biased) variance ``mean((x - mean(x))**2)`` over ``axis``.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.ops.var(keras.ops.convert_to_tensor([1.0, 3.0])))
        1.0
    """
    x = as_tensor(x)
    centered = subtract(x, mean(x, axis=axis, keepdims=True))
    return mean(square(centered), axis=axis, keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    """The standard deviation ``sqrt(var(x))`` over ``axis``.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.ops.std(keras.ops.convert_to_tensor([1.0, 3.0])))
        1.0
    """
    return sqrt(var(x, axis=axis, keepdims=keepdims))


def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x)))`` over ``axis``, computed without overflow (shifted by the max).

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.ops.logsumexp(keras.ops.convert_to_tensor([1000.0, 1000.0]))), 2)
        1000.69
    """
    x = as_tensor(x)
    peak = np.max(x.data, axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0).astype(x.data.dtype)
    total = log(sum(exp(subtract(x, peak)), axis=axis, keepdims=True))
    result = add(total, peak)
    if not keepdims:
        kept = np.squeeze(result.data, axis=_axes(axis, x.ndim))
        result = reshape(result, kept.shape)
    return result
