"""The first kernel call starts Numba without importing SciPy, and Numba still works fully."""

import os
import subprocess
import sys
import textwrap

import pytest

CHECK = textwrap.dedent("""
    import sys
    import numpy as np
    from numba import njit
    from nbkeras.kernels.dense import bias_gradient
    bias_gradient(np.ones((2, 3), dtype=np.float32))
    print("scipy.linalg" in sys.modules)

    @njit
    def dot(a, b):
        return np.dot(a, b)  # jitted BLAS still compiles: it imports SciPy itself

    print(dot(np.ones(3), np.ones(3)), "scipy.linalg.cython_blas" in sys.modules)
""")


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="Numba's compiler never starts")
def test_first_kernel_call_imports_no_scipy_and_jitted_dot_still_works():
    pytest.importorskip("scipy")
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "3.0", "True"]
