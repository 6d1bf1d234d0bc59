"""``keras.utils``: data helpers, seeding, gradient checks, ``plot_model``.

``plot_model`` imports its drawing code (and matplotlib for PNG files) only
when called, so ``import nbkeras`` stays light.
"""

from nbkeras.models.data_adapters.base_py_dataset import PyDataset, Sequence
from nbkeras.models.trainer_utils import pack_x_y_sample_weight, unpack_x_y_sample_weight
from nbkeras.random_state import set_seed as set_random_seed
from nbkeras.utils.gradient_check import check_gradients
from nbkeras.utils.model_plot import plot_model
from nbkeras.utils.numerical import normalize, to_categorical

__all__ = ["PyDataset", "Sequence", "check_gradients", "normalize", "pack_x_y_sample_weight",
           "plot_model", "set_random_seed", "to_categorical", "unpack_x_y_sample_weight"]



def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
