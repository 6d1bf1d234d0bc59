"""Fused ops for layers, where one kernel call replaces several small ops."""

import numpy as np

from nbkeras.ops import fixed_order
from nbkeras.ops.lazy_kernels import dense as dense_kernels
from nbkeras.ops.op import Op

_NO_BIAS = {np.dtype("float32"): np.zeros(0, np.float32), np.dtype("float64"): np.zeros(0, np.float64)}


class DenseOp(Op):
    """``y = activation(x @ kernel + bias)`` on 2-D ``x``.

    The matmul runs in NumPy's BLAS, in fixed K blocks (``fixed_order``: the same
    numbers whatever the BLAS thread count); adding the bias and the
    activation happen in one Numba kernel. ``activation`` is a code from
    ``nbkeras.kernels.dense`` (LINEAR, RELU, SIGMOID, TANH, SOFTMAX).
    """

    def forward(self, x, kernel, bias, activation):
        self.x, self.kernel, self.activation = x, kernel, activation
        z = fixed_order.matmul(x, kernel)
        self.y = dense_kernels.dense_bias_activation_forward(
            z, _NO_BIAS[z.dtype] if bias is None else bias, activation)
        return self.y

    def backward(self, dy):
        dz = dense_kernels.dense_activation_backward(self.y, np.ascontiguousarray(dy), self.activation)
        needs_x, needs_kernel, needs_bias = self.needs_input_grad
        dx = fixed_order.matmul(dz, self.kernel.T) if needs_x else None
        dkernel = None
        if needs_kernel:
            buffer = self.inputs[1].claim_zero_grad_buffer()
            if buffer is None:
                dkernel = fixed_order.matmul(self.x.T, dz)
            else:
                fixed_order.matmul(self.x.T, dz, out=buffer)  # accumulated: return None
        dbias = dense_kernels.bias_gradient(dz) if needs_bias else None
        return dx, dkernel, dbias
