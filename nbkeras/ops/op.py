"""The Op: one differentiable operation, with its forward and backward side by side.

An op subclass implements ``forward(*arrays, **attributes)`` and
``backward(dy)``. Forward returns an ndarray, or a tuple of ndarrays for an
op with several outputs (an LSTM's sequence and final states, ``split``);
it saves on ``self`` what backward needs. Backward receives the gradient of
the output (for several outputs: a tuple, ``None`` for an output nothing
used) and returns one gradient per input, ``None`` where not needed.
``apply`` runs the op on Tensors and, while a tape records, links the
outputs to the op.
"""

from nbkeras.ops import two_cores
from nbkeras.ops.tape import active_recorders, attributes_before, current_tape
from nbkeras.ops.tensor import Tensor, as_tensor


class Op:
    """Base class of all differentiable operations.

    Attributes set by ``apply`` while recording:
        inputs: the input Tensors (``None`` for absent optional inputs).
        outputs: the output Tensors, a tuple (one element for most ops).
        needs_input_grad: one bool per input; backward may skip the rest.
    """

    def forward(self, *arrays, **attributes):
        raise NotImplementedError(f"{type(self).__name__} has no forward pass.")

    def backward(self, dy):
        raise NotImplementedError(f"{type(self).__name__} has no backward pass.")

    @classmethod
    def apply(cls, *inputs, **attributes):
        """Runs the op on Tensors (or array-likes) and records it if needed.

        Returns:
            A Tensor, or a tuple of Tensors when forward returned a tuple.
        """
        tensors = tuple(x if x is None or isinstance(x, Tensor) else as_tensor(x) for x in inputs)
        op = cls()
        tape = current_tape()
        needs = tuple(t is not None and t.requires_grad for t in tensors)
        op.needs_input_grad = needs if tape is not None else (False,) * len(tensors)
        before = attributes_before(attributes) if active_recorders else None
        data = op.forward(*[None if t is None else t.data for t in tensors], **attributes)
        several = type(data) is tuple
        if tape is None or True not in needs:
            result = tuple(Tensor.wrap(d) for d in data) if several else Tensor.wrap(data)
            if active_recorders:
                active_recorders[-1].entries.append(
                    (op, tensors, attributes, result if several else (result,), False, before))
            return result
        op.inputs = tensors
        if several:
            # Integer outputs (indices, counts) carry no gradient.
            op.outputs = tuple(Tensor.wrap(d, requires_grad=d.dtype.kind == "f") for d in data)
        else:
            op.outputs = (Tensor.wrap(data, requires_grad=True),)
        tape.record(op)
        if active_recorders:
            active_recorders[-1].entries.append((op, tensors, attributes, op.outputs, True, before))
        return op.outputs if several else op.outputs[0]

    def input_grad_from_product(self, index, a, b):
        """The gradient of input ``index`` as the product ``a @ b``, reshaped to that input.

        When the input is a Variable whose optimizer-owned gradient buffer is
        free, the product is written straight into it and ``None`` is
        returned (already accumulated): a fresh 784x128 result cost 5x more
        than writing into existing memory here. Fused ops (Dense, Conv) use
        this for their weight gradients. The product sums K in fixed blocks
        (``fixed_order``), so it does not depend on the BLAS thread count; a large
        float32 one runs on both cores (``two_cores``).
        """
        target = self.inputs[index]
        buffer = target.claim_zero_grad_buffer()
        if buffer is None:
            return two_cores.matmul(a, b).reshape(target.shape)
        two_cores.matmul(a, b, out=buffer.reshape(a.shape[0], b.shape[1]))
        return None

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
