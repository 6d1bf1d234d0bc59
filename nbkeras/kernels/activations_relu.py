"""Relu family: relu, leaky_relu, relu6, elu and selu, each forward next to its backward.

``NAME_forward(x, *params)`` returns ``y``; ``NAME_backward(x, y, dy, *params)``
returns ``dx = dy * dy/dx``. All are elementwise, for arrays of any rank. At
the kinks (relu at 0, relu6 at 6, ...) backward picks one one-sided derivative.
"""

import numpy as np
from numba import njit

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@njit(cache=True, error_model="numpy")
def relu_forward(x, negative_slope=0.0, max_value=np.inf, threshold=0.0):
    """Keras relu: y = clip(x if x > threshold else 0) - negative_slope * max(threshold - x, 0).

    clip(.) is clip(., 0, max_value) when there is a max_value, else the
    identity (so with a negative threshold, x in (threshold, 0) passes).

    Args:
        x: input array.
        negative_slope: slope below the threshold (0 for plain relu).
        max_value: cap on the output; ``np.inf`` stands for Keras' ``None``.
        threshold: values at or below it are damped.

    Returns:
        y, same shape and dtype as x.
    """
    capped = max_value < np.inf
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        v = x_flat[i]
        positive_part = v if v > threshold else 0.0
        if capped:
            positive_part = min(max(positive_part, 0.0), max_value)
        y_flat[i] = positive_part - negative_slope * max(threshold - v, 0.0)
    return y


@njit(cache=True, error_model="numpy")
def relu_backward(x, y, dy, negative_slope=0.0, max_value=np.inf, threshold=0.0):
    """dx = dy * (negative_slope if x <= threshold; else 1 unless the max_value clip is flat).

    Args:
        x: forward input.
        y: forward output (unused).
        dy: gradient of the output.
        negative_slope, max_value, threshold: as in ``relu_forward``.

    Returns:
        dx, same shape and dtype as x.
    """
    capped = max_value < np.inf
    x_flat, dy_flat = x.reshape(-1), dy.reshape(-1)
    dx = np.empty_like(x)
    dx_flat = dx.reshape(-1)
    for i in range(x_flat.size):
        v = x_flat[i]
        if v <= threshold:
            dx_flat[i] = negative_slope * dy_flat[i]
        elif capped and not 0.0 < v < max_value:
            dx_flat[i] = 0.0
        else:
            dx_flat[i] = dy_flat[i]
    return dx


@njit(cache=True, error_model="numpy")
def leaky_relu_forward(x, negative_slope=0.2):
    """y = x if x >= 0 else negative_slope * x (relu with a slope and no cap).

    Args:
        x: input array.
        negative_slope: slope for negative inputs.

    Returns:
        y, same shape and dtype as x.
    """
    return relu_forward(x, negative_slope, np.inf, 0.0)


@njit(cache=True, error_model="numpy")
def leaky_relu_backward(x, y, dy, negative_slope=0.2):
    """dx = dy if x > 0 else negative_slope * dy.

    Args:
        x: forward input.
        y: forward output (unused).
        dy: gradient of the output.
        negative_slope: slope for negative inputs.

    Returns:
        dx, same shape and dtype as x.
    """
    return relu_backward(x, y, dy, negative_slope, np.inf, 0.0)


@njit(cache=True, error_model="numpy")
def relu6_forward(x):
    """y = min(max(x, 0), 6).

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    return relu_forward(x, 0.0, 6.0, 0.0)


@njit(cache=True, error_model="numpy")
def relu6_backward(x, y, dy):
    """dx = dy if 0 < x < 6 else 0.

    Args:
        x: forward input.
        y: forward output (unused).
        dy: gradient of the output.

    Returns:
        dx, same shape and dtype as x.
    """
    return relu_backward(x, y, dy, 0.0, 6.0, 0.0)


@njit(cache=True, error_model="numpy")
def elu_forward(x, alpha=1.0):
    """y = x if x >= 0 else alpha * (exp(x) - 1).

    Args:
        x: input array.
        alpha: value the negative side saturates to (as -alpha).

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        v = x_flat[i]
        y_flat[i] = v if v >= 0.0 else alpha * np.expm1(v)
    return y


@njit(cache=True, error_model="numpy")
def elu_backward(x, y, dy, alpha=1.0):
    """dx = dy if x > 0 else dy * alpha * exp(x).

    Args:
        x: forward input.
        y: forward output (unused).
        dy: gradient of the output.
        alpha: as in ``elu_forward``.

    Returns:
        dx, same shape and dtype as x.
    """
    x_flat, dy_flat = x.reshape(-1), dy.reshape(-1)
    dx = np.empty_like(x)
    dx_flat = dx.reshape(-1)
    for i in range(x_flat.size):
        v = x_flat[i]
        dx_flat[i] = dy_flat[i] if v > 0.0 else dy_flat[i] * alpha * np.exp(v)
    return dx


@njit(cache=True, error_model="numpy")
def selu_forward(x):
    """y = SELU_SCALE * elu(x, SELU_ALPHA), the self-normalizing constants of Klambauer et al.

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        v = x_flat[i]
        y_flat[i] = SELU_SCALE * (v if v >= 0.0 else SELU_ALPHA * np.expm1(v))
    return y


@njit(cache=True, error_model="numpy")
def selu_backward(x, y, dy):
    """dx = dy * SELU_SCALE * (1 if x > 0 else SELU_ALPHA * exp(x)).

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
        v = x_flat[i]
        slope = 1.0 if v > 0.0 else SELU_ALPHA * np.exp(v)
        dx_flat[i] = dy_flat[i] * SELU_SCALE * slope
    return dx
