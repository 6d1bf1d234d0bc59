"""Elementwise and reduction ops for custom losses, metrics and layers.

Each class pairs a NumPy forward with its backward. These are the generic
ops; layers use fused ops (``nn_ops``) where speed matters.
"""

import numpy as np

from nbkeras.ops import fixed_order
from nbkeras.ops.op import Op, same_dtype, unbroadcast


class Add(Op):
    def forward(self, a, b):
        self.shapes = (a.shape, b.shape)
        return np.add(a, b)

    def backward(self, dy):
        return unbroadcast(dy, self.shapes[0]), unbroadcast(dy, self.shapes[1])


class Subtract(Op):
    def forward(self, a, b):
        self.shapes = (a.shape, b.shape)
        return np.subtract(a, b)

    def backward(self, dy):
        return unbroadcast(dy, self.shapes[0]), unbroadcast(-dy, self.shapes[1])


class Multiply(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return np.multiply(a, b)

    def backward(self, dy):
        da = unbroadcast(dy * self.b, self.a.shape) if self.needs_input_grad[0] else None
        db = unbroadcast(dy * self.a, self.b.shape) if self.needs_input_grad[1] else None
        return da, db


class Divide(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return np.divide(a, b)

    def backward(self, dy):
        da = unbroadcast(dy / self.b, self.a.shape) if self.needs_input_grad[0] else None
        db = (
            unbroadcast(-dy * self.a / (self.b * self.b), self.b.shape)
            if self.needs_input_grad[1]
            else None
        )
        return da, db


class Power(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        self.y = np.power(a, b)
        return self.y

    def backward(self, dy):
        da = db = None
        if self.needs_input_grad[0]:
            da = unbroadcast(dy * self.b * np.power(self.a, self.b - 1), self.a.shape)
        if self.needs_input_grad[1]:
            with np.errstate(divide="ignore", invalid="ignore"):
                log_a = np.where(self.a > 0, np.log(np.where(self.a > 0, self.a, 1)), 0)
            db = unbroadcast(dy * self.y * log_a, self.b.shape)
        return da, db


class Maximum(Op):
    """Elementwise maximum; ties send the gradient to the first argument."""

    def forward(self, a, b):
        self.a_wins = a >= b
        self.shapes = (a.shape, b.shape)
        return np.maximum(a, b)

    def backward(self, dy):
        return (
            unbroadcast(dy * self.a_wins, self.shapes[0]),
            unbroadcast(dy * ~self.a_wins, self.shapes[1]),
        )


class Minimum(Op):
    """Elementwise minimum; ties send the gradient to the first argument."""

    def forward(self, a, b):
        self.a_wins = a <= b
        self.shapes = (a.shape, b.shape)
        return np.minimum(a, b)

    def backward(self, dy):
        return (
            unbroadcast(dy * self.a_wins, self.shapes[0]),
            unbroadcast(dy * ~self.a_wins, self.shapes[1]),
        )


class Negative(Op):
    def forward(self, x):
        return np.negative(x)

    def backward(self, dy):
        return (-dy,)


class Abs(Op):
    def forward(self, x):
        self.sign = np.sign(x)
        return np.abs(x)

    def backward(self, dy):
        return (dy * self.sign,)


class Square(Op):
    def forward(self, x):
        self.x = x
        return np.square(x)

    def backward(self, dy):
        return (2 * dy * self.x,)


class Sqrt(Op):
    def forward(self, x):
        self.y = np.sqrt(x)
        return self.y

    def backward(self, dy):
        return (dy / (2 * self.y),)


class Exp(Op):
    def forward(self, x):
        self.y = np.exp(x)
        return self.y

    def backward(self, dy):
        return (dy * self.y,)


class Log(Op):
    def forward(self, x):
        self.x = x
        return np.log(x)

    def backward(self, dy):
        return (dy / self.x,)


class Clip(Op):
    """Clips to [low, high]; the gradient is zero where clipping happened."""

    def forward(self, x, low, high):
        self.inside = (x >= low) & (x <= high)
        return np.clip(x, low, high).astype(x.dtype, copy=False)

    def backward(self, dy):
        return (dy * self.inside,)


class Sum(Op):
    def forward(self, x, axis=None, keepdims=False):
        self.shape, self.axis, self.keepdims = x.shape, axis, keepdims
        return np.asarray(np.sum(x, axis=axis, keepdims=keepdims), dtype=x.dtype)

    def backward(self, dy):
        if self.axis is not None and not self.keepdims:
            dy = np.expand_dims(dy, _positive_axes(self.axis, len(self.shape)))
        return (np.broadcast_to(dy, self.shape).copy(),)


class Mean(Op):
    def forward(self, x, axis=None, keepdims=False):
        self.shape, self.axis, self.keepdims = x.shape, axis, keepdims
        self.count = x.size if axis is None else int(np.prod([x.shape[a] for a in _positive_axes(axis, x.ndim)]))
        return np.asarray(np.mean(x, axis=axis, keepdims=keepdims), dtype=x.dtype)

    def backward(self, dy):
        if self.axis is not None and not self.keepdims:
            dy = np.expand_dims(dy, _positive_axes(self.axis, len(self.shape)))
        return (np.broadcast_to(dy / dy.dtype.type(self.count), self.shape).copy(),)


class MatMul(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return fixed_order.matmul(a, b)  # same numbers whatever the BLAS thread count

    def backward(self, dy):
        a, b = self.a, self.b
        da = db = None
        if self.needs_input_grad[0]:
            da = fixed_order.matmul(dy, np.swapaxes(b, -1, -2)) if b.ndim > 1 \
                else np.multiply.outer(dy, b)
            da = unbroadcast(da, a.shape)
        if self.needs_input_grad[1]:
            if a.ndim == 1:
                db = np.multiply.outer(a, dy)
            else:
                db = unbroadcast(fixed_order.matmul(np.swapaxes(a, -1, -2), dy), b.shape)
        return da, db


class Reshape(Op):
    def forward(self, x, shape):
        self.shape = x.shape
        return x.reshape(shape)

    def backward(self, dy):
        return (dy.reshape(self.shape),)


class Transpose(Op):
    def forward(self, x, axes=None):
        self.axes = axes
        return np.ascontiguousarray(np.transpose(x, axes))

    def backward(self, dy):
        inverse = None if self.axes is None else np.argsort(self.axes)
        return (np.ascontiguousarray(np.transpose(dy, inverse)),)


class GetItem(Op):
    def forward(self, x, index):
        self.shape, self.dtype, self.index = x.shape, x.dtype, index
        return x[index]

    def backward(self, dy):
        dx = np.zeros(self.shape, dtype=self.dtype)
        np.add.at(dx, self.index, dy)
        return (dx,)


class Concatenate(Op):
    def forward(self, *arrays, axis=-1):
        self.sizes = [a.shape[axis] for a in arrays]
        self.axis = axis
        return np.concatenate(arrays, axis=axis)

    def backward(self, dy):
        splits = np.cumsum(self.sizes)[:-1]
        return tuple(np.split(dy, splits, axis=self.axis))


class Where(Op):
    def forward(self, condition, a, b):
        self.condition = condition.astype(bool)
        self.shapes = (a.shape, b.shape)
        return np.where(self.condition, a, b)

    def backward(self, dy):
        return (
            None,
            unbroadcast(np.where(self.condition, dy, 0).astype(dy.dtype), self.shapes[0]),
            unbroadcast(np.where(self.condition, 0, dy).astype(dy.dtype), self.shapes[1]),
        )


class Cast(Op):
    def forward(self, x, dtype):
        self.dtype = x.dtype
        return x.astype(dtype)

    def backward(self, dy):
        return (same_dtype(dy, np.empty(0, self.dtype)) if self.dtype.kind == "f" else None,)


def _positive_axes(axis, ndim):
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(sorted(a % ndim for a in axes))
