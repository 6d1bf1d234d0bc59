"""How many threads NumPy's BLAS may use while nbkeras trains, evaluates or predicts.

nbkeras's matrix products (``x @ kernel`` in the Dense op) run in NumPy's BLAS.
OpenBLAS gives every product above a small size all the CPUs it sees, and its
threads spin while they wait for each other. On a shared machine (Binder, a
course server, CI) the second thread is often not scheduled, and a product that
should take microseconds waits for it: 30 epochs of a 128-128 MLP took 5.96 s
instead of 0.35 s with one thread. The policy here:

- one BLAS thread while the largest product of a step is below
  ``PARALLEL_WORK`` multiply-adds: there a second thread gains nothing measurable
  (benchmarks/RESULTS.md) and can cost a lot. Products nbkeras splits over two
  threads itself (``splits_itself``: large float32 Dense products, ``ops/two_cores.py``)
  do not count: they use the second CPU without OpenBLAS's threads (W2: 7% faster
  training than with two OpenBLAS threads, 2026-12-07);
- above it, as many threads as the process may really use: its CPU affinity
  and its container's CPU quota (cgroup ``cpu.max``), whichever is smaller;
- never more than BLAS had before: nbkeras only lowers the count, so a cap set
  with ``OPENBLAS_NUM_THREADS`` (``binder/start`` sets it to the pod's CPU quota)
  or with threadpoolctl still holds, and the count comes back on exit.

The thread count never changes results: nbkeras's products go through
``ops/fixed_order.py``, which sums a long inner axis in fixed blocks short
enough that OpenBLAS sums each the same way with one thread or many
(docs/reproducibility.md).

Recurrent layers ask for one thread on their own (``one_thread``): each of
their steps multiplies a ``(batch, units)`` state by a ``(units, 4 units)``
matrix, too small for OpenBLAS's threads (under load a 64x64 by 64x256
product took 25 ms with two threads, 0.3 ms with one); they use the second
CPU by running two halves of the batch on two threads instead
(``ops/nn/recurrent_halves.py``).

Module state: ``_controller``, threadpoolctl's handle on the loaded BLAS
libraries, made once on first use (it takes a few milliseconds), and
``_current``, the count set by the innermost active ``limit_for`` or
``one_thread``.
"""

import math
import os
from contextlib import contextmanager

# Multiply-adds (batch x inputs x units) from which a second BLAS thread pays off.
PARALLEL_WORK = 2 ** 24
# Products nbkeras splits over two threads itself (``ops/two_cores.py``): float32, at least
# this many rows and columns and multiply-adds (W1's first layer, 32 x 784 x 128, splits; below
# ~1M, ~7 us, the halves gain too little). They need no BLAS threads of their own.
SPLIT_ROWS, SPLIT_COLUMNS, SPLIT_WORK = 32, 16, 2 ** 20

_controller = None
_current = None


def cpu_quota(cgroup_root="/sys/fs/cgroup"):
    """CPUs this process may use: its affinity, capped by the cgroup CPU quota.

    Containers (Binder, Kubernetes) limit CPU time with a quota while the
    affinity still lists every core of the host; a quota of 1.5 CPUs gives 2.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cpus = os.cpu_count() or 1
    quota = _cgroup_quota(cgroup_root)
    return max(1, min(cpus, quota)) if quota else max(1, cpus)


def _cgroup_quota(root):
    """The CPU quota in whole CPUs (rounded up), or None when there is none."""
    candidates = [(os.path.join(root, "cpu.max"), None),                     # cgroup v2
                  (os.path.join(root, "cpu", "cpu.cfs_quota_us"),            # cgroup v1
                   os.path.join(root, "cpu", "cpu.cfs_period_us"))]
    for quota_path, period_path in candidates:
        try:
            with open(quota_path) as file:
                fields = file.read().split()
            if period_path:
                with open(period_path) as file:
                    fields.append(file.read().strip())
        except OSError:
            continue
        if len(fields) < 2 or fields[0] in ("max", "-1"):
            return None
        quota, period = int(fields[0]), int(fields[1])
        return math.ceil(quota / period) if quota > 0 and period > 0 else None
    return None


def threads_for(work):
    """BLAS threads for a step whose largest product has ``work`` multiply-adds."""
    return cpu_quota() if work >= PARALLEL_WORK else 1


def splits_itself(rows, depth, columns, dtype):
    """True if nbkeras computes a ``(rows, depth) @ (depth, columns)`` product on two threads."""
    return (rows >= SPLIT_ROWS and columns >= SPLIT_COLUMNS and rows * depth * columns >= SPLIT_WORK
            and dtype == "float32")  # ops/two_cores.splits checks the same for each product


def largest_product(model, batch_size):
    """``batch_size x inputs x units`` of the model's largest 2-D weight that nbkeras does not
    split itself (``splits_itself``, as a Dense kernel's product), 0 if none or unbuilt."""
    batch = batch_size or 32
    sizes = [weight.shape[0] * weight.shape[1] for weight in getattr(model, "weights", [])
             if len(weight.shape) == 2
             and not splits_itself(batch, weight.shape[0], weight.shape[1], str(weight.dtype))]
    return batch * max(sizes, default=0)


def _blas():
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController  # deferred: scans loaded libraries
        _controller = ThreadpoolController()
    return _controller


@contextmanager
def limit_for(model, batch_size=None):
    """Sets NumPy's BLAS threads for training or running ``model`` (see the module doc).

    Used by ``fit``, ``evaluate`` and ``predict``; restores the previous count on exit.
    """
    global _current
    wanted = threads_for(largest_product(model, batch_size))
    if wanted == _current:
        yield
        return
    blas = _blas().select(user_api="blas")
    before = max((library.num_threads for library in blas.lib_controllers), default=1)
    threads = min(wanted, before)
    outer, _current = _current, threads
    try:
        with blas.limit(limits=threads):
            yield
    finally:
        _current = outer


@contextmanager
def one_thread():
    """One BLAS thread inside; a no-op when ``limit_for`` (or an outer call) has set one already.

    The recurrent ops wrap their step loops in it (see the module doc); restores the count on exit.
    """
    global _current
    if _current == 1:
        yield
        return
    outer, _current = _current, 1
    try:
        with _blas().limit(limits=1, user_api="blas"):
            yield
    finally:
        _current = outer


def held_at_one():
    """True inside ``limit_for`` or ``one_thread`` when nbkeras holds BLAS at one thread."""
    return _current == 1
