"""``keras.utils``: data helpers, seeding, gradient checks, ``plot_model``.

``plot_model`` is loaded on first use (it brings the drawing code, and
matplotlib for PNG files), so ``import nbkeras`` stays light.
"""

from nbkeras.utils.gradient_check import check_gradients
from nbkeras.utils.numerical import normalize, to_categorical
from nbkeras.utils.py_dataset import PyDataset, Sequence
from nbkeras.random_state import set_seed as set_random_seed

__all__ = ["PyDataset", "Sequence", "check_gradients", "normalize", "plot_model",
           "set_random_seed", "to_categorical"]


def __getattr__(name):
    if name == "plot_model":
        from nbkeras.utils.plot_model import plot_model

        globals()["plot_model"] = plot_model
        return plot_model
    raise AttributeError(f"module 'nbkeras.utils' has no attribute {name!r}")
