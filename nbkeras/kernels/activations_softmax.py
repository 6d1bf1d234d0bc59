"""Softmax and log_softmax along the last axis, each forward next to its backward.

``NAME_forward(x)`` returns ``y``; ``NAME_backward(x, y, dy)`` returns the
vector-Jacobian product ``dx``, computed from ``y`` alone. Rows are the last
axis of an array of any rank >= 1.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import shifted_exp_sum, softmax_rows


@njit(cache=True, error_model="numpy")
def softmax_forward(x):
    """y = exp(x - max(x)) / sum(exp(x - max(x))) along the last axis.

    Subtracting the row maximum changes nothing mathematically and keeps
    every exp() at most 1, so large logits cannot overflow.

    Args:
        x: input array, rank >= 1.

    Returns:
        y, same shape and dtype as x; each row (last axis) sums to 1.
    """
    y = np.empty_like(x)
    if x.size == 0:
        return y
    n = x.shape[-1]
    softmax_rows(x.reshape(-1, n), y.reshape(-1, n))
    return y


@njit(cache=True, error_model="numpy")
def softmax_backward(x, y, dy):
    """dx = y * (dy - sum(dy * y)) along the last axis.

    Args:
        x: forward input (unused).
        y: forward output.
        dy: gradient of the output.

    Returns:
        dx, same shape and dtype as y.
    """
    dx = np.empty_like(y)
    if y.size == 0:
        return dx
    n = y.shape[-1]
    y_rows, dy_rows, dx_rows = y.reshape(-1, n), dy.reshape(-1, n), dx.reshape(-1, n)
    for r in range(y_rows.shape[0]):
        dot = 0.0
        for j in range(n):
            dot += dy_rows[r, j] * y_rows[r, j]
        for j in range(n):
            dx_rows[r, j] = y_rows[r, j] * (dy_rows[r, j] - dot)
    return dx


@njit(cache=True, error_model="numpy")
def log_softmax_forward(x):
    """y = x - max(x) - log(sum(exp(x - max(x)))) along the last axis.

    Args:
        x: input array, rank >= 1.

    Returns:
        y, same shape and dtype as x.
    """
    y = np.empty_like(x)
    if x.size == 0:
        return y
    n = x.shape[-1]
    x_rows, y_rows = x.reshape(-1, n), y.reshape(-1, n)
    for r in range(x_rows.shape[0]):
        row_max, exp_sum = shifted_exp_sum(x_rows[r])
        log_exp_sum = np.log(exp_sum)
        for j in range(n):
            y_rows[r, j] = (x_rows[r, j] - row_max) - log_exp_sum
    return y


@njit(cache=True, error_model="numpy")
def log_softmax_backward(x, y, dy):
    """dx = dy - exp(y) * sum(dy) along the last axis (exp(y) is the softmax).

    Args:
        x: forward input (unused).
        y: forward output.
        dy: gradient of the output.

    Returns:
        dx, same shape and dtype as y.
    """
    dx = np.empty_like(y)
    if y.size == 0:
        return dx
    n = y.shape[-1]
    y_rows, dy_rows, dx_rows = y.reshape(-1, n), dy.reshape(-1, n), dx.reshape(-1, n)
    for r in range(y_rows.shape[0]):
        dy_sum = 0.0
        for j in range(n):
            dy_sum += dy_rows[r, j]
        for j in range(n):
            dx_rows[r, j] = dy_rows[r, j] - np.exp(y_rows[r, j]) * dy_sum
    return dx
