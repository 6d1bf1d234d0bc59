"""Normalizing vectors to unit length."""

from nbkeras import config
from nbkeras.ops.numpy.arithmetic import divide, minimum, multiply, sqrt, square
from nbkeras.ops.numpy.reductions import sum


def l2_normalize(x, axis=-1):
    """``x * min(1 / sqrt(sum(x**2)), 1 / epsilon)`` along ``axis`` (Keras's ``normalize``)."""
    square_sum = sum(square(x), axis=axis, keepdims=True)
    inverse_norm = divide(1.0, sqrt(square_sum))
    return multiply(x, minimum(inverse_norm, 1.0 / config.epsilon()))
