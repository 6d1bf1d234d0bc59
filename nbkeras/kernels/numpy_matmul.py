"""NumPy's float32 ``matmul`` and ``add.reduce``, reproduced in Numba code with NumPy's bits.

A compiled training step (``kernels/dense_chain.py``) must give the bits of the ordinary
path, whose products are ``np.matmul`` calls (``ops/fixed_order.py``) and whose mean loss
is ``np.add.reduce``. For 2-D float32 operands NumPy picks one of four ways by the shapes
and strides (``numpy/_core/src/umath/matmul.c.src``): BLAS ``sgemm`` for a matrix by a
matrix, ``sgemv`` when one side is a single row or column, ``sdot`` for a 1x1 result, and
a plain loop for a column by a row. ``product`` makes the same choice with the same
arguments and calls the same routines of NumPy's own OpenBLAS by address
(``ops/nn/recurrent_blas.py``), so the bits are NumPy's (tested over many shapes,
transposed operands included, in ``tests/kernels/test_numpy_matmul.py``). ``blocked_product``
adds ``fixed_order``'s K blocks. ``pairwise_sum`` is NumPy's float32 summation of a
contiguous 1-D array: 0 plus a pairwise sum, eight accumulators per block of up to 128.

``blas``: int64 ``[sgemm address, 1 if its integers are 64-bit, sgemv address, sdot
address]`` (``ops/two_cores.numpy_blas``).
"""

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from nbkeras.kernels.two_core_products import PLAIN, ROW_MAJOR, TRANSPOSED, _call_sgemm

COLUMN_MAJOR = 102
K_BLOCK = 384  # ops/fixed_order.K_BLOCK
# NumPy's pairwise summation: blocks of up to 128 values summed with 8 accumulators.
PAIRWISE_BLOCK = 128

_INT64, _INT32, _FLOAT = ir.IntType(64), ir.IntType(32), ir.FloatType()


def _blas_call(builder, words, slot, result, arguments):
    """Calls the routine at ``words[slot]`` with ``arguments`` ``(LLVM value, is a size)``: sizes
    as 64-bit or 32-bit integers as ``words[1]`` says (the ILP64 or LP64 build)."""
    address = builder.load(builder.gep(words, [ir.Constant(_INT64, slot)]))
    wide = builder.icmp_signed("!=", builder.load(builder.gep(words, [ir.Constant(_INT64, 1)])),
                               ir.Constant(_INT64, 0))
    slot_for_result = None if isinstance(result, ir.VoidType) else cgutils.alloca_once(builder, result)
    with builder.if_else(wide) as (then, otherwise):
        for branch, integer in ((then, _INT64), (otherwise, _INT32)):
            with branch:
                values = [builder.trunc(value, integer) if is_size and integer is _INT32 else value
                          for value, is_size in arguments]
                function_type = ir.FunctionType(result, [value.type for value in values])
                returned = builder.call(builder.inttoptr(address, function_type.as_pointer()), values)
                if slot_for_result is not None:
                    builder.store(returned, slot_for_result)
    return None if slot_for_result is None else builder.load(slot_for_result)


@intrinsic
def _call_sgemv(typingctx, blas, order, trans, m, n, a, lda, x, incx, y, incy):
    """CBLAS ``sgemv(order, trans, m, n, 1, a, lda, x, incx, 0, y, incy)``, addresses as int64."""
    signature = types.void(blas, order, trans, m, n, a, lda, x, incx, y, incy)

    def codegen(context, builder, sig, args):
        blas, order, trans, m, n, a, lda, x, incx, y, incy = args
        words = context.make_array(sig.args[0])(context, builder, blas).data
        one, zero = ir.Constant(_FLOAT, 1.0), ir.Constant(_FLOAT, 0.0)
        _blas_call(builder, words, 2, ir.VoidType(), [
            (builder.trunc(order, _INT32), False), (builder.trunc(trans, _INT32), False), (m, True), (n, True),
            (one, False), (a, False), (lda, True), (x, False), (incx, True), (zero, False), (y, False),
            (incy, True)])
        return context.get_dummy_value()

    return signature, codegen


@intrinsic
def _call_sdot(typingctx, blas, n, x, incx, y, incy):
    """CBLAS ``sdot(n, x, incx, y, incy)``, a float32, addresses as int64."""
    signature = types.float32(blas, n, x, incx, y, incy)

    def codegen(context, builder, sig, args):
        blas, n, x, incx, y, incy = args
        words = context.make_array(sig.args[0])(context, builder, blas).data
        return _blas_call(builder, words, 3, _FLOAT, [(n, True), (x, False), (incx, True), (y, False),
                                                      (incy, True)])

    return signature, codegen


@njit(cache=True, nogil=True, inline="always")
def _blasable(stride_1, stride_2, size_1, size_2):
    """NumPy's ``is_blasable2d`` for float32 (byte strides): BLAS can read this 2-D layout."""
    return stride_2 == 4 and stride_1 % 4 == 0 and stride_1 // 4 >= size_2


@njit(cache=True, nogil=True, inline="always")
def _gemm_operand(stride_1, stride_2, size_1, size_2):
    """How NumPy hands a matrix to ``sgemm``: ``(PLAIN, leading dimension)`` as stored,
    ``(TRANSPOSED, ...)`` when it is the transpose of a stored one, ``(0, 0)`` when BLAS
    cannot read it (NumPy would copy it first)."""
    if _blasable(stride_1, stride_2, size_1, size_2):
        return PLAIN, stride_1 // 4
    if _blasable(stride_2, stride_1, size_2, size_1):
        return TRANSPOSED, stride_2 // 4
    return 0, 0


@njit(cache=True, nogil=True, error_model="numpy")
def _plain_loop(a, b, out):
    """NumPy's ``matmul_inner_noblas``: each output starts at 0 and adds the products in order."""
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            total = np.float32(0.0)
            for k in range(a.shape[1]):
                total += a[i, k] * b[k, j]
            out[i, j] = total


@njit(cache=True, nogil=True, inline="always")
def _gemv(blas, a, stride_m, stride_n, x, stride_x, y, stride_y, m, n):
    """NumPy's ``FLOAT_gemv``: ``y = a @ x``, ``a`` (m, n) with the given byte strides."""
    if _blasable(stride_m, stride_n, m, n):
        order, lda = COLUMN_MAJOR, stride_m // 4
    else:
        order, lda = ROW_MAJOR, stride_n // 4
    _call_sgemv(blas, order, TRANSPOSED, n, m, a, lda, x, stride_x // 4, y, stride_y // 4)


@njit(cache=True, nogil=True, error_model="numpy")
def product(blas, a, b, out):
    """``out[...] = np.matmul(a, b)`` for 2-D float32 ``a``, ``b`` (C-contiguous or their
    transposes) and a C-contiguous ``out``, by NumPy's choice of routine (see the module doc).

    Returns:
        False, writing nothing, for layouts NumPy would first copy (never the Dense chain's).
    """
    rows, depth, columns = a.shape[0], a.shape[1], b.shape[1]
    a_m, a_n = a.strides
    b_n, b_p = b.strides
    out_m, out_p = out.strides
    pa, pb, po = a.ctypes.data, b.ctypes.data, out.ctypes.data
    if rows == 0 or depth == 0 or columns == 0:
        _plain_loop(a, b, out)
    elif rows == 1 or depth == 1 or columns == 1:
        a_blasable = _blasable(a_m, a_n, rows, depth) or _blasable(a_n, a_m, depth, rows)
        b_blasable = _blasable(b_n, b_p, depth, columns) or _blasable(b_p, b_n, columns, depth)
        if rows == 1 and columns == 1:
            # NumPy's FLOAT_dot: a double-precision total of one sdot call, rounded to float32
            out[0, 0] = np.float32(0.0 + np.float64(_call_sdot(blas, depth, pa, a_n // 4, pb, b_n // 4)))
        elif depth == 1:
            _plain_loop(a, b, out)
        elif rows == 1 and b_blasable and _blasable(a_n, 4, depth, 1):
            _gemv(blas, pb, b_p, b_n, pa, a_n, po, out_p, columns, depth)
        elif columns == 1 and a_blasable and _blasable(b_n, 4, depth, 1):
            _gemv(blas, pa, a_m, a_n, pb, b_n, po, out_m, rows, depth)
        else:
            _plain_loop(a, b, out)
    else:
        if not (_blasable(out_m, out_p, rows, columns) and abs(out_m) >= abs(out_p)):
            return False
        trans_a, lda = _gemm_operand(a_m, a_n, rows, depth)
        trans_b, ldb = _gemm_operand(b_n, b_p, depth, columns)
        if trans_a == 0 or trans_b == 0:
            return False
        if pa == pb and rows == columns and trans_a != trans_b:
            return False  # NumPy's syrk of a matrix by its own transpose: never a Dense product
        _call_sgemm(blas, trans_a, trans_b, rows, columns, depth, pa, lda, pb, ldb, 0.0, po, out_m // 4)
    return True


@njit(cache=True, nogil=True, inline="always")
def block_edges(depth):
    """``ops/fixed_order.block_edges``: the fewest K blocks of at most ``K_BLOCK``, as equal as possible."""
    count = -(-depth // K_BLOCK)
    size, longer = depth // count, depth % count
    edges = np.empty(count + 1, np.int64)
    edges[0] = 0
    for index in range(count):
        edges[index + 1] = edges[index] + size + (1 if index < longer else 0)
    return edges


@njit(cache=True, nogil=True, error_model="numpy")
def blocked_product(blas, a, b, out):
    """``ops/fixed_order.matmul(a, b, out)``: K in fixed blocks, each block's product added in order.

    Returns:
        False, writing nothing useful, where ``product`` refuses a layout.
    """
    depth = a.shape[1]
    if depth <= K_BLOCK:
        return product(blas, a, b, out)
    edges = block_edges(depth)
    if not product(blas, a[:, :edges[1]], b[:edges[1]], out):
        return False
    partial = np.empty_like(out)
    for block in range(1, len(edges) - 1):
        if not product(blas, a[:, edges[block]:edges[block + 1]], b[edges[block]:edges[block + 1]], partial):
            return False
        for i in range(out.shape[0]):
            for j in range(out.shape[1]):
                out[i, j] += partial[i, j]
    return True


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _block_sum(values, start, count):
    """NumPy's sum of up to ``PAIRWISE_BLOCK`` values: in order below 8, else 8 accumulators."""
    if count < 8:
        total = np.float32(0.0)
        for i in range(start, start + count):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = 8
    while i < count - count % 8:
        at = start + i
        r0 += values[at]
        r1 += values[at + 1]
        r2 += values[at + 2]
        r3 += values[at + 3]
        r4 += values[at + 4]
        r5 += values[at + 5]
        r6 += values[at + 6]
        r7 += values[at + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < count:
        total += values[start + i]
        i += 1
    return total


@njit(cache=True, nogil=True, error_model="numpy")
def pairwise_sum(values):
    """``np.add.reduce(values)`` of a contiguous 1-D float32 array.

    NumPy halves a longer range (the first half a multiple of 8) and adds the two
    halves' sums; written with a stack of ranges here, as a Numba function that
    calls itself cannot be cached.
    """
    starts, counts, phases = np.empty(64, np.int64), np.empty(64, np.int64), np.empty(64, np.int64)
    sums = np.empty(64, np.float32)
    depth, done = 0, 0
    starts[0], counts[0], phases[0] = 0, values.size, 0
    while depth >= 0:
        start, count = starts[depth], counts[depth]
        if count <= PAIRWISE_BLOCK:
            sums[done] = _block_sum(values, start, count)
            done += 1
            depth -= 1
            continue
        half = count // 2
        half -= half % 8
        if phases[depth] == 0:  # the first half's sum comes first
            phases[depth] = 1
            depth += 1
            starts[depth], counts[depth], phases[depth] = start, half, 0
        elif phases[depth] == 1:
            phases[depth] = 2
            depth += 1
            starts[depth], counts[depth], phases[depth] = start + half, count - half, 0
        else:
            done -= 1
            sums[done - 1] = sums[done - 1] + sums[done]
            depth -= 1
    return np.float32(0.0) + sums[0]
