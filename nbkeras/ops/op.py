"""The Op: one differentiable operation, with its forward and backward side by side.

An op subclass implements ``forward(*arrays, **attributes)`` (returns an
ndarray and saves on ``self`` what backward needs) and ``backward(dy)``
(returns one gradient per input, ``None`` where not needed). ``apply``
runs it on Tensors and, while a tape records, links the output to the op.
"""

import numpy as np

from nbkeras.ops.tape import current_tape
from nbkeras.ops.tensor import Tensor, as_tensor


class Op:
    """Base class of all differentiable operations.

    Attributes set by ``apply``:
        inputs: the input Tensors (``None`` for absent optional inputs).
        output: the output Tensor.
        needs_input_grad: one bool per input; backward may skip the rest.
    """

    def forward(self, *arrays, **attributes):
        raise NotImplementedError(f"{type(self).__name__} has no forward pass.")

    def backward(self, dy):
        raise NotImplementedError(f"{type(self).__name__} has no backward pass.")

    @classmethod
    def apply(cls, *inputs, **attributes):
        """Runs the op on Tensors (or array-likes) and records it if needed."""
        tensors = tuple(x if x is None or isinstance(x, Tensor) else as_tensor(x) for x in inputs)
        op = cls()
        tape = current_tape()
        needs = tuple(t is not None and t.requires_grad for t in tensors)
        op.needs_input_grad = needs if tape is not None else (False,) * len(tensors)
        data = op.forward(*[None if t is None else t.data for t in tensors], **attributes)
        if tape is not None and True in needs:
            output = Tensor.wrap(data, requires_grad=True)
            op.inputs = tensors
            op.output = output
            tape.record(op)
            return output
        return Tensor.wrap(data)

    def __repr__(self):
        return f"<Op {type(self).__name__}>"


def unbroadcast(grad, shape):
    """Sums ``grad`` over the axes that broadcasting added or stretched to ``shape``."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad.reshape(shape)


def same_dtype(grad, like):
    """Casts a gradient to the dtype of the array it belongs to."""
    return grad if grad.dtype == like.dtype else grad.astype(like.dtype)


def zeros_like_float(array):
    return np.zeros(array.shape, dtype=array.dtype if array.dtype.kind == "f" else np.float32)
