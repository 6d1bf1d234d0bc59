"""The Dense op: ``y = activation(x @ kernel + bias)`` in one forward and one backward."""

import functools

import numpy as np

from nbkeras.ops import two_cores
from nbkeras.ops.op import Op

# Activations the Dense kernels apply themselves; any other runs as its own op after.
FUSED_ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh", "softmax")


class DenseOp(Op):
    """``y = activation(x @ kernel + bias)`` on 2-D ``x``.

    The matmuls run in NumPy's BLAS in fixed K blocks (``fixed_order``), on both cores when
    large (``two_cores``); adding the bias and the activation happen in one Numba kernel.
    ``activation`` is one of ``FUSED_ACTIVATIONS``.
    """

    def forward(self, x, kernel, bias, activation):
        kernels = _kernels()
        self.x, self.kernel = x, kernel
        self.code = kernels.ACTIVATION_CODES[activation]
        z = two_cores.matmul(x, kernel)  # same bits whatever the BLAS thread count
        self.y = kernels.dense_bias_activation_forward(
            z, np.zeros(0, z.dtype) if bias is None else bias, self.code)
        return self.y

    def backward(self, dy):
        kernels = _kernels()
        needs_x, needs_kernel, needs_bias = self.needs_input_grad
        dy = np.ascontiguousarray(dy)
        dz, dbias = kernels.dense_activation_backward_bias(self.y, dy, self.code, needs_bias)
        dx = two_cores.matmul(dz, self.kernel.T) if needs_x else None
        dkernel = self.input_grad_from_product(1, self.x.T, dz) if needs_kernel else None
        return dx, dkernel, dbias


@functools.cache
def _kernels():
    """The dense kernel module, imported on first use: importing kernels loads Numba.

    Cached, because an import statement in a hot function costs ~1 us per call here.
    """
    from nbkeras.kernels import dense

    return dense


def dense(x, kernel, bias=None, activation="linear"):
    """``activation(x @ kernel + bias)`` for 2-D ``x``, fused.

    Args:
        x: ``(batch, in)`` Tensor.
        kernel: ``(in, units)`` Tensor.
        bias: ``(units,)`` Tensor or None.
        activation: a name from ``FUSED_ACTIVATIONS``.

    Returns:
        ``(batch, units)`` Tensor.
    """
    return DenseOp.apply(x, kernel, bias, activation=activation)
