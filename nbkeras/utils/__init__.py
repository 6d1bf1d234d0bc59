"""``keras.utils``: data helpers, seeding, gradient checks."""

from nbkeras.utils.gradient_check import check_gradients
from nbkeras.utils.numerical import normalize, to_categorical
from nbkeras.utils.py_dataset import PyDataset, Sequence
from nbkeras.random_state import set_seed as set_random_seed

__all__ = ["PyDataset", "Sequence", "check_gradients", "normalize", "set_random_seed",
           "to_categorical"]
