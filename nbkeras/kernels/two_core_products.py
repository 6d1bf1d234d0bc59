"""A product's two row halves on two CPU cores, handed over in shared memory.

Handing work to another Python thread costs 50-110 us on the reference VM
(``benchmarks/PROFILE.md``): the sleeping thread's wake-up and the GIL passing
between the threads. Here neither happens while a ``fit`` runs: the worker
thread waits inside ``serve`` (Numba, no GIL) by reading a status word, the
caller writes the job and sets the status, both compute their half of the rows
with NumPy's own ``sgemm`` called from Numba (``ops/nn/recurrent_blas.py``
finds it; the recurrent step loops call it the same way), and the caller waits
for the worker's status the same way. A hand-over measured ~0.2 us this way
(``benchmarks/handover_floor.py``).

Status word ``state[STATUS]``: ``IDLE`` -> the caller posts (``POSTED``) -> the
worker claims it (``CLAIMED``) and marks it ``DONE``; or the caller, done with
its own half before the worker claimed the job (the worker asleep or not
scheduled), takes it back (``TAKEN``) with a compare-and-swap and computes the
first half itself. Either way the same calls compute the same rows: the bits
do not depend on which thread ran them. ``serve`` returns after ``spins``
idle reads so that an idle process does not keep a core busy; the Python side
(``ops/two_cores.py``) then puts the thread to sleep until the next product.
"""

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

STATUS, STOP = 0, 8          # words of ``state``, a cache line apart
IDLE, POSTED, CLAIMED, DONE, TAKEN = 0, 1, 2, 3, 4
# The posted job, from word JOB: the addresses of a, b and c, the rows (lo, hi),
# (m, n, k, transposed), the number of K block edges, the edges.
JOB = 16
_A, _B, _C, _LO, _HI, _SIZES, _EDGE_COUNT, _EDGES = (JOB + i for i in (0, 1, 2, 3, 4, 5, 9, 10))
ROW_MAJOR, PLAIN, TRANSPOSED = 101, 111, 112  # CBLAS enums
MAX_BLOCKS = 32
STATE_SIZE = _EDGES + MAX_BLOCKS + 1


def _element_pointer(context, builder, array_type, array, index):
    data = context.make_array(array_type)(context, builder, array).data
    return builder.gep(data, [index])


@intrinsic
def load_acquire(typingctx, array, index):
    """``array[index]`` of an int64 array, read atomically (never hoisted out of a loop)."""
    def codegen(context, builder, sig, args):
        pointer = _element_pointer(context, builder, sig.args[0], *args)
        return builder.load_atomic(pointer, "acquire", 8)

    return types.int64(array, index), codegen


@intrinsic
def store_release(typingctx, array, index, value):
    """``array[index] = value`` atomically, after every earlier write of this thread."""
    def codegen(context, builder, sig, args):
        pointer = _element_pointer(context, builder, sig.args[0], args[0], args[1])
        builder.store_atomic(args[2], pointer, "release", 8)
        return context.get_dummy_value()

    return types.void(array, index, value), codegen


@intrinsic
def compare_exchange(typingctx, array, index, expected, new):
    """Sets ``array[index] = new`` if it holds ``expected``; True if it did."""
    def codegen(context, builder, sig, args):
        pointer = _element_pointer(context, builder, sig.args[0], args[0], args[1])
        pair = builder.cmpxchg(pointer, args[2], args[3], "acq_rel", "acquire")
        return builder.extract_value(pair, 1)

    return types.boolean(array, index, expected, new), codegen


@njit(cache=True, nogil=True)
def product_rows(gemm, a, b, c, lo, hi, edges, sizes):
    """``c[lo:hi] = a[lo:hi] @ b`` with the inner axis in the blocks ``edges`` (``fixed_order``).

    Args:
        gemm: NumPy's ``cblas_sgemm`` (``ops/nn/recurrent_blas.numpy_gemm``).
        a, b, c: addresses of C-contiguous float32 arrays: ``a`` ``(m, k)``, or ``(k, m)``
            holding the transpose of the left factor; ``b`` ``(k, n)``; ``c`` ``(m, n)``.
        lo, hi: the rows to compute.
        edges: int64 array, the K blocks' bounds (``fixed_order.block_edges(k)``).
        sizes: int64 ``(m, n, k, transposed)`` of the whole product.

    The first block is written (``beta = 0``), the others added by BLAS (``beta = 1``) in
    order: the bits of ``fixed_order.matmul``, whose separate additions round the same way.
    """
    m, n, k, transposed = sizes[0], sizes[1], sizes[2], sizes[3] != 0
    if hi <= lo:
        return
    for block in range(len(edges) - 1):
        start, depth = edges[block], edges[block + 1] - edges[block]
        first = start * m + lo if transposed else lo * k + start
        gemm(ROW_MAJOR, TRANSPOSED if transposed else PLAIN, PLAIN, hi - lo, n, depth, 1.0,
             a + 4 * first, m if transposed else k, b + 4 * start * n, n, 0.0 if block == 0 else 1.0,
             c + 4 * lo * n, n)


@njit(cache=True, nogil=True)
def _run_posted(gemm, state):
    product_rows(gemm, state[_A], state[_B], state[_C], state[_LO], state[_HI],
                 state[_EDGES:_EDGES + state[_EDGE_COUNT]], state[_SIZES:_SIZES + 4])


@njit(cache=True, nogil=True)
def serve(gemm, state, spins):
    """The worker's loop: runs posted jobs until ``spins`` reads found none, or STOP.

    Returns:
        1 if told to stop, 0 after ``spins`` idle reads.
    """
    idle = 0
    while idle < spins:
        status = load_acquire(state, STATUS)
        if status == POSTED and compare_exchange(state, STATUS, POSTED, CLAIMED):
            _run_posted(gemm, state)
            store_release(state, STATUS, DONE)
            idle = 0
        elif load_acquire(state, STOP) != 0:
            return 1
        else:
            idle += 1
    return 0


@njit(cache=True, nogil=True)
def split_product(gemm, state, a, transposed, b, c, edges):
    """``c = a @ b`` (float32, C-contiguous, 2-D) as two row halves, the first one posted.

    ``a`` holds the left factor, or its transpose if ``transposed``. The worker computes
    rows ``[0, m // 2)`` if it claims the job in time, this thread rows ``[m // 2, m)``;
    K is summed in the blocks ``edges`` as ``fixed_order`` does.
    """
    m, k = (a.shape[1], a.shape[0]) if transposed else (a.shape[0], a.shape[1])
    middle = m // 2
    pa, pb, pc = np.int64(a.ctypes.data), np.int64(b.ctypes.data), np.int64(c.ctypes.data)
    state[_A], state[_B], state[_C] = pa, pb, pc
    state[_LO], state[_HI] = 0, middle
    state[_SIZES], state[_SIZES + 1], state[_SIZES + 2], state[_SIZES + 3] = m, b.shape[1], k, transposed
    state[_EDGE_COUNT] = len(edges)
    state[_EDGES:_EDGES + len(edges)] = edges
    sizes = state[_SIZES:_SIZES + 4]
    store_release(state, STATUS, POSTED)
    product_rows(gemm, pa, pb, pc, middle, m, edges, sizes)
    taken_back = compare_exchange(state, STATUS, POSTED, TAKEN)
    if taken_back:
        product_rows(gemm, pa, pb, pc, 0, middle, edges, sizes)
    else:
        while load_acquire(state, STATUS) != DONE:
            pass
    store_release(state, STATUS, IDLE)
    return taken_back


def new_state():
    """A zeroed status-and-job array for one worker."""
    return np.zeros(STATE_SIZE, np.int64)
