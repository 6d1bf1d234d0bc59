"""Numba's compiler starts about 0.2 s sooner without SciPy, which no kernel needs.

The first kernel call of a session starts Numba's compiler, which imports
``numba.np.arraymath``; that module imports ``scipy.linalg`` (when SciPy is
installed) only to learn whether ``np.correlate`` and ``np.convolve`` inside
jitted code may use BLAS. nbkeras kernels call neither (matmuls go through
NumPy), and importing ``scipy.linalg`` cost 0.2 s of the 1 s a warm first
``fit`` took. ``install`` adds a one-shot import hook: while
``numba.np.arraymath`` runs, ``scipy.linalg.cython_blas`` reads as missing.

What changes: in this process, ``np.correlate``/``np.convolve`` in your own
Numba functions use Numba's loop instead of BLAS. Jitted ``np.dot`` and
``np.linalg`` still work (they import SciPy when they compile). If SciPy's
``linalg`` is already imported, nothing changes.
"""

import importlib.abc
import importlib.machinery
import sys

HOOKED, SKIPPED = "numba.np.arraymath", "scipy.linalg.cython_blas"


def install():
    """Adds the hook (once; it removes itself when Numba's compiler starts)."""
    if not any(isinstance(finder, _ArraymathFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _ArraymathFinder())


class _ArraymathFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != HOOKED:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and "scipy.linalg" not in sys.modules:
            spec.loader = _WithoutScipyLoader(spec.loader)
        return spec


class _WithoutScipyLoader(importlib.abc.Loader):
    """Runs the real loader while ``import scipy.linalg.cython_blas`` raises ImportError."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        sys.modules[SKIPPED] = None  # Python's way to make an import fail
        try:
            self.loader.exec_module(module)
        finally:
            if sys.modules.get(SKIPPED, 0) is None:
                del sys.modules[SKIPPED]
