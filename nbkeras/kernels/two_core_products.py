"""Two halves of a job (a product, an Adam update, a batch copy) on two CPU cores, handed over
in shared memory.

Handing work to another Python thread costs 50-110 us on the reference VM
(``benchmarks/PROFILE.md``): the sleeping thread's wake-up and the GIL passing
between the threads. Here neither happens while a ``fit`` runs: the worker
thread waits inside ``serve`` (Numba, no GIL) by reading a status word; the
caller writes the job into the words after it (``share_product``,
``share_adam``, ``share_gather``) and sets the status (``share``); both run
their half with ``run_job``, products through NumPy's own ``sgemm`` called by
its address (``ops/nn/recurrent_blas.py`` finds it; the recurrent step loops
call it too); the caller then waits for the worker's status the same way. The
hand-over adds 2-9 us to a half (``benchmarks/handover_floor.py``). Three kinds
of job: the rows of a product (``PRODUCT``), a range of Adam's flat buffers
(``ADAM``: elementwise, so any split gives the same bits), and rows of a
shuffled batch copied from the data (``GATHER``).

Status word ``state[STATUS]``: ``IDLE`` -> the caller posts (``POSTED``) -> the
worker claims it (``CLAIMED``) and marks it ``DONE``; or the caller, done with
its own half before the worker claimed the job (the worker asleep or not
scheduled), takes it back (``TAKEN``) with a compare-and-swap and runs the
first half itself. Either way the same calls compute the same rows: the bits
do not depend on which thread ran them. ``serve`` returns after ``spins``
idle reads so that an idle process does not keep a core busy, or at once when
told to rest (another thread needs the core); the Python side
(``ops/two_cores.py``) then puts the thread to sleep until the next job.
"""

import numpy as np
from llvmlite import ir
from numba import carray, njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from nbkeras.kernels.optimizers import adam_plain_update

STATUS, STOP, REST = 0, 8, 9  # words of ``state``: the status a cache line away from the others
IDLE, POSTED, CLAIMED, DONE, TAKEN = 0, 1, 2, 3, 4
PRODUCT, ADAM, GATHER = 1, 2, 3
# The job, from word JOB (written by ``ops/two_cores.py``): its kind, the range posted to the
# worker (lo, hi), the caller's own range, four addresses (a, b, c of a product; w, g, m, v of
# Adam; source, index, destination of a gather), five sizes ((m, n, k, a transposed, b
# transposed) of a product; Adam's step; a gather's row bytes), the number of K block edges
# and the edges. Adam's real numbers are in ``reals``.
JOB = 16
KIND, LO, HI, OWN_LO, OWN_HI, ADDRESSES, SIZES, EDGE_COUNT, EDGES = (JOB + i for i in (0, 1, 2, 3, 4, 5, 9, 14, 15))
ROW_MAJOR, PLAIN, TRANSPOSED = 101, 111, 112  # CBLAS enums
MAX_BLOCKS = 32
STATE_SIZE = EDGES + MAX_BLOCKS + 1


def new_state():
    """The zeroed status-and-job words of one worker, and its real numbers (Adam's)."""
    return np.zeros(STATE_SIZE, np.int64), np.zeros(4, np.float64)


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


def _pointer_to(element):
    """An intrinsic that turns an int64 address into a pointer to ``element`` (for ``carray``)."""
    @intrinsic
    def pointer(typingctx, address):
        def codegen(context, builder, sig, args):
            return builder.inttoptr(args[0], context.get_value_type(sig.return_type))

        return types.CPointer(element)(address), codegen

    return pointer


_float32_pointer, _int64_pointer = _pointer_to(types.float32), _pointer_to(types.int64)


_INT64 = ir.IntType(64)


def _sgemm_type(integer):
    """CBLAS ``sgemm``'s LLVM type, pointers as 64-bit integers, sizes of type ``integer``."""
    return ir.FunctionType(ir.VoidType(), [ir.IntType(32)] * 3 + [integer] * 3 + [ir.FloatType(), _INT64, integer,
                                                                             _INT64, integer, ir.FloatType(),
                                                                             _INT64, integer])


_SGEMM_ILP64, _SGEMM_LP64 = _sgemm_type(_INT64), _sgemm_type(ir.IntType(32))


@intrinsic
def _call_sgemm(typingctx, gemm, trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc):
    """CBLAS ``sgemm(ROW_MAJOR, trans_a, trans_b, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)``.

    ``gemm``: int64 ``[address, 1 if its integers are 64-bit]``; the others int64 (``beta``
    a float; addresses as integers, which is how the CBLAS prototype of
    ``recurrent_blas`` passes pointers too).
    """
    signature = types.void(gemm, trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc)

    def codegen(context, builder, sig, args):
        gemm, trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc = args
        words = context.make_array(sig.args[0])(context, builder, gemm).data
        address = builder.load(words)
        wide = builder.icmp_signed("!=", builder.load(builder.gep(words, [ir.Constant(_INT64, 1)])),
                                   ir.Constant(_INT64, 0))
        enums = [ir.Constant(ir.IntType(32), ROW_MAJOR), builder.trunc(trans_a, ir.IntType(32)),
                 builder.trunc(trans_b, ir.IntType(32))]
        one, beta = ir.Constant(ir.FloatType(), 1.0), builder.fptrunc(beta, ir.FloatType())
        with builder.if_else(wide) as (then, otherwise):
            for branch, function_type in ((then, _SGEMM_ILP64), (otherwise, _SGEMM_LP64)):
                with branch:
                    integer = function_type.args[3]
                    size = (lambda v: v) if integer == _INT64 else (lambda v: builder.trunc(v, integer))
                    builder.call(builder.inttoptr(address, function_type.as_pointer()),
                                 enums + [size(m), size(n), size(k), one, a, size(lda), b, size(ldb), beta,
                                          c, size(ldc)])
        return context.get_dummy_value()

    return signature, codegen


@njit(cache=True, nogil=True, inline="always")
def product_rows(gemm, a, b, c, lo, hi, edges, sizes):
    """``c[lo:hi] = a[lo:hi] @ b`` with the inner axis in the blocks ``edges`` (``fixed_order``).

    Args:
        gemm: NumPy's ``cblas_sgemm`` as int64 ``[address, 1 if 64-bit integers]``
            (``ops/two_cores.numpy_sgemm``).
        a, b, c: addresses of C-contiguous float32 arrays: ``a`` ``(m, k)``, or ``(k, m)``
            holding the transpose of the left factor; ``b`` ``(k, n)``, or ``(n, k)`` holding
            the transpose of the right one; ``c`` ``(m, n)``.
        lo, hi: the rows to compute.
        edges: int64 array, the K blocks' bounds (``fixed_order.block_edges(k)``).
        sizes: int64 ``(m, n, k, a transposed, b transposed)`` of the whole product.

    The first block is written (``beta = 0``), the others added by BLAS (``beta = 1``) in
    order: the bits of ``fixed_order.matmul``, whose separate additions round the same way.
    """
    m, n, k, a_transposed, b_transposed = sizes[0], sizes[1], sizes[2], sizes[3] != 0, sizes[4] != 0
    if hi <= lo:
        return
    for block in range(len(edges) - 1):
        start, depth = edges[block], edges[block + 1] - edges[block]
        a_first = start * m + lo if a_transposed else lo * k + start
        b_first = start if b_transposed else start * n
        _call_sgemm(gemm, TRANSPOSED if a_transposed else PLAIN, TRANSPOSED if b_transposed else PLAIN,
                    hi - lo, n, depth, a + 4 * a_first, m if a_transposed else k, b + 4 * b_first,
                    k if b_transposed else n, 0.0 if block == 0 else 1.0, c + 4 * lo * n, n)


@njit(cache=True, nogil=True, inline="always")
def _adam_range(addresses, size, lo, hi, reals, step):
    w, g = carray(_float32_pointer(addresses[0]), size), carray(_float32_pointer(addresses[1]), size)
    m, v = carray(_float32_pointer(addresses[2]), size), carray(_float32_pointer(addresses[3]), size)
    adam_plain_update(w[lo:hi], g[lo:hi], m[lo:hi], v[lo:hi], w[:0], reals[0], reals[1], reals[2],
                      reals[3], step)


@intrinsic
def _copy_bytes(typingctx, destination, source, count):
    """``memcpy(destination, source, count)``, the addresses as int64 (LLVM's memcpy: a
    Numba loop over the bytes copied a batch's rows at a third to a half of its speed)."""
    def codegen(context, builder, sig, args):
        byte_pointer = ir.IntType(8).as_pointer()
        cgutils.raw_memcpy(builder, builder.inttoptr(args[0], byte_pointer),
                           builder.inttoptr(args[1], byte_pointer), args[2], ir.Constant(ir.IntType(64), 1))
        return context.get_dummy_value()

    return types.void(destination, source, count), codegen


@njit(cache=True, nogil=True, inline="always")
def gather_rows(source, index, destination, lo, hi, row_bytes):
    """Row ``i`` of ``destination`` = row ``index[i]`` of ``source``, for ``i`` in ``[lo, hi)``.

    ``source``, ``destination`` and ``index`` (int64) are addresses of C-contiguous arrays,
    rows of ``row_bytes`` bytes; every entry of ``index`` must be a row of ``source``:
    the caller's promise, nothing checks it here.
    """
    positions = carray(_int64_pointer(index), hi)
    for i in range(lo, hi):
        _copy_bytes(destination + i * row_bytes, source + positions[i] * row_bytes, row_bytes)


# One compiled function for all kinds of job, called by the worker's loop and by ``share``
# (six functions, each with the jobs inlined, took 2.6 s to compile with an empty cache).
@njit(cache=True, nogil=True)
def run_job(gemm, state, reals, lo, hi):
    """Runs the job described in ``state`` on its rows or values ``[lo, hi)``.

    A kind other than the three (an empty ``state``) runs nothing.
    """
    addresses = state[ADDRESSES:ADDRESSES + 4]
    kind = state[KIND]
    if kind == PRODUCT:
        product_rows(gemm, addresses[0], addresses[1], addresses[2], lo, hi,
                     state[EDGES:EDGES + state[EDGE_COUNT]], state[SIZES:SIZES + 5])
    elif kind == ADAM:
        _adam_range(addresses, hi, lo, hi, reals, state[SIZES])
    elif kind == GATHER:
        gather_rows(addresses[0], addresses[1], addresses[2], lo, hi, state[SIZES])


@njit(cache=True, nogil=True)
def serve(gemm, state, reals, spins):
    """The worker's loop: runs posted jobs until ``spins`` reads found none, or STOP or REST.

    Returns:
        1 if told to stop, 0 after ``spins`` idle reads or when told to rest.
    """
    idle = 0
    while idle < spins:
        status = load_acquire(state, STATUS)
        if status == POSTED and compare_exchange(state, STATUS, POSTED, CLAIMED):
            run_job(gemm, state, reals, state[LO], state[HI])
            store_release(state, STATUS, DONE)
            idle = 0
        elif load_acquire(state, STOP) != 0:
            return 1
        elif load_acquire(state, REST) != 0:
            return 0
        else:
            idle += 1
    return 0


@njit(cache=True, nogil=True)
def share(gemm, state, reals):
    """Runs the job described in ``state`` on both cores: posts the range ``[LO, HI)``, runs
    ``[OWN_LO, OWN_HI)`` here, then takes the posted range back if the worker has not claimed
    it (asleep, or not scheduled) or waits for the worker to finish it.

    The same ``run_job`` calls compute the same ranges wherever they run: the bits do not
    depend on which thread ran them. With no worker serving ``state``, this thread runs both.

    Returns:
        True if this thread ran both ranges.
    """
    store_release(state, STATUS, POSTED)
    run_job(gemm, state, reals, state[OWN_LO], state[OWN_HI])
    taken_back = compare_exchange(state, STATUS, POSTED, TAKEN)
    if taken_back:
        run_job(gemm, state, reals, state[LO], state[HI])
    else:
        while load_acquire(state, STATUS) != DONE:
            pass
    store_release(state, STATUS, IDLE)
    return taken_back


# Thin writers of each kind of job, compiled: a job described from Python (a slice assignment
# of Python integers) cost ~3 us more a call, 10% of W1's training speed.
@njit(cache=True, nogil=True, inline="always")
def _post(state, kind, total, first, second, third, fourth):
    middle = total // 2
    state[KIND], state[LO], state[HI], state[OWN_LO], state[OWN_HI] = kind, 0, middle, middle, total
    state[ADDRESSES], state[ADDRESSES + 1], state[ADDRESSES + 2], state[ADDRESSES + 3] = first, second, third, fourth


@njit(cache=True, nogil=True)
def share_product(gemm, state, reals, a, a_transposed, b, b_transposed, c, edges):
    """``c = a @ b`` (float32, C-contiguous, 2-D; ``a``, ``b`` holding the factors or their
    transposes where flagged) by ``share``, K summed in the blocks ``edges`` (``fixed_order``)."""
    m, k = a.shape[0], a.shape[1]
    if a_transposed:
        m, k = k, m
    _post(state, PRODUCT, m, a.ctypes.data, b.ctypes.data, c.ctypes.data, 0)
    state[SIZES], state[SIZES + 1], state[SIZES + 2] = m, b.shape[0] if b_transposed else b.shape[1], k
    state[SIZES + 3], state[SIZES + 4] = a_transposed, b_transposed
    state[EDGE_COUNT] = len(edges)
    for index in range(len(edges)):
        state[EDGES + index] = edges[index]
    return share(gemm, state, reals)


@njit(cache=True, nogil=True)
def share_adam(gemm, state, reals, w, g, m, v, learning_rate, beta_1, beta_2, epsilon, step):
    """Plain Adam's update of flat float32 buffers by ``share``: each value's update reads only
    its own entries, so the halves give the bits of one ``kernels.optimizers.adam_update`` call."""
    _post(state, ADAM, w.size, w.ctypes.data, g.ctypes.data, m.ctypes.data, v.ctypes.data)
    state[SIZES] = step
    reals[0], reals[1], reals[2], reals[3] = learning_rate, beta_1, beta_2, epsilon
    return share(gemm, state, reals)


@njit(cache=True, nogil=True)
def share_gather(gemm, state, reals, source, index, destination, row_bytes):
    """``gather_rows`` of every position of ``index`` by ``share``."""
    _post(state, GATHER, index.size, source, index.ctypes.data, destination, 0)
    state[SIZES] = row_bytes
    return share(gemm, state, reals)
