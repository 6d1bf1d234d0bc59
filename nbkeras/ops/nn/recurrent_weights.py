"""The weight gradients of a recurrent op: per-half sums made during backpropagation, then added.

The sequence kernel adds each step's share of ``d_kernel``, ``d_recurrent``
and ``d_bias`` into one part per row half while the step's rows are in cache
(``kernels/recurrent_weight_gradients.py`` says why and how).
``python_weight_sums`` makes the same sums in the same order with NumPy for
the op's Python loop (NumPy's BLAS not OpenBLAS); ``weight_gradient`` adds
the parts. The row halves are those of ``recurrent_halves.row_halves``: they
depend on the batch size only, so the bits do not depend on the thread count.
"""

import numpy as np

from nbkeras.ops.nn.recurrent_halves import row_halves

# Rows per product (kept equal to kernels/recurrent_weight_gradients.py; importing it would load Numba).
PRODUCT_ROWS = 256


def empty_weight_sums(op, needs, batch, dtype):
    """Zeroed ``(d_kernel, d_recurrent, d_bias)`` sums, one part per row half; ``(parts, 0, 0)`` if not needed."""
    parts = len(row_halves(batch))
    width = op.gates.shape[-1]
    shapes = ((op.x_steps.shape[-1], width), (op.states.shape[-1], width), (op.bias_rows, width))
    return tuple(np.zeros((parts,) + (shape if needed else (0, 0)), dtype)
                 for shape, needed in zip(shapes, (needs[1], needs[2], needs[3])))


def python_weight_sums(op, sums):
    """Fills ``sums`` as the sequence kernel does: each half's rows, steps from last to first."""
    d_kernel, d_recurrent, d_bias = sums
    steps = op.d_product.shape[0]
    for part, (lo, hi) in enumerate(row_halves(op.d_product.shape[1])):
        for t in range(steps - 1, -1, -1):
            d_projection, d_product = op.d_projection[t, lo:hi], op.d_product[t, lo:hi]
            h_in = op.states[t, lo:hi]
            if op.recurrent_mask is not None:
                h_in = h_in * op.recurrent_mask[lo:hi]
            for start in range(0, hi - lo, PRODUCT_ROWS):
                rows = slice(start, start + PRODUCT_ROWS)
                if d_kernel.size:
                    d_kernel[part] += op.x_steps[t, lo:hi][rows].T @ d_projection[rows]
                if d_recurrent.size:
                    op.add_recurrent_product(d_recurrent[part], h_in[rows], d_product[rows], t, lo + start,
                                             min(lo + start + PRODUCT_ROWS, hi))
            if d_bias.size:
                d_bias[part, 0] += d_projection.sum(axis=0)
                if d_bias.shape[1] == 2:
                    d_bias[part, 1] += d_product.sum(axis=0)


def weight_gradient(op, index, parts):
    """Input ``index``'s gradient: the sum of its parts, written into the Variable's free gradient
    buffer when it has one (then None is returned: already accumulated, see ``Op.input_grad_from_product``)."""
    target = op.inputs[index]
    buffer = target.claim_zero_grad_buffer()
    out = np.empty(parts.shape[1:], parts.dtype) if buffer is None else buffer.reshape(parts.shape[1:])
    if parts.shape[0] == 1:
        out[...] = parts[0]
    else:
        np.add(parts[0], parts[1], out=out)
    return None if buffer is not None else out.reshape(target.shape)
