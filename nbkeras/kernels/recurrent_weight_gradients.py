"""Weight gradients of the recurrent layers, added up step by step inside the backward loop.

At every step ``t`` (last to first) each half of the batch
(``ops/nn/recurrent_halves.py``) adds its rows' share into its own part::

    d_kernel[part]    += x_t^T @ d_projection_t
    d_recurrent[part] += h_in_t^T @ d_product_t          (h_in: h_prev times the recurrent-dropout mask)
    d_bias[part, 0]   += column sums of d_projection_t
    d_bias[part, 1]   += column sums of d_product_t      (GRU with reset_after: the recurrent bias row)

GRU_RESET_BEFORE's recurrent kernel has two parts: ``h_in^T @ d_zr`` for the
first ``2u`` columns and ``(reset_gate * h_in)^T @ d_h`` for the last ``u``.
The op then adds the two parts. Why not one product over all steps at the end
(as before): the step's rows are still in cache here, the two threads share
the work evenly (the recurrent kernel's product, the largest, used to run
alone on one thread), and the threads need no third hand-over. Each product's
inner axis is the step's rows, cut into chunks of at most ``PRODUCT_ROWS``
(inside fixed_order's measured range, where bits do not depend on the BLAS
thread count). The op's Python loop makes the same sums in the same order
with NumPy (``RecurrentOp.python_weight_sums``).
"""

from numba import njit

PRODUCT_ROWS = 256  # kept equal to ops/nn/recurrent_base.py
ROW_MAJOR, PLAIN, TRANSPOSED = 101, 111, 112  # CBLAS enums


@njit(cache=True, nogil=True, error_model="numpy")
def add_transposed_product(gemm, a, b, c):
    """``c += a^T @ b`` through the CBLAS ``gemm`` pointer (``beta = 1``), rows in chunks.

    Args:
        gemm: NumPy's ``cblas_sgemm`` or ``cblas_dgemm``.
        a: ``(rows, m)``, b: ``(rows, n)``, c: ``(m, n)``; rows contiguous (any row stride).
    """
    size = a.itemsize
    for start in range(0, a.shape[0], PRODUCT_ROWS):
        stop = min(start + PRODUCT_ROWS, a.shape[0])
        gemm(ROW_MAJOR, TRANSPOSED, PLAIN, c.shape[0], c.shape[1], stop - start, 1.0,
             a[start:stop].ctypes.data, a.strides[0] // size, b[start:stop].ctypes.data, b.strides[0] // size,
             1.0, c.ctypes.data, c.strides[0] // size)


@njit(cache=True, nogil=True, error_model="numpy")
def add_column_sums(values, row_sum, target):
    """``target += values.sum(axis=0)``, the rows summed one after the other as NumPy does."""
    for j in range(values.shape[1]):  # a loop, not ``row_sum[:] = values[0]``: its shape check
        row_sum[j] = values[0, j]      # compiles Numba's error formatting (~4 s cold)
    for i in range(1, values.shape[0]):
        for j in range(values.shape[1]):
            row_sum[j] += values[i, j]
    for j in range(values.shape[1]):
        target[j] += row_sum[j]


@njit(cache=True, nogil=True, error_model="numpy")
def add_step_weight_gradients(gemm, reset_before, x_t, h_in, reset_state, d_projection, d_product, d_kernel,
                              d_recurrent, d_bias, row_sum):
    """Adds one step's rows to a part of the weight gradients (see the module docstring).

    Args:
        gemm: the CBLAS gemm pointer.
        reset_before: the cell is GRU_RESET_BEFORE.
        x_t, h_in: ``(rows, features)``, ``(rows, units)``; reset_state ``(rows, units)``
            (GRU_RESET_BEFORE; anything otherwise).
        d_projection, d_product: ``(rows, gates * units)`` the step's pre-activation gradients.
        d_kernel, d_recurrent: this part's sums, or empty arrays when not needed.
        d_bias: ``(1 or 2, gates * units)`` this part's bias sums, or empty.
        row_sum: ``(gates * units,)`` scratch.
    """
    if d_kernel.size > 0:
        add_transposed_product(gemm, x_t, d_projection, d_kernel)
    if d_recurrent.size > 0:
        if reset_before:
            units = h_in.shape[1]
            add_transposed_product(gemm, h_in, d_product[:, :2 * units], d_recurrent[:, :2 * units])
            add_transposed_product(gemm, reset_state, d_product[:, 2 * units:], d_recurrent[:, 2 * units:])
        else:
            add_transposed_product(gemm, h_in, d_product, d_recurrent)
    if d_bias.size > 0:
        add_column_sums(d_projection, row_sum, d_bias[0])
        if d_bias.shape[0] == 2:
            add_column_sums(d_product, row_sum, d_bias[1])
