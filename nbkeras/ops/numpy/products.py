"""The matrix product, forward and backward."""

import numpy as np

from nbkeras.ops import fixed_order
from nbkeras.ops.op import Op, unbroadcast


class MatMul(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return fixed_order.matmul(a, b)  # same bits whatever the BLAS thread count

    def backward(self, dy):
        a, b = self.a, self.b
        da = db = None
        if self.needs_input_grad[0]:
            da = fixed_order.matmul(dy, np.swapaxes(b, -1, -2)) if b.ndim > 1 \
                else np.multiply.outer(dy, b)
            da = unbroadcast(da, a.shape)
        if self.needs_input_grad[1]:
            if a.ndim == 1:
                db = np.multiply.outer(a, dy)
            else:
                db = unbroadcast(fixed_order.matmul(np.swapaxes(a, -1, -2), dy), b.shape)
        return da, db


def matmul(x1, x2):
    """Matrix product (batched over leading axes, as ``np.matmul``)."""
    return MatMul.apply(x1, x2)
