"""Both CPU cores for the conv and pooling ops: the images of a batch in two fixed halves.

Every image of a batch is convolved and pooled on its own, so the op runs the
first half of the images on the worker thread of ``recurrent_halves.run_two``
and the second half on the calling thread, each with one BLAS thread and
Numba kernels that release the GIL. The halves depend on the shapes only and
one CPU runs the same halves one after the other, so the bits do not depend
on the thread count. (They may differ from one piece in the last bits: a sum
over the batch becomes two partial sums, and OpenBLAS may pick another kernel
for a product of half the rows.)

The split depends on the shapes only (``image_halves``): below ~40 us of one
thread's work the hand-over to the other thread (35-50 us) would cost more
than it saves.

The scratch buffers of an op (im2col columns, pooling winners) start on a
64-byte boundary and stay on the op instance: a replayed step plan
(``models/step_plan.py``) calls the same op every step and reuses them
(benchmarks/PROFILE.md, W3: misaligned columns were suspected in replayed
predict's 0.82-0.92x of the ordinary path).

A replayed step plan hands the halves over once for a run of consecutive
conv and pooling ops instead of once per op (``Deferral``): each hand-over
cost ~150 us of waiting on this machine (the worker's wake-up, the GIL, the
join), 8 of them a step in W3. The parts of the ops are queued, then the
worker runs every first half and the caller every second half, in the ops'
order; each half of an op reads only the same half of the op before, so the
arithmetic, and the bits, are those of one hand-over per op.
"""

import math
import threading

import numpy as np

from nbkeras import blas_threads
from nbkeras.ops.nn.recurrent_halves import run_two

# Work of one call from which two threads pay for their hand-over (~40 us on one thread):
# multiply-adds of a product (~50 per ns in BLAS) or cells read by a pooling kernel (~3 per ns).
SPLIT_PRODUCT = 1 << 21
SPLIT_CELLS = 1 << 17

ALIGNMENT = 64


def image_halves(batch, work, enough):
    """The image ranges ``[(lo, hi), ...]`` a call runs as: two halves if ``work >= enough``, else one."""
    if batch < 2 or work < enough:
        return [(0, batch)]
    middle = batch // 2
    return [(0, middle), (middle, batch)]


def run_halves(part, halves, after=None):
    """Calls ``part(index, lo, hi)`` for each range of ``halves``; two at once, one BLAS thread each.

    ``after()`` (optional) runs once both halves are done (adding partial sums).
    Between ``Deferral.begin(op)`` and ``end()`` two halves like those queued
    already are only queued: they run at the next ``flush``.
    """
    queue = _local
    if queue.open and len(halves) == 2 and queue.halves in (None, halves):
        queue.halves = halves
        queue.parts.append(part)
        if after is not None:
            queue.afters.append(after)
        return
    flush()
    if len(halves) == 1:
        part(0, *halves[0])
    else:
        with blas_threads.one_thread():
            run_two(lambda: part(0, *halves[0]), lambda: part(1, *halves[1]))
    if after is not None:
        after()


class _Queue(threading.local):
    def __init__(self):
        self.open = False  # the op being called may queue its halves
        self.halves, self.parts, self.afters = None, [], []


_local = _Queue()


def flush():
    """Runs the queued halves: the worker every first half, this thread every second, in order."""
    queue = _local
    if not queue.parts:
        return
    halves, parts, afters = queue.halves, queue.parts, queue.afters
    queue.halves, queue.parts, queue.afters = None, [], []

    def run(index):
        lo, hi = halves[index]
        for part in parts:
            part(index, lo, hi)

    with blas_threads.one_thread():
        run_two(lambda: run(0), lambda: run(1))
    for after in afters:
        after()


def contiguous(array):
    """``np.ascontiguousarray(array)``, running the queued halves first if it must copy."""
    if array.flags.c_contiguous:
        return array
    flush()
    return np.ascontiguousarray(array)


class Deferral:
    """Lets consecutive ops with ``defers_halves`` share one hand-over (see the module doc).

    The step plan calls ``begin(op)`` before each op and ``end()`` after it, and
    ``flush()`` before anything that reads an op's results outside such an op (the
    tape adding a gradient into a Variable, an optimizer update, the end of the
    pass). An op with ``defers_halves`` promises to touch the arrays of earlier
    ops only in its halves, through ``contiguous``, or after calling ``flush``.
    """

    flush = staticmethod(flush)

    @staticmethod
    def begin(op):
        """Before ``op`` runs: its halves may be queued if it ``defers_halves``; else runs the queue."""
        if getattr(op, "defers_halves", False):
            _local.open = True
        else:
            flush()

    @staticmethod
    def end():
        _local.open = False

    @staticmethod
    def discard():
        """Drops the queue (the pass stopped with an error: its results are not needed)."""
        _local.open, _local.halves, _local.parts, _local.afters = False, None, [], []


def scratch(op, name, shape, dtype):
    """A 64-byte aligned buffer kept on ``op`` under ``name``, reused while shape and dtype stay.

    Only for arrays nothing reads after the op's backward (never the op's outputs).
    """
    buffers = op.__dict__.setdefault("scratch_buffers", {})
    buffer = buffers.get(name)
    if buffer is None or buffer.shape != tuple(shape) or buffer.dtype != dtype:
        buffer = buffers[name] = aligned_empty(shape, dtype)
    return buffer


def aligned_empty(shape, dtype):
    """``np.empty(shape, dtype)`` whose first element starts on a 64-byte boundary."""
    dtype = np.dtype(dtype)
    size = math.prod(shape) * dtype.itemsize  # math.prod: ~20x cheaper than np.prod on a tuple
    raw = np.empty(size + ALIGNMENT, np.uint8)
    start = -raw.ctypes.data % ALIGNMENT
    return raw[start:start + size].view(dtype).reshape(shape)
