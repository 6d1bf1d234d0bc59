"""nbkeras: Keras 3 for learning in Jupyter, with readable Numba kernels.

``import nbkeras as keras`` and write ordinary Keras code. Importing is
fast and compiles nothing: kernels compile on first use and are cached.
"""

from nbkeras import (activations, backend, callbacks, config, constraints, datasets, initializers,
                     inspect, layers, losses, metrics, models, ops, optimizers, random, regularizers,
                     renderers, saving, utils, wrappers)
from nbkeras import preprocessing  # tf.keras 2's data tools, with a teaching warning
from nbkeras.display.plug import RENDERERS
from nbkeras.layers import Input, Layer
from nbkeras.models import Model, Sequential, functional
from nbkeras.ops import GradientTape, Variable
from nbkeras.saving import namespaces as saving_namespaces
from nbkeras.version import __version__

# The face plugs the notebook displays in: models and callbacks only know the registry.
renderers.install(**RENDERERS)
# Saving finds nbkeras's classes under the module names Keras writes into configs.
for _keras_module, _namespace in {
        "keras.layers": layers, "keras.models": models, "keras.src.models.functional": functional,
        "keras.src.models.sequential": models, "keras.src.models.model": models,
        "keras.initializers": initializers, "keras.regularizers": regularizers,
        "keras.constraints": constraints, "keras.optimizers": optimizers, "keras.losses": losses,
        "keras.metrics": metrics, "keras.activations": activations}.items():
    saving_namespaces.register(_keras_module, _namespace)
del _keras_module, _namespace, saving_namespaces


__all__ = [
    "GradientTape", "Input", "Layer", "Model", "Sequential", "Variable", "activations",
    "backend", "callbacks", "config", "constraints", "datasets", "initializers", "inspect",
    "layers", "losses", "metrics", "models", "ops", "optimizers", "preprocessing", "random",
    "regularizers", "saving", "utils", "wrappers", "__version__",
]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
