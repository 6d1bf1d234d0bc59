"""The one random source behind initializers, dropout and shuffling.

``nbkeras.utils.set_random_seed(n)`` reseeds it (and Python's and NumPy's
global generators), so a run repeats exactly. All randomness is drawn here
in NumPy and passed to kernels as arrays: Numba's own generator is never
used, so the thread count cannot change the numbers.
"""

import contextlib
import random
import threading

import numpy as np

_state = {"generator": np.random.default_rng()}
_this_thread = threading.local()  # the generator of a ``seeded`` block, per thread


def set_seed(seed):
    """Reseeds nbkeras's generator, Python's ``random`` and ``np.random``."""
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ValueError(f"The random seed must be an integer. Received: seed={seed!r}")
    random.seed(int(seed))
    np.random.seed(int(seed) % 2**32)
    _state["generator"] = np.random.default_rng(int(seed))


def generator():
    """Returns the ``np.random.Generator`` in use: a ``seeded`` block's, else the global one."""
    local = getattr(_this_thread, "generator", None)
    return local if local is not None else _state["generator"]


def draw_seed():
    """Draws a fresh integer seed (for objects that need a stable seed of their own)."""
    return int(generator().integers(0, 2**31 - 1))


@contextlib.contextmanager
def seeded(seed):
    """Inside the block, nbkeras draws from a generator of its own seeded with ``seed``.

    The global generator is left untouched, and the block's generator is
    seen by this thread only: a scikit-learn wrapper with ``random_state=0``
    fits the same way every time, in any process, whatever ran before it,
    even while another thread (a Dask worker unpickling the next task's
    model) builds models from the global generator.
    """
    previous = getattr(_this_thread, "generator", None)
    _this_thread.generator = np.random.default_rng(int(seed))
    try:
        yield
    finally:
        _this_thread.generator = previous
