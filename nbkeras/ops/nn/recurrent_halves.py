"""Both CPU cores for one recurrent layer: the batch in two fixed halves, one thread each.

(``run_two`` also serves other ops that split their work in two fixed halves.)

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

Module state: ``_pool``, one ``_Worker`` thread made on first use and kept for
the process (starting a thread per call would cost ~50 us; a forked child
starts without it, so the fork hook forgets it there).
"""

import os
import threading

from nbkeras.ops.two_cores import rest, threads

# From this batch size on the rows are split in two: below it one thread's loop is short
# and the hand-over (~20 us) would not pay.
SPLIT_BATCH = 16

_pool = []
# A child process made by fork has no worker thread: submitting to the parent's pool would wait forever.
os.register_at_fork(after_in_child=_pool.clear)


def row_halves(batch):
    """The fixed row ranges ``[(lo, hi), ...]`` a batch is split into (one or two)."""
    if batch < SPLIT_BATCH:
        return [(0, batch)]
    middle = batch // 2
    return [(0, middle), (middle, batch)]


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
    products) or when this process may use one CPU only. When ``second()`` is done and the
    worker has not started ``first`` yet (on a busy machine it may not get a core for a
    time slice), this thread runs ``first()`` itself instead of waiting: the same call, so
    the same results, wherever it runs. (The conv and pooling ops share this worker.)
    """
    if parallel and threads() >= 2:
        rest()  # the products' worker, if it waits for work, sleeps: this worker needs the CPU
        if not _pool:
            _pool.append(_Worker())
        if _pool[0].run_two(first, second):
            return
    first()
    second()


class _Worker:
    """One thread that runs one job at a time, handed over with two locks.

    Leaner than a one-thread ``ThreadPoolExecutor`` (no queue, future or
    condition per call): a hand-over of two ~30 us jobs took 72 us against
    85 us (medians of 400, load ~4). The worker is busy for one caller at a
    time; another thread calling meanwhile runs its halves in turn.
    """

    def __init__(self):
        self.job = self.error = None
        self.busy = threading.Lock()
        self.start = threading.Lock()
        self.done = threading.Lock()
        self.start.acquire()
        self.done.acquire()
        threading.Thread(target=self.serve, name="nbkeras-halves", daemon=True).start()

    def serve(self):
        while True:
            self.start.acquire()
            try:
                self.job()
            except BaseException as error:  # handed to the caller, which raises it
                self.error = error
            self.done.release()

    def run_two(self, first, second):
        """``first()`` on the worker and ``second()`` here; False (nothing run) if the worker is busy."""
        if not self.busy.acquire(blocking=False):
            return False
        try:
            self.job, self.error = first, None
            self.start.release()
            try:
                second()
            finally:
                # Not started yet (on a busy machine the worker may wait for a time slice):
                # take the job back and run it here, the same call with the same results.
                taken_back = self.start.acquire(blocking=False)
                if not taken_back:
                    self.done.acquire()
            if taken_back:
                first()
            elif self.error is not None:
                raise self.error
        finally:
            self.job = self.error = None
            self.busy.release()
        return True
