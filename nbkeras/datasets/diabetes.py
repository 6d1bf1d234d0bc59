"""Diabetes progression (442 patients, 10 raw measurements): bundled, works offline.

Source and licence: ``nbkeras/datasets/bundled/README.md`` (Efron et al. 2004, as
scikit-learn distributes it, BSD-3-Clause).
"""

import os

import numpy as np

from nbkeras.datasets.safe_files import shuffled_split

FEATURE_NAMES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


def csv_path():
    """The path of the bundled ``diabetes.csv`` (header row, 11 columns), e.g. for pandas."""
    return os.path.join(os.path.dirname(__file__), "bundled", "diabetes.csv")


def load_data(test_split=0.2, seed=113):
    """Loads the bundled diabetes set, shuffled and split like Keras's housing sets.

    Args:
        test_split: the fraction kept for testing.
        seed: the shuffle's seed (``np.random.RandomState``).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: float32 ``x`` of shape ``(n, 10)``
        in raw units (columns ``FEATURE_NAMES``) and float32 ``y`` (disease progression).

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data()
        >>> x_train.shape, x_test.shape
        ((353, 10), (89, 10))
    """
    table = np.loadtxt(csv_path(), delimiter=",", skiprows=1, dtype="float32")
    return shuffled_split(table[:, :10], table[:, 10], test_split, seed)
