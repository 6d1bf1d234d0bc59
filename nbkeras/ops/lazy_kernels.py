"""Kernel modules, imported on first use so that ``import nbkeras`` stays fast.

Importing a kernel module imports Numba (0.2-0.4 s here). A ``LazyModule``
imports its module on first attribute access and then copies the module's
names onto itself, so later lookups are plain attribute reads.
"""

import importlib


class LazyModule:
    """A stand-in for a module that is imported when first used."""

    def __init__(self, module_name):
        self._module_name = module_name

    def __getattr__(self, name):
        module = importlib.import_module(self._module_name)
        self.__dict__.update(
            {key: value for key, value in vars(module).items() if not key.startswith("__")}
        )
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(f"{self._module_name} has no attribute {name!r}") from None


activations = LazyModule("nbkeras.kernels.activations")
dense = LazyModule("nbkeras.kernels.dense")
losses = LazyModule("nbkeras.kernels.losses")
optimizers = LazyModule("nbkeras.kernels.optimizers")
