"""Dense products and Adam's update on both CPU cores without a thread hand-over
(``kernels/two_core_products.py``; docs/step_plan.md explains why and how).

Which products: float32 ``x @ kernel`` with at least ``blas_threads.SPLIT_ROWS``
rows, ``SPLIT_COLUMNS`` columns and ``SPLIT_WORK`` multiply-adds are always
computed as two row halves, the split depending on the shapes only. The halves run at
once, the worker thread taking the first, only while nbkeras holds NumPy's BLAS
at one thread (``blas_threads``: ``fit``, ``evaluate`` and ``predict`` of a
model whose other products are below ``PARALLEL_WORK``) and the process may use
two CPUs; otherwise this thread runs them one after the other. The
same calls compute the same rows either way, so the bits depend on neither the
thread count nor the worker (tests/ops/test_two_cores.py). Without NumPy's
OpenBLAS (``numpy_sgemm()`` is None) the halves are NumPy products.

Adam's update of flat float32 buffers (``adam``) and the copy of a shuffled
batch's rows (``take_rows``) run in two halves on the worker when it is awake. The worker waits for work by spinning for ~2 ms, then
sleeps; ``rest`` sends it to sleep at once when the conv, pooling and recurrent
halves (``ops/nn/recurrent_halves.py``) need the second CPU for their own worker.

Module state: ``_workers``, the one ``_Worker`` made on first use (a forked
child forgets it: the thread does not exist there), ``_edges``, the K
blocks of each depth as int64 arrays, ``_threads``, the thread count read
once (``cpu_quota`` opens three files: ~0.5 ms), ``_sgemm``, ``numpy_sgemm()``, and
``_contention``, the state of ``_contended``.
"""

import atexit
import functools
import os
import threading
import time

import numpy as np

from nbkeras import blas_threads
from nbkeras.ops import fixed_order
from nbkeras.ops.nn.recurrent_blas import numpy_gemm_address

# Adam's flat buffers from this many values (W1: 101,770, ~70 us on one core) are updated in halves.
SPLIT_VALUES = 1 << 15
# A batch's rows are copied in halves from this many bytes (W1: 32 rows of 3,136 bytes, ~15 us).
SPLIT_BYTES = 1 << 16
# Idle reads of the status word before the worker sleeps: about 1.7 ms on the reference
# machine, longer than the gap between two products of a step, so a fit keeps it awake.
SPINS = 1 << 22
# Contention checks: every CHECK_EVERY jobs the rate of involuntary context switches since the
# last check; above CONTENDED_RATE a second at CONTENDED_READINGS checks in a row, the halves
# stay on the calling thread for BACK_OFF_SECONDS. Measured on W1 (benchmarks/PROFILE.md):
# quiet, median 27 and 90th percentile 73 a second; beside a busy process, 165 and 622. (A
# count of 4 per 256 jobs, the first version, also fired on a quiet but noisy host: W2 ~200k
# instead of ~300k samples/s.)
CHECK_EVERY, CONTENDED_RATE, CONTENDED_READINGS, BACK_OFF_SECONDS = 256, 150.0, 2, 1.0

_FLOAT32, _INT64 = np.dtype(np.float32), np.dtype(np.int64)
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
_ROWS, _COLUMNS, _WORK = blas_threads.SPLIT_ROWS, blas_threads.SPLIT_COLUMNS, blas_threads.SPLIT_WORK
_workers = []
_edges = {}
_threads = []
_sgemm = []
_contention = {"jobs": CHECK_EVERY, "switches": 0, "time": 0.0, "until": 0.0, "streak": 0}
os.register_at_fork(after_in_child=_workers.clear)


def splits(a, b):
    """True if ``a @ b`` is computed as two row halves (``blas_threads.splits_itself``)."""
    # Sizes first, as plain integers: this runs before every Dense product, and W5's tiny
    # ones (32x1 by 1x2) must not pay for more (W5 predict is ~16 us a batch).
    shape_a, shape_b = a.shape, b.shape
    return (len(shape_a) == 2 and len(shape_b) == 2 and shape_a[0] >= _ROWS and shape_b[1] >= _COLUMNS
            and shape_a[0] * shape_a[1] * shape_b[1] >= _WORK and a.dtype == _FLOAT32 and b.dtype == _FLOAT32)


def matmul(a, b, out=None):
    """``a @ b`` as ``fixed_order.matmul``, in two row halves on both cores where ``splits``.

    ``a`` or ``b`` may be the transpose of a C-contiguous array (``x.T`` in a kernel
    gradient, ``kernel.T`` in an input gradient); ``out`` (optional) a C-contiguous float32
    array of the result's shape.
    """
    if not splits(a, b):
        return fixed_order.matmul(a, b, out=out)
    rows, columns = a.shape[0], b.shape[1]
    middle = rows // 2
    out = np.empty((rows, columns), np.float32) if out is None else out
    if numpy_sgemm() is None:
        fixed_order.matmul(a[:middle], b, out=out[:middle])
        fixed_order.matmul(a[middle:], b, out=out[middle:])
        return out
    (a_stored, a_transposed), (b_stored, b_transposed) = _stored(a), _stored(b)
    _share(_kernels().share_product, a_stored, a_transposed, b_stored, b_transposed, out, _block_edges(a.shape[1]))
    return out


def adam(values, grads, momentum, velocity, learning_rate, beta_1, beta_2, epsilon, step):
    """Plain Adam's update of flat float32 buffers, the two halves of the values on both cores.

    Only a worker that is awake already (the step's products woke it) is used: a model whose
    products do not split (W3) would otherwise wake it every step for one update.

    Returns:
        False (nothing done) unless the buffers are float32 with at least ``SPLIT_VALUES``
        values and the worker is awake and free: then the caller updates them in one call,
        the same bits.
    """
    if values.dtype != np.float32 or values.size < SPLIT_VALUES or numpy_sgemm() is None:
        return False
    return _share(_kernels().share_adam, values, grads, momentum, velocity, learning_rate, beta_1, beta_2,
                  epsilon, step, wake=False)


def take_rows(array, index):
    """``array[index]`` for a batch's row positions ``index`` (int64, each in ``[0, len(array))``:
    the caller's promise), the two halves copied on both cores when the copy has
    ``SPLIT_BYTES`` or more and the worker is awake (the previous step's products woke it).

    A shuffled batch's rows come from all over the data (W2: 512 rows of 3,136 bytes from
    188 MB), so the copy waits on memory: two cores wait in parallel.
    """
    if (type(array) is not np.ndarray or type(index) is not np.ndarray or index.dtype != _INT64
            or index.ndim != 1 or not array.flags.c_contiguous or not array.ndim or array.dtype.hasobject):
        return array[index]  # (an object array's rows hold references: copied bytes would not count them)
    if array.strides[0] * len(index) < SPLIT_BYTES or not _workers or _workers[0].sleeping:
        return array[index]  # (an asleep worker is not woken for a copy: no output made for nothing)
    if numpy_sgemm() is None:
        return array[index]
    out = np.empty((len(index),) + array.shape[1:], array.dtype)
    index = np.ascontiguousarray(index)
    if not _share(_kernels().share_gather, array.ctypes.data, index, out.ctypes.data, array.strides[0],
                  wake=False):
        return array[index]
    return out


def _share(job, *arguments, wake=True):
    """Runs ``job`` (a ``share_*`` kernel of ``kernels/two_core_products.py``) with
    ``arguments``, the first half on the worker when one is free (and awake, unless ``wake``).

    Returns:
        False if nothing ran: no worker and not ``wake`` (the caller then does the work its
        own way); else True. With ``wake`` and no worker, this thread runs both halves.
    """
    worker = free_worker(wake)
    if worker is None:
        if not wake:
            return False
        job(numpy_sgemm(), *_kernels().new_state(), *arguments)
        return True
    try:
        job(numpy_sgemm(), worker.state, worker.reals, *arguments)
    finally:
        worker.busy.release()
    return True


@functools.cache
def _kernels():
    """The two-core kernels, imported on first use (importing kernels loads Numba); cached,
    because an import statement in a function called for every product costs ~1 us."""
    from nbkeras.kernels import two_core_products

    return two_core_products


def _stored(factor):
    """``(C-contiguous array, transposed)``: the factor, or the array it is the transpose of."""
    if not factor.flags.c_contiguous and factor.T.flags.c_contiguous:
        return factor.T, True
    return np.ascontiguousarray(factor), False


def _block_edges(depth):
    edges = _edges.get(depth)
    if edges is None:
        edges = _edges[depth] = np.array(fixed_order.block_edges(depth), np.int64)
    return edges


def numpy_sgemm():
    """NumPy's ``cblas_sgemm`` as the kernels take it, int64 ``[address, 1 if its integers are
    64-bit]``, or None without an OpenBLAS nbkeras can call (``recurrent_blas``)."""
    if not _sgemm:
        found = numpy_gemm_address(np.float32)
        _sgemm.append(None if found is None else np.array(found, np.int64))
    return _sgemm[0]


def threads():
    """Threads two halves may use: the CPUs this process may use, capped by ``NUMBA_NUM_THREADS``
    and by ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` (Dask's workers set them to 1: one
    thread per process, as many processes as cores)."""
    if not _threads:
        import numba  # the kernels loaded it already

        _threads.append(min(blas_threads.cpu_quota(), numba.config.NUMBA_NUM_THREADS, *_thread_caps()))
    return _threads[0]


def _thread_caps():
    caps = []
    for name in _THREAD_VARIABLES:
        try:
            caps.append(max(1, int(os.environ[name])))
        except (KeyError, ValueError):
            pass
    return caps


def rest():
    """Sends the worker to sleep if it waits for work: another thread is about to use the second
    CPU (``recurrent_halves.run_two``), and a worker spinning beside it slowed W3 by 10-15%.

    Also a worker woken but not yet running (on a busy machine its thread may wait for a core
    longer than a product takes): the word stays set until the next wake-up clears it.
    """
    if _workers:
        _workers[0].state[_kernels().REST] = 1


def free_worker(wake=True):
    """The worker, reserved for this call (``busy``) and woken if asleep; None when the halves
    run in turn: BLAS not held at one thread, one CPU, the CPUs busy with other work
    (``_contended``), the worker busy for another thread, or asleep and not to be woken."""
    if not (blas_threads.held_at_one() and threads() >= 2) or _contended():
        return None
    if not _workers:
        _workers.append(_Worker())
    worker = _workers[0]
    if not worker.busy.acquire(blocking=False):
        return None
    if worker.sleeping:
        if not wake:
            worker.busy.release()
            return None
        worker.state[_kernels().REST] = 0  # here, not in the woken thread: a rest() after this wins
        worker.awake.set()  # this call's first half is likely taken back; the next ones not
    return worker


def _contended():
    """True while the CPUs are found busy with other work: then the halves run in turn.

    Every ``CHECK_EVERY`` jobs the process's involuntary context switches are read: with
    the CPUs free there are a few a second; with another busy process, the spinning worker
    and this thread are preempted every few milliseconds, hundreds a second, and two cores
    ran W1 20% slower than one (benchmarks/PROFILE.md). More than ``CONTENDED_RATE`` a
    second at ``CONTENDED_READINGS`` checks in a row sends the worker to sleep and keeps the
    halves on this thread for ``BACK_OFF_SECONDS``. The bits do not change: the same halves
    run either way.
    """
    contention = _contention
    if contention["until"]:
        if time.monotonic() < contention["until"]:
            return True
        contention["until"], contention["jobs"] = 0.0, CHECK_EVERY  # a fresh reading next
    contention["jobs"] += 1
    if contention["jobs"] < CHECK_EVERY:
        return False
    now, switches = time.monotonic(), _involuntary_switches()
    rate = (switches - contention["switches"]) / max(now - contention["time"], 1e-3)
    fresh = contention["jobs"] > CHECK_EVERY  # the first reading after a pause or a back-off
    contention["jobs"], contention["switches"], contention["time"] = 0, switches, now
    contention["streak"] = 0 if fresh or rate <= CONTENDED_RATE else contention["streak"] + 1
    if contention["streak"] < CONTENDED_READINGS:
        return False
    contention["until"], contention["streak"] = now + BACK_OFF_SECONDS, 0
    rest()
    return True


def _involuntary_switches():
    """The process's involuntary context switches so far (0 where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:  # Windows: no back-off
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_nivcsw


class _Worker:
    """The thread that takes the first halves: awake in ``serve`` while products come."""

    def __init__(self):
        self.state, self.reals = _kernels().new_state()
        self.busy = threading.Lock()     # one caller at a time; another one runs its halves alone
        self.awake = threading.Event()
        self.sleeping = True
        threading.Thread(target=self._serve, name="nbkeras-products", daemon=True).start()
        atexit.register(self.stop)

    def _serve(self):
        kernels = _kernels()
        while True:
            self.awake.wait()
            self.awake.clear()
            self.sleeping = False
            stopped = kernels.serve(numpy_sgemm(), self.state, self.reals, SPINS)
            self.sleeping = True
            if stopped:
                return

    def stop(self):
        self.state[_kernels().STOP] = 1
        self.awake.set()
