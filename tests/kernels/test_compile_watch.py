"""The compile watch sees real compilations only: a cache load or a second call is not one."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from nbkeras.kernels.compile_watch import DEFAULT_SECONDS_PER_KERNEL, CompileWatch

pytestmark = pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1",
                                reason="with NUMBA_DISABLE_JIT=1 nothing compiles")


def fresh_kernels():
    """An outer kernel calling an inner one, both new to Numba (defined on each call)."""
    from numba import njit

    @njit
    def inner(x):
        return x * 2.0

    @njit
    def outer(x):
        return inner(x) + 1.0

    return outer


def test_a_kernel_with_its_helpers_counts_once_and_calls_back_before_compiling():
    seen = []
    outer = fresh_kernels()
    with CompileWatch(on_compile=lambda watch: seen.append(watch.compiled)) as watch:
        assert watch.seconds_per_kernel() == DEFAULT_SECONDS_PER_KERNEL
        outer(np.float64(1.0))
        assert (watch.compiled, seen) == (1, [0])
        assert watch.busy_seconds >= watch.compile_seconds > 0
        assert watch.seconds_per_kernel() == watch.compile_seconds
        outer(np.float64(2.0))  # compiled already: nothing new
        assert watch.compiled == 1 and not watch.compiling


def test_a_stopped_watch_hears_nothing():
    watch = CompileWatch().start()
    watch.stop()
    watch.stop()
    fresh_kernels()(np.float64(1.0))
    assert (watch.compiled, watch.busy_seconds) == (0, 0.0)


CACHED_RUN = textwrap.dedent("""
    import numpy as np
    from nbkeras.kernels.compile_watch import CompileWatch
    from nbkeras.kernels.dense import bias_gradient
    with CompileWatch() as watch:
        bias_gradient(np.ones((2, 3), dtype=np.float32))
    print(watch.compiled, watch.busy_seconds > 0)
""")


def test_a_kernel_loaded_from_the_cache_is_not_a_compilation(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    runs = [subprocess.run([sys.executable, "-c", CACHED_RUN], env=env, capture_output=True,
                           text=True, check=True).stdout.split() for _ in range(2)]
    assert runs == [["1", "True"], ["0", "True"]]  # cold compiles; warm only loads
