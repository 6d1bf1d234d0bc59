"""Dense layer kernels: everything after the matmul ``z = x @ kernel`` (done in NumPy).

Forward: ``y = activation(z + bias)``, fused and in place on ``z``.
Backward: ``dz = dy * activation'(...)`` written with the output ``y``, then
``dbias = sum(dz, axis=0)``; the matmul gradients ``dx = dz @ kernel.T`` and
``dkernel = x.T @ dz`` are NumPy again. They release the GIL: the conv op
calls them from two threads (``ops/nn/conv_plain.py``).

Activation codes (other activations run as separate activation ops):

* ``LINEAR = 0``  - y = z
* ``RELU = 1``    - y = max(z, 0)
* ``SIGMOID = 2`` - y = 1 / (1 + exp(-z))
* ``TANH = 3``    - y = tanh(z)
* ``SOFTMAX = 4`` - y = exp(z) / sum(exp(z)) along each row

Each activation has its own forward and backward kernel (``dense_relu_forward``,
``dense_relu_backward``, ...), made from one source with the activation code
fixed, and ``dense_bias_activation_forward`` / ``dense_activation_backward``
pick one by code. Why: Numba compiles every branch of a kernel, so with one
kernel for all codes a model with ReLU layers paid for sigmoid, tanh and softmax
too on its first run (measured in ``benchmarks/PROFILE.md``, First fit).
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import (add_to_row, compiled_as, float64_zeros, rounded_like, softmax_rows,
                                     stable_sigmoid)

LINEAR = 0
RELU = 1
SIGMOID = 2
TANH = 3
SOFTMAX = 4
# The activations fused into the Dense kernels, by their Keras names.
ACTIVATION_CODES = {"linear": LINEAR, "relu": RELU, "sigmoid": SIGMOID, "tanh": TANH,
                    "softmax": SOFTMAX}
NAMES = {code: name for name, code in ACTIVATION_CODES.items()}


def dense_bias_activation_forward(z, bias, activation):
    """y = activation(z + bias), computed in place in ``z``.

    Args:
        z: 2-D array ``(batch, units)``, the product ``x @ kernel``;
            overwritten with the output.
        bias: 1-D array ``(units,)`` added to every row, or length 0 for
            ``use_bias=False``.
        activation: one of the codes LINEAR, RELU, SIGMOID, TANH, SOFTMAX.

    Returns:
        z, now holding y.
    """
    return FORWARD[activation](z, bias)


def dense_activation_backward(y, dy, activation):
    """dz = dy * activation'(z), with the derivative written in terms of the output y.

    relu: dy * (y > 0); sigmoid: dy * y * (1 - y); tanh: dy * (1 - y**2);
    softmax: y * (dy - sum(dy * y)) per row; linear: dy.

    Args:
        y: 2-D forward output ``(batch, units)``.
        dy: gradient of the output, same shape.
        activation: the code used in the forward pass.

    Returns:
        dz, a new array like y.
    """
    return BACKWARD[activation](y, dy, _NO_SUMS)


def dense_activation_backward_bias(y, dy, activation, needs_bias=True):
    """``(dz, dbias)``: ``dense_activation_backward`` and ``bias_gradient(dz)`` in one kernel.

    The bias is summed as ``bias_gradient`` sums it (rows in order, in float64,
    rounded once): the same bits. One kernel less for a first fit to compile
    (``bias_gradient``, ~0.2 s of a cold first fit; benchmarks/PROFILE.md).
    ``dbias`` is None unless ``needs_bias``.
    """
    if not needs_bias:
        return BACKWARD[activation](y, dy, _NO_SUMS), None
    sums = np.zeros(y.shape[1])
    dz = BACKWARD[activation](y, dy, sums)
    return dz, sums.astype(y.dtype)


def _forward_kernel(activation):
    """The forward kernel of one activation code (see ``dense_bias_activation_forward``).

    ``activation`` is a constant inside the kernel, so Numba drops the other
    branches before it types and compiles the rest (checked by
    ``tests/kernels/test_dense_kernels.py``).
    """

    def dense_forward(z, bias):
        """y = activation(z + bias) in place in ``z``: row by row, softmax in passes over the rows."""
        if activation == SOFTMAX:  # in passes over the rows (softmax_rows)
            for r in range(z.shape[0]):
                add_to_row(z[r], bias)
            if z.shape[1] > 0:
                softmax_rows(z, z)
            return z
        for r in range(z.shape[0]):
            row = z[r]
            add_to_row(row, bias)
            if activation == RELU:
                for j in range(row.size):
                    if row[j] < 0.0:
                        row[j] = 0.0
            elif activation == SIGMOID:
                for j in range(row.size):
                    row[j] = stable_sigmoid(row[j])
            elif activation == TANH:
                for j in range(row.size):
                    row[j] = np.tanh(row[j])
        return z

    return compiled_as(dense_forward, f"dense_{NAMES[activation]}_forward")


def _backward_kernel(activation):
    """The backward kernel of one activation code (see ``dense_activation_backward``)."""

    def dense_backward(y, dy, bias_sums):
        """dz = dy * activation'(z), from the output y; a new array like y. Adds the rows of
        dz, in order, into ``bias_sums`` (float64) unless it is empty."""
        batch, units = y.shape
        dz = np.empty_like(y)
        summed = bias_sums.size > 0
        for r in range(batch):
            if activation == RELU:
                for j in range(units):
                    dz[r, j] = dy[r, j] if y[r, j] > 0.0 else 0.0
            elif activation == SIGMOID:
                for j in range(units):
                    dz[r, j] = dy[r, j] * y[r, j] * (1.0 - y[r, j])
            elif activation == TANH:
                for j in range(units):
                    dz[r, j] = dy[r, j] * (1.0 - y[r, j] * y[r, j])
            elif activation == SOFTMAX:
                dot = 0.0
                for j in range(units):
                    dot += dy[r, j] * y[r, j]
                for j in range(units):
                    dz[r, j] = y[r, j] * (dy[r, j] - dot)
            else:
                for j in range(units):
                    dz[r, j] = dy[r, j]
            if summed:
                for j in range(units):
                    bias_sums[j] += dz[r, j]
        return dz

    return compiled_as(dense_backward, f"dense_{NAMES[activation]}_backward")


_NO_SUMS = np.zeros(0)  # the backward kernels' bias sums when the caller sums elsewhere

# One kernel per activation, indexed by code (a tuple index picks one in ~50 ns).
FORWARD = tuple(_forward_kernel(code) for code in range(5))
BACKWARD = tuple(_backward_kernel(code) for code in range(5))
# Their names, for ``kernels.kernels_of`` and warmup.
(dense_linear_forward, dense_relu_forward, dense_sigmoid_forward, dense_tanh_forward,
 dense_softmax_forward) = FORWARD
(dense_linear_backward, dense_relu_backward, dense_sigmoid_backward, dense_tanh_backward,
 dense_softmax_backward) = BACKWARD


@njit(cache=True, error_model="numpy", nogil=True)
def bias_gradient(dz):
    """dbias = sum(dz, axis=0), adding rows in order (the same bits on every run).

    Sums accumulate in float64 and are rounded once to dz's dtype.

    Args:
        dz: 2-D gradient ``(batch, units)`` of the pre-activation.

    Returns:
        1-D array ``(units,)`` of dz's dtype.
    """
    batch, units = dz.shape
    total = float64_zeros(units)  # loops rather than np.zeros and astype: 0.1 s less to compile
    for r in range(batch):
        for j in range(units):
            total[j] += dz[r, j]
    return rounded_like(total, dz)
