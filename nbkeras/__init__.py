"""nbkeras: Keras 3 for learning in Jupyter, with readable Numba kernels.

``import nbkeras as keras`` and write ordinary Keras code. Importing is
fast and compiles nothing: kernels compile on first use and are cached.
"""

from nbkeras import (activations, backend, callbacks, config, constraints, datasets, initializers, layers,
                     losses, metrics, models, ops, optimizers, regularizers, saving, utils, wrappers)
from nbkeras.layers import Input, Layer
from nbkeras.models import Model, Sequential
from nbkeras.ops import GradientTape, Variable

__version__ = "0.1.0"

__all__ = [
    "GradientTape", "Input", "Layer", "Model", "Sequential", "Variable", "activations",
    "backend", "callbacks", "config", "constraints", "datasets", "initializers", "layers", "losses",
    "metrics", "models", "ops", "optimizers", "regularizers", "saving", "utils", "wrappers",
    "__version__",
]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
