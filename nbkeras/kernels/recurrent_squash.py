"""The squashing functions of recurrent gates, exact or vectorizable, and the other activations.

A gate kernel calls ``gate_sigmoid`` and ``gate_tanh`` once per unit and
step. Numba turns ``np.exp`` and ``np.tanh`` into scalar libm calls here
(no SVML in the pip llvmlite): 13 ns per ``tanh`` against 0.4 ns for NumPy's
vectorized one (measured on 64 x 256 float32). So in float32 the gate
kernels use ``fast_tanh``: the clamped rational minimax approximation of
tanh that Eigen (and so XLA, Keras-JAX's backend) uses for float32. It is
plain arithmetic, so LLVM vectorizes the loop (0.5 ns per element), and its
largest error against float64 tanh is 3e-7, about 4 float32 ulps near 1.
Sigmoid follows from it: sigmoid(x) = 0.5 * tanh(x / 2) + 0.5.

``approximate=False`` (used for float64, and so by every gradient check)
computes with libm's exact ``exp`` and ``tanh``.

A layer may choose other activations (Keras's ``activation`` and
``recurrent_activation``): ``activate_in_place`` applies one by its code
(``TANH``, ``SIGMOID``, ``RELU``, ``LINEAR``, ``HARD_SIGMOID``) and
``times_slope`` multiplies a gradient by its derivative, written from the
activation's *output* as the backward kernels have it. The branch on the code
sits outside the loops (``activate_in_place``) or is loop-invariant.
"""

import numpy as np
from numba import njit

TANH_CLAMP = 7.90531110763549805  # beyond this, float32 tanh rounds to +-1
TANH, SIGMOID, RELU, LINEAR, HARD_SIGMOID = 0, 1, 2, 3, 4  # activation codes (ops/nn/recurrent_base.py)


@njit(cache=True, error_model="numpy", inline="always")
def fast_tanh(x):
    """tanh(x) ~ x * p(x^2) / q(x^2) on [-7.9, 7.9], clamped outside (float32 accuracy).

    Args:
        x: a float32 scalar.

    Returns:
        the approximation of tanh(x), within 3e-7 of the exact value.
    """
    x = min(max(x, np.float32(-TANH_CLAMP)), np.float32(TANH_CLAMP))
    x2 = x * x
    p = x2 * np.float32(-2.76076847742355e-16) + np.float32(2.00018790482477e-13)
    p = x2 * p + np.float32(-8.60467152213735e-11)
    p = x2 * p + np.float32(5.12229709037114e-08)
    p = x2 * p + np.float32(1.48572235717979e-05)
    p = x2 * p + np.float32(6.37261928875436e-04)
    p = x2 * p + np.float32(4.89352455891786e-03)
    q = x2 * np.float32(1.19825839466702e-06) + np.float32(1.18534705686654e-04)
    q = x2 * q + np.float32(2.26843463243900e-03)
    q = x2 * q + np.float32(4.89352518554385e-03)
    return x * p / q


@njit(cache=True, error_model="numpy", inline="always")
def gate_tanh(x, approximate):
    """tanh(x): ``fast_tanh`` when ``approximate`` (float32), libm's tanh otherwise."""
    if approximate:
        return fast_tanh(x)
    return np.tanh(x)


@njit(cache=True, error_model="numpy", inline="always")
def gate_sigmoid(x, approximate):
    """sigmoid(x) = 1 / (1 + exp(-x)); as 0.5 * tanh(x / 2) + 0.5 when ``approximate``."""
    if approximate:
        return np.float32(0.5) * fast_tanh(np.float32(0.5) * x) + np.float32(0.5)
    one = np.float32(1.0)  # float32 constants keep float32 math in float32 (exact in float64)
    e = np.exp(-abs(x))  # exp of a non-positive number: no overflow
    if x >= 0:
        return one / (one + e)
    return e / (one + e)


@njit(cache=True, error_model="numpy", inline="always")
def sigmoid_in_place(values, approximate):
    """values[:] = sigmoid(values) on a 1-D slice (the branch sits outside the loops,
    so each loop vectorizes)."""
    if approximate:
        for j in range(values.size):
            values[j] = np.float32(0.5) * fast_tanh(np.float32(0.5) * values[j]) + np.float32(0.5)
    else:
        for j in range(values.size):
            values[j] = gate_sigmoid(values[j], False)


@njit(cache=True, error_model="numpy", inline="always")
def tanh_in_place(values, approximate):
    """values[:] = tanh(values) on a 1-D slice (see ``sigmoid_in_place``)."""
    if approximate:
        for j in range(values.size):
            values[j] = fast_tanh(values[j])
    else:
        for j in range(values.size):
            values[j] = np.tanh(values[j])


@njit(cache=True, error_model="numpy", inline="always")
def activate_in_place(values, activation, approximate):
    """values[:] = activation(values) on a 1-D slice, the activation given by its code."""
    if activation == TANH:
        tanh_in_place(values, approximate)
    elif activation == SIGMOID:
        sigmoid_in_place(values, approximate)
    elif activation == RELU:
        for j in range(values.size):
            values[j] = max(values[j], 0.0)
    elif activation == HARD_SIGMOID:  # relu6(x + 3) / 6, as Keras 3
        for j in range(values.size):
            values[j] = min(max(values[j] + 3.0, 0.0), 6.0) / 6.0


@njit(cache=True, error_model="numpy", inline="always")
def times_slope(value, y, activation):
    """``value * activation'(x)``, the slope written from the output ``y = activation(x)``.

    tanh: ``1 - y^2``; sigmoid: ``y (1 - y)``; relu: 1 where ``y > 0``; linear: 1;
    hard sigmoid: 1/6 where ``0 < y < 1``.
    """
    if activation == TANH:
        return value * (1.0 - y * y)
    if activation == SIGMOID:
        return value * y * (1.0 - y)
    if activation == LINEAR or (activation == RELU and y > 0.0):
        return value * 1.0
    if activation == HARD_SIGMOID and 0.0 < y < 1.0:
        return value / 6.0
    return value * 0.0


@njit(cache=True, error_model="numpy")
def tanh_forward(x, approximate):
    """Elementwise tanh of a C-contiguous array (new array); for tests."""
    y = x.copy()
    tanh_in_place(y.reshape(-1), approximate)
    return y


@njit(cache=True, error_model="numpy")
def sigmoid_forward(x, approximate):
    """Elementwise sigmoid of a C-contiguous array (new array); for tests."""
    y = x.copy()
    sigmoid_in_place(y.reshape(-1), approximate)
    return y
