"""Norms and Einstein summation: norm and einsum (both differentiable)."""

import numpy as np

from nbkeras.ops.numpy.arithmetic import abs, power, sqrt, square
from nbkeras.ops.numpy.reductions import sum
from nbkeras.ops.numpy.statistics import max
from nbkeras.ops.op import Op
from nbkeras.ops.tensor import as_tensor


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector norms (``ord`` None/2, 1, inf, any p) and the Frobenius norm of matrices.

    With ``axis=None`` the whole tensor is treated as one vector (for a
    matrix that is the Frobenius norm, Keras's default).

    Example:
        >>> import nbkeras as keras
        >>> float(keras.ops.norm(keras.ops.convert_to_tensor([3.0, 4.0])))
        5.0
    """
    x = as_tensor(x)
    matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    if matrix and ord not in (None, "fro"):
        raise ValueError(f"nbkeras's norm computes the Frobenius norm of matrices only. "
                         f"Received: ord={ord!r}, axis={axis}")
    if ord in (None, 2, "fro", "euclidean"):
        return sqrt(sum(square(x), axis=axis, keepdims=keepdims))
    if ord == 1:
        return sum(abs(x), axis=axis, keepdims=keepdims)
    if ord in (np.inf, float("inf"), "inf"):
        return max(abs(x), axis=axis, keepdims=keepdims)
    if isinstance(ord, (int, float)) and ord > 0:
        return power(sum(power(abs(x), float(ord)), axis=axis, keepdims=keepdims), 1.0 / ord)
    raise ValueError(f"Unsupported norm order. Received: ord={ord!r}")


def _parse(subscripts, count):
    subscripts = subscripts.replace(" ", "")
    if "." in subscripts:
        raise ValueError("nbkeras's einsum does not support '...'; name every axis. "
                         f"Received: {subscripts!r}")
    if "->" in subscripts:
        inputs, output = subscripts.split("->")
    else:
        inputs = subscripts
        letters = inputs.replace(",", "")
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    inputs = inputs.split(",")
    if len(inputs) != count:
        raise ValueError(f"einsum got {count} operands for {len(inputs)} input specs "
                         f"in {subscripts!r}.")
    return inputs, output


class Einsum(Op):
    def forward(self, *operands, subscripts=""):
        self.operands = operands
        self.inputs_spec, self.output_spec = _parse(subscripts, len(operands))
        return np.einsum(subscripts, *operands)

    def backward(self, dy):
        grads = []
        for index, (spec, operand) in enumerate(zip(self.inputs_spec, self.operands)):
            if not self.needs_input_grad[index]:
                grads.append(None)
                continue
            if len(set(spec)) != len(spec):
                raise NotImplementedError(
                    f"einsum's gradient for an operand with a repeated index ({spec!r}, a "
                    "diagonal or trace) is not implemented; take the diagonal first.")
            others = [(s, o) for i, (s, o) in enumerate(zip(self.inputs_spec, self.operands))
                      if i != index]
            seen = set(self.output_spec) | {c for s, _ in others for c in s}
            # letters of this operand found nowhere else were summed away: broadcast them back
            kept = "".join(c for c in spec if c in seen)
            specs = ",".join([self.output_spec] + [s for s, _ in others])
            grad = np.einsum(f"{specs}->{kept}", dy, *[o for _, o in others])
            for letter in spec:
                if letter not in kept:
                    grad = np.expand_dims(grad, -1)
                    kept += letter
            grad = np.broadcast_to(np.transpose(grad, [kept.index(c) for c in spec]),
                                   operand.shape)
            grads.append(np.array(grad, dtype=operand.dtype))
        return tuple(grads)


def einsum(subscripts, *operands):
    """Einstein summation, e.g. ``einsum("ij,jk->ik", a, b)`` is a matrix product.

    Example:
        >>> import nbkeras as keras
        >>> a = keras.ops.ones((2, 3))
        >>> keras.ops.einsum("ij,kj->ik", a, a).numpy().tolist()
        [[3.0, 3.0], [3.0, 3.0]]
    """
    return Einsum.apply(*operands, subscripts=subscripts)
