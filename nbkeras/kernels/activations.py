"""Activation kernels, Keras 3 formulas: ``NAME_forward`` and ``NAME_backward`` side by side.

``NAME_forward(x, *params)`` returns ``y``; ``NAME_backward(x, y, dy, *params)``
returns ``dx = dy * dy/dx``, using whichever of ``x`` or ``y`` gives the
simplest and most accurate derivative. Elementwise kernels accept arrays of
any rank; ``softmax`` and ``log_softmax`` work along the last axis. Inputs are
C-contiguous float32 or float64 arrays; outputs are new arrays of that dtype.
At kinks (relu at 0, ...) the backward kernels pick one one-sided derivative.
"""

import math

import numpy as np
from numba import njit

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
SQRT_2_OVER_PI = 0.7978845608028654  # sqrt(2 / pi), for the tanh form of gelu
INV_SQRT_2 = 0.7071067811865476  # 1 / sqrt(2)
INV_SQRT_2PI = 0.3989422804014327  # 1 / sqrt(2 * pi), the normal density at 0
GELU_CUBIC = 0.044715


@njit(cache=True, error_model="numpy")
def stable_sigmoid(v):
    """Scalar 1 / (1 + exp(-v)) that never overflows (exp of a non-positive number).

    Args:
        v: a float.

    Returns:
        sigmoid(v).
    """
    e = np.exp(-abs(v))
    if v >= 0:
        return 1.0 / (1.0 + e)
    return e / (1.0 + e)


@njit(cache=True, error_model="numpy")
def stable_softplus(v):
    """Scalar log(1 + exp(v)) computed as max(v, 0) + log1p(exp(-|v|)).

    Args:
        v: a float.

    Returns:
        softplus(v).
    """
    return max(v, 0.0) + np.log1p(np.exp(-abs(v)))


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
def softplus_forward(x):
    """y = log(1 + exp(x)), computed without overflow.

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = stable_softplus(x_flat[i])
    return y


@njit(cache=True, error_model="numpy")
def softplus_backward(x, y, dy):
    """dx = dy * sigmoid(x).

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
        dx_flat[i] = dy_flat[i] * stable_sigmoid(x_flat[i])
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


@njit(cache=True, error_model="numpy")
def silu_forward(x):
    """y = x * sigmoid(x) (also called swish).

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = x_flat[i] * stable_sigmoid(x_flat[i])
    return y


@njit(cache=True, error_model="numpy")
def silu_backward(x, y, dy):
    """dx = dy * s * (1 + x * (1 - s)) with s = sigmoid(x).

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
        s = stable_sigmoid(x_flat[i])
        dx_flat[i] = dy_flat[i] * s * (1.0 + x_flat[i] * (1.0 - s))
    return dx


@njit(cache=True, error_model="numpy")
def gelu_forward(x, approximate=False):
    """y = x * P(N(0,1) <= x) = x * (1 + erf(x / sqrt(2))) / 2, or its tanh approximation.

    Args:
        x: input array.
        approximate: if True, use
            0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3))).

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        v = x_flat[i]
        if approximate:
            inner = SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v)
            y_flat[i] = 0.5 * v * (1.0 + np.tanh(inner))
        else:
            y_flat[i] = 0.5 * v * (1.0 + math.erf(v * INV_SQRT_2))
    return y


@njit(cache=True, error_model="numpy")
def gelu_backward(x, y, dy, approximate=False):
    """dx = dy * (Phi(x) + x * phi(x)), Phi/phi the normal cdf/density (or the tanh form's derivative).

    Args:
        x: forward input.
        y: forward output (unused).
        dy: gradient of the output.
        approximate: as in ``gelu_forward``.

    Returns:
        dx, same shape and dtype as x.
    """
    x_flat, dy_flat = x.reshape(-1), dy.reshape(-1)
    dx = np.empty_like(x)
    dx_flat = dx.reshape(-1)
    for i in range(x_flat.size):
        v = x_flat[i]
        if approximate:
            t = np.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v))
            d_inner = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * v * v)
            slope = 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * d_inner
        else:
            cdf = 0.5 * (1.0 + math.erf(v * INV_SQRT_2))
            slope = cdf + v * INV_SQRT_2PI * np.exp(-0.5 * v * v)
        dx_flat[i] = dy_flat[i] * slope
    return dx


@njit(cache=True, error_model="numpy")
def exponential_forward(x):
    """y = exp(x).

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = np.exp(x_flat[i])
    return y


@njit(cache=True, error_model="numpy")
def exponential_backward(x, y, dy):
    """dx = dy * y (exp is its own derivative).

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
        dx_flat[i] = dy_flat[i] * y_flat[i]
    return dx


@njit(cache=True, error_model="numpy")
def mish_forward(x):
    """y = x * tanh(softplus(x)).

    Args:
        x: input array.

    Returns:
        y, same shape and dtype as x.
    """
    x_flat = x.reshape(-1)
    y = np.empty_like(x)
    y_flat = y.reshape(-1)
    for i in range(x_flat.size):
        y_flat[i] = x_flat[i] * np.tanh(stable_softplus(x_flat[i]))
    return y


@njit(cache=True, error_model="numpy")
def mish_backward(x, y, dy):
    """dx = dy * (t + x * (1 - t**2) * sigmoid(x)) with t = tanh(softplus(x)).

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
        t = np.tanh(stable_softplus(v))
        dx_flat[i] = dy_flat[i] * (t + v * (1.0 - t * t) * stable_sigmoid(v))
    return dx


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
    x_rows, y_rows = x.reshape(-1, n), y.reshape(-1, n)
    for r in range(x_rows.shape[0]):
        row_max = x_rows[r].max()
        total = 0.0
        for j in range(n):
            e = np.exp(x_rows[r, j] - row_max)
            y_rows[r, j] = e
            total += e
        for j in range(n):
            y_rows[r, j] = y_rows[r, j] / total
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
        row_max = x_rows[r].max()
        total = 0.0
        for j in range(n):
            total += np.exp(x_rows[r, j] - row_max)
        log_total = np.log(total)
        for j in range(n):
            y_rows[r, j] = (x_rows[r, j] - row_max) - log_total
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
