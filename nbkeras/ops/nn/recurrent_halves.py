"""Both CPU cores for one recurrent layer: the batch in two fixed halves, one thread each.

(The op also makes its independent weight-gradient products two at a time, ``run_two``.)

The step loop of a recurrent layer is sequential in time but independent
across the samples of a batch. The sequence kernels
(``kernels/recurrent_sequence.py``) run on a range of batch rows and release
the GIL, so two threads run the two halves at once, each with its own
one-thread BLAS products. Why not OpenBLAS's own threads: a 64x64 by 64x256
product is too small for them to pay (``nbkeras/blas_threads.py``); a half of
the whole loop is 28 such products and gate kernels in one go.

Results never depend on the thread count: the split depends on the batch
size only (``row_halves``) and one thread runs the same two halves one after
the other. Each row's numbers come from the same calls either way.

Module state: ``_pool``, one worker thread made on first use and kept for
the process (starting a thread per call would cost ~50 us; a forked child
starts without it, so the fork hook forgets it there), and ``_threads``, the
thread count read once (``cpu_quota`` opens three files: ~0.5 ms).
"""

import os
from concurrent.futures import ThreadPoolExecutor

from nbkeras.blas_threads import cpu_quota

# From this batch size on the rows are split in two: below it one thread's loop is short
# and the hand-over (~20 us) would not pay.
SPLIT_BATCH = 16

_pool = []
_threads = []
# A child process made by fork has no worker thread: submitting to the parent's pool would wait forever.
os.register_at_fork(after_in_child=_pool.clear)


def row_halves(batch):
    """The fixed row ranges ``[(lo, hi), ...]`` a batch is split into (one or two)."""
    if batch < SPLIT_BATCH:
        return [(0, batch)]
    middle = batch // 2
    return [(0, middle), (middle, batch)]


def threads():
    """Threads the halves may use: the CPUs this process may use, capped by ``NUMBA_NUM_THREADS``."""
    if not _threads:
        import numba  # the kernels loaded it already

        _threads.append(min(cpu_quota(), numba.config.NUMBA_NUM_THREADS))
    return _threads[0]


def run_on_halves(kernel, batch, parallel, *arguments):
    """Calls ``kernel(*arguments, lo, hi)`` for each row range of ``batch``; two at once if ``parallel``."""
    calls = [lambda lo=lo, hi=hi: kernel(*arguments, lo, hi) for lo, hi in row_halves(batch)]
    if len(calls) == 1:
        calls[0]()
    else:
        run_two(*calls, parallel)


def run_two(first, second, parallel=True):
    """Runs ``first()`` on the worker thread and ``second()`` here at the same time.

    In turn instead when not ``parallel`` (the caller's BLAS threads are busy with large
    products) or when this process may use one CPU only.
    """
    if not parallel or threads() < 2:
        first()
        second()
        return
    if not _pool:
        _pool.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="nbkeras-recurrent"))
    started = _pool[0].submit(first)
    try:
        second()
    finally:
        started.result()
