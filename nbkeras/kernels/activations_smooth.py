"""Smooth activations that grow without bound: softplus, silu, gelu, mish and exponential.

softplus, silu (swish), gelu and mish are smooth relatives of relu: about 0
far on the left, about x far on the right. ``NAME_forward(x, *params)``
returns ``y``; ``NAME_backward(x, y, dy, *params)`` returns ``dx = dy * dy/dx``.
All are elementwise, for arrays of any rank.
"""

import math

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import stable_sigmoid, stable_softplus

SQRT_2_OVER_PI = 0.7978845608028654  # sqrt(2 / pi), for the tanh form of gelu
INV_SQRT_2 = 0.7071067811865476  # 1 / sqrt(2)
INV_SQRT_2PI = 0.3989422804014327  # 1 / sqrt(2 * pi), the normal density at 0
GELU_CUBIC = 0.044715


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

