"""Squashing activations, S-shaped and bounded: sigmoid, hard_sigmoid, tanh, softsign.

``NAME_forward(x)`` returns ``y``; ``NAME_backward(x, y, dy)`` returns
``dx = dy * dy/dx``, from ``y`` where that is simplest (sigmoid, tanh) and
from ``x`` otherwise. All are elementwise, for arrays of any rank.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import stable_sigmoid


@njit(cache=True, error_model="numpy")
def sigmoid_forward(x):
    """y = 1 / (1 + exp(-x)).

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = stable_sigmoid(x_flat[i])
    return y


@njit(cache=True, error_model="numpy")
def sigmoid_backward(x, y, dy):
    """dx = dy * y * (1 - y).

    Args:
        x: forward input (unused).
        y: forward output.
        dy: gradient of the output.

    Returns:
        dx, same shape and dtype as y.
    """
    y_flat, dy_flat = y.reshape(-1), dy.reshape(-1)
    dx = np.empty_like(y)
    dx_flat = dx.reshape(-1)
    for i in range(y_flat.size):
        dx_flat[i] = dy_flat[i] * y_flat[i] * (1.0 - y_flat[i])
    return dx


@njit(cache=True, error_model="numpy")
def hard_sigmoid_forward(x):
    """y = relu6(x + 3) / 6, i.e. 0 below -3, 1 above 3, linear in between.

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = min(max(x_flat[i] + 3.0, 0.0), 6.0) / 6.0
    return y


@njit(cache=True, error_model="numpy")
def hard_sigmoid_backward(x, y, dy):
    """dx = dy / 6 if -3 < x < 3 else 0.

    Args:
        x: forward input.
        y: forward output (unused).
        dy: gradient of the output.

    Returns:
        dx, same shape and dtype as x.
    """
    x_flat, dy_flat = x.reshape(-1), dy.reshape(-1)
    dx = np.empty_like(x)
    dx_flat = dx.reshape(-1)
    for i in range(x_flat.size):
        dx_flat[i] = dy_flat[i] / 6.0 if -3.0 < x_flat[i] < 3.0 else 0.0
    return dx


@njit(cache=True, error_model="numpy")
def tanh_forward(x):
    """y = tanh(x).

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = np.tanh(x_flat[i])
    return y


@njit(cache=True, error_model="numpy")
def tanh_backward(x, y, dy):
    """dx = dy * (1 - y**2).

    Args:
        x: forward input (unused).
        y: forward output.
        dy: gradient of the output.

    Returns:
        dx, same shape and dtype as y.
    """
    y_flat, dy_flat = y.reshape(-1), dy.reshape(-1)
    dx = np.empty_like(y)
    dx_flat = dx.reshape(-1)
    for i in range(y_flat.size):
        dx_flat[i] = dy_flat[i] * (1.0 - y_flat[i] * y_flat[i])
    return dx


@njit(cache=True, error_model="numpy")
def softsign_forward(x):
    """y = x / (1 + |x|).

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = x_flat[i] / (1.0 + abs(x_flat[i]))
    return y


@njit(cache=True, error_model="numpy")
def softsign_backward(x, y, dy):
    """dx = dy / (1 + |x|)**2.

    Args:
        x: forward input.
        y: forward output (unused).
        dy: gradient of the output.

    Returns:
        dx, same shape and dtype as x.
    """
    x_flat, dy_flat = x.reshape(-1), dy.reshape(-1)
    dx = np.empty_like(x)
    dx_flat = dx.reshape(-1)
    for i in range(x_flat.size):
        denominator = 1.0 + abs(x_flat[i])
        dx_flat[i] = dy_flat[i] / (denominator * denominator)
    return dx
