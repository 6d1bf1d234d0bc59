"""Activation functions as differentiable ops (``keras.activations`` re-exports them).

Each activation is a pair of Numba kernels, forward and backward, named
``<name>_forward`` / ``<name>_backward`` in ``nbkeras.kernels.activations``.
"""

import numpy as np

from nbkeras import config
from nbkeras.ops.functions import transpose
from nbkeras.ops.lazy_kernels import activations as kernels
from nbkeras.ops.op import Op
from nbkeras.ops.tensor import as_tensor


class ActivationOp(Op):
    """Applies a (forward, backward) kernel pair elementwise (or row-wise)."""

    def forward(self, x, name, params):
        self.x = np.ascontiguousarray(x)
        self.name, self.params = name, params
        forward_kernel, _ = _kernel_pair(name)
        self.y = forward_kernel(self.x, *params)
        return self.y

    def backward(self, dy):
        _, backward_kernel = _kernel_pair(self.name)
        return (backward_kernel(self.x, self.y, np.ascontiguousarray(dy), *self.params),)


def _kernel_pair(name):
    return getattr(kernels, f"{name}_forward"), getattr(kernels, f"{name}_backward")


def _float(x):
    """Activations work on floats: cast integer input to floatx."""
    x = as_tensor(x)
    if x.data.dtype.kind != "f":
        x = as_tensor(x.data.astype(config.floatx()))
    return x


def _apply(name, x, *params):
    return ActivationOp.apply(_float(x), name=name, params=params)


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit: ``max(x, 0)``, with Keras's optional slope, cap and threshold."""
    cap = np.inf if max_value is None else float(max_value)
    return _apply("relu", x, float(negative_slope), cap, float(threshold))


def leaky_relu(x, negative_slope=0.2):
    """``x`` if positive, else ``negative_slope * x``."""
    return _apply("leaky_relu", x, float(negative_slope))


def relu6(x):
    """``min(max(x, 0), 6)``."""
    return _apply("relu6", x)


def elu(x, alpha=1.0):
    """``x`` if positive, else ``alpha * (exp(x) - 1)``."""
    return _apply("elu", x, float(alpha))


def selu(x):
    """Scaled ELU with the self-normalizing constants."""
    return _apply("selu", x)


def sigmoid(x):
    """``1 / (1 + exp(-x))``."""
    return _apply("sigmoid", x)


def hard_sigmoid(x):
    """Piecewise-linear sigmoid ``relu6(x + 3) / 6`` (Keras 3 formula)."""
    return _apply("hard_sigmoid", x)


def tanh(x):
    """Hyperbolic tangent."""
    return _apply("tanh", x)


def softplus(x):
    """``log(exp(x) + 1)``."""
    return _apply("softplus", x)


def softsign(x):
    """``x / (|x| + 1)``."""
    return _apply("softsign", x)


def silu(x):
    """Swish: ``x * sigmoid(x)``."""
    return _apply("silu", x)


swish = silu


def gelu(x, approximate=False):
    """Gaussian error linear unit (exact erf form unless ``approximate``)."""
    return _apply("gelu", x, bool(approximate))


def exponential(x):
    """``exp(x)``."""
    return _apply("exponential", x)


def mish(x):
    """``x * tanh(softplus(x))``."""
    return _apply("mish", x)


def softmax(x, axis=-1):
    """Normalized exponentials along ``axis``: each slice sums to 1."""
    return _along_last_axis("softmax", x, axis)


def log_softmax(x, axis=-1):
    """``log(softmax(x))``, computed stably."""
    return _along_last_axis("log_softmax", x, axis)


def linear(x):
    """The identity (what ``activation=None`` means)."""
    return x


def _along_last_axis(name, x, axis):
    x = _float(x)
    if axis in (-1, x.ndim - 1):
        return _apply(name, x)
    order = list(range(x.ndim))
    order[axis], order[-1] = order[-1], order[axis]
    return transpose(_apply(name, transpose(x, order)), order)
