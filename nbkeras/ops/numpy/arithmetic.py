"""Elementwise arithmetic: each op's forward and backward, then the function that applies it.

Every function accepts Tensors, NumPy arrays or Python numbers and returns a
Tensor; custom losses, metrics and layers are written with them.
"""

import numpy as np

from nbkeras.ops.core import convert_to_numpy
from nbkeras.ops.op import Op, same_dtype, unbroadcast


class Add(Op):
    def forward(self, a, b):
        self.shapes = (a.shape, b.shape)
        return np.add(a, b)

    def backward(self, dy):
        return unbroadcast(dy, self.shapes[0]), unbroadcast(dy, self.shapes[1])


def add(x1, x2):
    """Elementwise ``x1 + x2`` with broadcasting."""
    return Add.apply(x1, x2)


class Subtract(Op):
    def forward(self, a, b):
        self.shapes = (a.shape, b.shape)
        return np.subtract(a, b)

    def backward(self, dy):
        return unbroadcast(dy, self.shapes[0]), unbroadcast(-dy, self.shapes[1])


def subtract(x1, x2):
    """Elementwise ``x1 - x2`` with broadcasting."""
    return Subtract.apply(x1, x2)


class Multiply(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return np.multiply(a, b)

    def backward(self, dy):
        da = unbroadcast(dy * self.b, self.a.shape) if self.needs_input_grad[0] else None
        db = unbroadcast(dy * self.a, self.b.shape) if self.needs_input_grad[1] else None
        return da, db


def multiply(x1, x2):
    """Elementwise ``x1 * x2`` with broadcasting."""
    return Multiply.apply(x1, x2)


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


def divide(x1, x2):
    """Elementwise ``x1 / x2`` with broadcasting."""
    return Divide.apply(x1, x2)


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


def power(x1, x2):
    """Elementwise ``x1 ** x2``."""
    return Power.apply(x1, x2)


class Negative(Op):
    def forward(self, x):
        return np.negative(x)

    def backward(self, dy):
        return (-dy,)


def negative(x):
    return Negative.apply(x)


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


def maximum(x1, x2):
    """Elementwise maximum (gradient goes to the larger input)."""
    return Maximum.apply(x1, x2)


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


def minimum(x1, x2):
    """Elementwise minimum (gradient goes to the smaller input)."""
    return Minimum.apply(x1, x2)


class Abs(Op):
    def forward(self, x):
        self.sign = np.sign(x)
        return np.abs(x)

    def backward(self, dy):
        return (dy * self.sign,)


def abs(x):
    """Elementwise absolute value."""
    return Abs.apply(x)


absolute = abs


class Square(Op):
    def forward(self, x):
        self.x = x
        return np.square(x)

    def backward(self, dy):
        return (2 * dy * self.x,)


def square(x):
    """Elementwise ``x * x``."""
    return Square.apply(x)


class Sqrt(Op):
    def forward(self, x):
        self.y = np.sqrt(x)
        return self.y

    def backward(self, dy):
        return (dy / (2 * self.y),)


def sqrt(x):
    """Elementwise square root."""
    return Sqrt.apply(x)


class Exp(Op):
    def forward(self, x):
        self.y = np.exp(x)
        return self.y

    def backward(self, dy):
        return (dy * self.y,)


def exp(x):
    """Elementwise exponential."""
    return Exp.apply(x)


class Log(Op):
    def forward(self, x):
        self.x = x
        return np.log(x)

    def backward(self, dy):
        return (dy / self.x,)


def log(x):
    """Elementwise natural logarithm."""
    return Log.apply(x)


class Clip(Op):
    """Clips to [low, high]; the gradient is zero where clipping happened."""

    def forward(self, x, low, high):
        self.inside = (x >= low) & (x <= high)
        return np.clip(x, low, high).astype(x.dtype, copy=False)

    def backward(self, dy):
        return (dy * self.inside,)


def clip(x, x_min, x_max):
    """Clips values to ``[x_min, x_max]`` (zero gradient outside)."""
    return Clip.apply(x, low=convert_to_numpy(x_min), high=convert_to_numpy(x_max))


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


def where(condition, x1, x2):
    """Picks ``x1`` where ``condition`` holds, else ``x2``."""
    return Where.apply(condition, x1, x2)


class Cast(Op):
    def forward(self, x, dtype):
        self.dtype = x.dtype
        return x.astype(dtype)

    def backward(self, dy):
        return (same_dtype(dy, np.empty(0, self.dtype)) if self.dtype.kind == "f" else None,)


def cast(x, dtype):
    """Converts to ``dtype`` (gradients flow between float types)."""
    return Cast.apply(x, dtype=np.dtype(dtype))
