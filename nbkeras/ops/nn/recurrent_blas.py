"""NumPy's own BLAS ``gemm`` as a C function, for the recurrent step loops compiled by Numba.

(The Dense products on two cores, ``ops/two_cores.py``, call it the same way.)

A recurrent layer makes one small product per time step (``h @ recurrent_kernel``,
64x64 by 64x256 in W4). Called from Python, each step also pays the loop, the
NumPy call and the Numba dispatch of the gate kernel (~10 us per step and
direction, PROFILE.md). Here the whole loop runs in one Numba function that
calls ``cblas_sgemm``/``cblas_dgemm`` of the OpenBLAS *NumPy itself loaded*
through a ctypes function pointer. The one-BLAS rule (DESIGN.md) holds: the
library is NumPy's, found by the file path threadpoolctl reports, so its
thread pool is the one nbkeras already limits. (``np.dot`` inside Numba
would load SciPy's second OpenBLAS: still forbidden.)

``numpy_gemm(dtype)`` returns ``None`` when the library is not OpenBLAS (MKL,
Accelerate), when threadpoolctl is missing, when no known symbol is found, or
when a trial product disagrees with NumPy; the ops then keep their loop in
Python with one NumPy product per step (same numbers).

Module state: ``_found``, the looked-up function per dtype, made once per
process (the lookup reads the loaded libraries, ~5 ms).
"""

import ctypes
import os

import numpy as np

# (symbol, integer type): the names NumPy's OpenBLAS builds export. NumPy 2 wheels bundle
# scipy-openblas64 (``scipy_`` prefix, ``64_`` suffix, 64-bit integers); NumPy 1.2x wheels
# bundle openblas64_; conda and distributions link a plain OpenBLAS (32-bit integers, unless
# its configuration says USE64BITINT).
_SYMBOLS = (("scipy_cblas_{}gemm64_", ctypes.c_int64), ("cblas_{}gemm64_", ctypes.c_int64),
            ("scipy_cblas_{}gemm", ctypes.c_int32), ("cblas_{}gemm", None))
_CONFIG_SYMBOLS = ("openblas_get_config", "scipy_openblas_get_config")

_found = {}
_patterns = {}  # dtype char -> (symbol pattern of the gemm found, the library it is in)


def numpy_gemm(dtype):
    """NumPy's ``cblas_?gemm`` for ``dtype`` (float32 or float64) as a ctypes function, or None.

    Its arguments are CBLAS's, with every pointer passed as an integer address
    (``array.ctypes.data``), so one signature serves Numba and plain Python.
    """
    key = np.dtype(dtype).char
    if key not in _found:
        _found[key] = _look_up(key) if key in "fd" else None
    return _found[key]


def numpy_gemm_address(dtype):
    """``(address, True if its integers are 64-bit)`` of ``numpy_gemm(dtype)``, or None.

    For Numba code that calls it by address (``kernels/two_core_products.py``): a ctypes
    function passed to a Numba function costs ~2.4 us a call to type.
    """
    gemm = numpy_gemm(dtype)
    if gemm is None:
        return None
    return ctypes.cast(gemm, ctypes.c_void_p).value, ctypes.sizeof(gemm._argtypes_[3]) == 8


def numpy_routine_address(routine, dtype):
    """The address of another CBLAS routine of NumPy's OpenBLAS (``"gemv"``, ``"dot"``), named
    as its ``gemm`` is (same prefix, suffix and integers), or None without that ``gemm``.

    For ``kernels/dense_chain.py``, which reproduces ``np.matmul``'s choice of routine.
    """
    if numpy_gemm(dtype) is None:
        return None
    key = np.dtype(dtype).char
    pattern, library = _patterns[key]
    symbol = pattern.format("s" if key == "f" else "d").replace("gemm", routine)
    if not hasattr(library, symbol):
        return None
    return ctypes.cast(getattr(library, symbol), ctypes.c_void_p).value


def _look_up(key):
    try:
        library = _numpy_openblas()
        if library is None:
            return None
        for pattern, integer in _SYMBOLS:
            symbol = pattern.format("s" if key == "f" else "d")
            if hasattr(library, symbol):
                integer = integer or _plain_integer(library)
                gemm = _prototype(key, integer)(ctypes.cast(getattr(library, symbol), ctypes.c_void_p).value)
                if not _agrees_with_numpy(gemm, key):
                    return None
                _patterns[key] = pattern, library
                return gemm
    except (OSError, ImportError, AttributeError, ValueError):
        pass
    return None


def _numpy_openblas():
    """The OpenBLAS that NumPy loaded, opened with ctypes, or None."""
    from threadpoolctl import threadpool_info  # deferred: scans the loaded libraries

    openblas = [info["filepath"] for info in threadpool_info()
                if info["user_api"] == "blas" and info["internal_api"] == "openblas"]
    numpy_home = os.path.dirname(os.path.dirname(np.__file__))
    bundled = [path for path in openblas
               if os.path.relpath(path, numpy_home).split(os.sep)[0] in ("numpy", "numpy.libs")]
    # A wheel bundles it next to the numpy package; otherwise only a lone OpenBLAS is surely NumPy's.
    chosen = bundled if bundled else openblas if len(openblas) == 1 else []
    return ctypes.CDLL(chosen[0]) if len(chosen) == 1 else None


def _plain_integer(library):
    """The integer type of an unsuffixed ``cblas_?gemm``: from the library's build configuration."""
    for symbol in _CONFIG_SYMBOLS:
        if hasattr(library, symbol):
            config = getattr(library, symbol)
            config.restype = ctypes.c_char_p
            return ctypes.c_int64 if b"USE64BITINT" in config() else ctypes.c_int32
    return ctypes.c_int32


def _prototype(key, integer):
    real = ctypes.c_float if key == "f" else ctypes.c_double
    address, enum = ctypes.c_size_t, ctypes.c_int
    # order, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc
    return ctypes.CFUNCTYPE(None, enum, enum, enum, integer, integer, integer, real, address, integer,
                            address, integer, real, address, integer)


def _agrees_with_numpy(gemm, key):
    """One trial product, transposed B included: a wrong symbol or integer width shows here."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 5)).astype(key), rng.standard_normal((4, 5)).astype(key)
    c = np.empty((3, 4), key)
    row_major, plain, transposed = 101, 111, 112
    gemm(row_major, plain, transposed, 3, 4, 5, 1.0, a.ctypes.data, 5, b.ctypes.data, 5, 0.0, c.ctypes.data, 4)
    return bool(np.allclose(c, a @ b.T, rtol=1e-5, atol=1e-5))
