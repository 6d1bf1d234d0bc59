"""Activation functions as differentiable ops (``keras.activations`` re-exports them).

Each activation is a pair of Numba kernels from ``nbkeras.kernels.activations``,
forward and backward, handed to one generic op.
"""

import functools

import numpy as np

from nbkeras import config
from nbkeras.ops.numpy.shaping import transpose
from nbkeras.ops.op import Op
from nbkeras.ops.tensor import as_tensor


class ActivationOp(Op):
    """Applies a (forward, backward) kernel pair elementwise (or row-wise)."""

    def forward(self, x, forward_kernel, backward_kernel, params):
        self.x = np.ascontiguousarray(x)
        self.backward_kernel, self.params = backward_kernel, params
        self.y = forward_kernel(self.x, *params)
        return self.y

    def backward(self, dy):
        return (self.backward_kernel(self.x, self.y, np.ascontiguousarray(dy), *self.params),)


@functools.cache
def _kernels():
    """The activation kernel module, imported on first use: importing kernels loads Numba.

    Cached, because an import statement in a hot function costs ~1 us per call here.
    """
    from nbkeras.kernels import activations

    return activations


def _float(x):
    """Activations work on floats: cast integer input to floatx."""
    x = as_tensor(x)
    if x.data.dtype.kind != "f":
        x = as_tensor(x.data.astype(config.floatx()))
    return x


def _apply(forward_kernel, backward_kernel, x, *params):
    return ActivationOp.apply(_float(x), forward_kernel=forward_kernel,
                              backward_kernel=backward_kernel, params=params)


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit: ``max(x, 0)``, with Keras's optional slope, cap and threshold."""
    k = _kernels()
    cap = np.inf if max_value is None else float(max_value)
    return _apply(k.relu_forward, k.relu_backward, x, float(negative_slope), cap, float(threshold))


def leaky_relu(x, negative_slope=0.2):
    """``x`` if positive, else ``negative_slope * x``."""
    k = _kernels()
    return _apply(k.leaky_relu_forward, k.leaky_relu_backward, x, float(negative_slope))


def relu6(x):
    """``min(max(x, 0), 6)``."""
    k = _kernels()
    return _apply(k.relu6_forward, k.relu6_backward, x)


def elu(x, alpha=1.0):
    """``x`` if positive, else ``alpha * (exp(x) - 1)``."""
    k = _kernels()
    return _apply(k.elu_forward, k.elu_backward, x, float(alpha))


def selu(x):
    """Scaled ELU with the self-normalizing constants."""
    k = _kernels()
    return _apply(k.selu_forward, k.selu_backward, x)


def sigmoid(x):
    """``1 / (1 + exp(-x))``."""
    k = _kernels()
    return _apply(k.sigmoid_forward, k.sigmoid_backward, x)


def hard_sigmoid(x):
    """Piecewise-linear sigmoid ``relu6(x + 3) / 6`` (Keras 3 formula)."""
    k = _kernels()
    return _apply(k.hard_sigmoid_forward, k.hard_sigmoid_backward, x)


def tanh(x):
    """Hyperbolic tangent."""
    k = _kernels()
    return _apply(k.tanh_forward, k.tanh_backward, x)


def softplus(x):
    """``log(exp(x) + 1)``."""
    k = _kernels()
    return _apply(k.softplus_forward, k.softplus_backward, x)


def softsign(x):
    """``x / (|x| + 1)``."""
    k = _kernels()
    return _apply(k.softsign_forward, k.softsign_backward, x)


def silu(x):
    """Swish: ``x * sigmoid(x)``."""
    k = _kernels()
    return _apply(k.silu_forward, k.silu_backward, x)


swish = silu


def gelu(x, approximate=False):
    """Gaussian error linear unit (exact erf form unless ``approximate``)."""
    k = _kernels()
    return _apply(k.gelu_forward, k.gelu_backward, x, bool(approximate))


def exponential(x):
    """``exp(x)``."""
    k = _kernels()
    return _apply(k.exponential_forward, k.exponential_backward, x)


def mish(x):
    """``x * tanh(softplus(x))``."""
    k = _kernels()
    return _apply(k.mish_forward, k.mish_backward, x)


def softmax(x, axis=-1):
    """Normalized exponentials along ``axis``: each slice sums to 1."""
    k = _kernels()
    return _along_last_axis(k.softmax_forward, k.softmax_backward, x, axis)


def log_softmax(x, axis=-1):
    """``log(softmax(x))``, computed stably."""
    k = _kernels()
    return _along_last_axis(k.log_softmax_forward, k.log_softmax_backward, x, axis)


def linear(x):
    """The identity (what ``activation=None`` means)."""
    return x


def _along_last_axis(forward_kernel, backward_kernel, x, axis):
    x = _float(x)
    if axis in (-1, x.ndim - 1):
        return _apply(forward_kernel, backward_kernel, x)
    order = list(range(x.ndim))
    order[axis], order[-1] = order[-1], order[axis]
    return transpose(_apply(forward_kernel, backward_kernel, transpose(x, order)), order)
