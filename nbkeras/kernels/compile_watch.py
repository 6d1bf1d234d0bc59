"""Notices when Numba compiles or loads kernels, so a progress display can say so.

Numba announces a ``"numba:compile"`` event only when it really compiles: a
kernel found in the on-disk cache is loaded without one. So a ``CompileWatch``
that is listening counts the first run's compilations and none on later runs.
Kernels call helpers and NumPy functions that compile inside them; only the
outermost compilation is counted.

Making a kernel ready (loading Numba's compiler, reading the cache, compiling,
writing the cache) happens under Numba's compiler lock, which announces
``"numba:compiler_lock"``: the watch adds up the time that lock is held, so an
ETA can leave it out.

Importing this module loads Numba (as every kernel module does).
"""

import time

from numba.core import event

COMPILE, LOCK = "numba:compile", "numba:compiler_lock"
# Before anything has compiled in this process: one kernel of the common path
# (Dense, a loss, an optimizer), helpers and NumPy functions included. The seed
# model's eight kernels take 2.2 s of CPU to compile on a loaded machine, and Numba's
# compiler start ~0.3 s more (benchmarks/compile_times.py, PROFILE.md, First fit).
DEFAULT_SECONDS_PER_KERNEL = 0.3


class CompileWatch(event.Listener):
    """Counts the kernel compilations, and times kernel preparation, while it listens.

    Args:
        on_compile: called as ``on_compile(watch)`` when a kernel starts to
            compile (before the work), or None.
        clock: the time source in seconds (tests pass a fake one).

    Attributes:
        compiled: kernels compiled (not loaded from the cache) so far.
        compile_seconds: their compile time.
        busy_seconds: time spent making kernels ready, compiled or loaded.

    Example:
        >>> with CompileWatch() as watch:  # doctest: +SKIP
        ...     model.fit(x, y, epochs=1, verbose=0)
        >>> watch.compiled, round(watch.compile_seconds, 1)  # doctest: +SKIP
        (6, 2.4)
    """

    def __init__(self, on_compile=None, clock=time.perf_counter):
        self.on_compile, self.clock = on_compile, clock
        self.compiled, self.compile_seconds, self.busy_seconds = 0, 0.0, 0.0
        self._depth = {COMPILE: 0, LOCK: 0}
        self._began = {}

    @property
    def compiling(self):
        """Whether a kernel is compiling right now."""
        return self._depth[COMPILE] > 0

    def seconds_per_kernel(self):
        """The measured mean compile time of a kernel here, or the default before one."""
        return self.compile_seconds / self.compiled if self.compiled else DEFAULT_SECONDS_PER_KERNEL

    def on_start(self, event):
        self._depth[event.kind] += 1
        if self._depth[event.kind] == 1:
            self._began[event.kind] = self.clock()
            if event.kind == COMPILE and self.on_compile is not None:
                self.on_compile(self)

    def on_end(self, event):
        if self._depth[event.kind] == 0:
            return  # it began before this watch listened
        self._depth[event.kind] -= 1
        if self._depth[event.kind] == 0:
            seconds = self.clock() - self._began[event.kind]
            if event.kind == COMPILE:
                self.compiled += 1
                self.compile_seconds += seconds
            else:
                self.busy_seconds += seconds

    def start(self):
        """Starts listening (Numba keeps the listener until ``stop``)."""
        for kind in (COMPILE, LOCK):
            event.register(kind, self)
        return self

    def stop(self):
        """Stops listening; safe to call twice."""
        for kind in (COMPILE, LOCK):
            try:
                event.unregister(kind, self)
            except ValueError:
                pass  # not registered (already stopped)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
