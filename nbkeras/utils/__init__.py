"""``keras.utils``: data helpers, seeding, gradient checks, ``plot_model``.

``plot_model`` imports its drawing code (and matplotlib for PNG files) only
when called, and the image helpers import Pillow only when called, so
``import nbkeras`` stays light.
"""

from nbkeras.models.data_adapters.base_py_dataset import PyDataset, Sequence
from nbkeras.models.trainer_utils import pack_x_y_sample_weight, unpack_x_y_sample_weight
from nbkeras.random_state import set_seed as set_random_seed
from nbkeras.utils.dataset_utils import BatchDataset, split_dataset, timeseries_dataset_from_array
from nbkeras.utils.directory_datasets import (image_dataset_from_directory,
                                              text_dataset_from_directory)
from nbkeras.utils.file_utils import get_file
from nbkeras.utils.gradient_check import check_gradients
from nbkeras.utils.image_utils import array_to_img, img_to_array, load_img, save_img
from nbkeras.utils.model_plot import plot_model
from nbkeras.utils.numerical import normalize, to_categorical
from nbkeras.utils.sequence_utils import pad_sequences

__all__ = ["BatchDataset", "PyDataset", "Sequence", "array_to_img", "check_gradients", "get_file",
           "image_dataset_from_directory", "img_to_array", "load_img", "normalize",
           "pack_x_y_sample_weight", "pad_sequences", "plot_model", "save_img", "set_random_seed",
           "split_dataset", "text_dataset_from_directory", "timeseries_dataset_from_array",
           "to_categorical", "unpack_x_y_sample_weight"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
