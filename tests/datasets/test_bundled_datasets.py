"""The sets that ship with nbkeras: offline, small, documented."""

import os

import numpy as np

import nbkeras as keras


def test_diabetes_loads_offline_in_raw_units():
    (x_train, y_train), (x_test, y_test) = keras.datasets.diabetes.load_data()
    assert x_train.shape == (353, 10) and x_test.shape == (89, 10)
    assert x_train.dtype == y_train.dtype == np.float32
    assert 19 <= x_train[:, 0].min() and x_train[:, 0].max() <= 79  # age in years
    assert 25 <= min(y_train.min(), y_test.min()) and max(y_train.max(), y_test.max()) <= 346


def test_docstrings_text_set():
    (x_train, y_train), (x_test, y_test) = keras.datasets.docstrings.load_data(test_split=0.25)
    assert len(x_train) + len(x_test) == 1324 and x_train.dtype == object
    assert isinstance(x_train[0], str) and set(np.unique(y_train)) == set(range(5))
    assert keras.datasets.docstrings.CLASS_NAMES[0] == "math"


def test_bundled_files_are_small_and_documented():
    folder = os.path.join(os.path.dirname(keras.datasets.diabetes.__file__), "bundled")
    total = sum(os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder))
    assert total < 200_000
    readme = open(os.path.join(folder, "README.md")).read()
    assert "BSD-3-Clause" in readme and "Python Software Foundation License" in readme
