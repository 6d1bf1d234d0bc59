"""Boston and California housing prices (regression), as Keras 3 publishes them."""

import numpy as np

from nbkeras.datasets import keras_origins
from nbkeras.datasets.safe_files import shuffled_split
from nbkeras.utils.file_utils import get_file


def load_boston(path="boston_housing.npz", test_split=0.2, seed=113):
    """Boston housing (Harrison & Rubinfeld, 1978): 506 towns, 13 features, price in k$.

    Note that the set includes a feature built on the share of Black residents; it is
    kept in Keras for comparability and discussed as an example of problematic data.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: x ``(n, 13)``, y ``(n,)``, as stored by Keras.
    """
    _check_split(test_split)
    path = get_file(path, origin=f"{keras_origins.KERAS_BUCKET}boston_housing.npz",
                    file_hash=keras_origins.BOSTON_SHA256)
    with np.load(path, allow_pickle=False) as arrays:
        x, y = arrays["x"], arrays["y"]
    return shuffled_split(x, y, test_split, seed)


def load_california(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """California housing (1990 census): 20,640 blocks ("small": 600), 8 features, value in $.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: x ``(n, 8)``, y ``(n,)``, as stored by Keras.
    """
    _check_split(test_split)
    path = get_file(path, origin=f"{keras_origins.KERAS_BUCKET}california_housing.npz",
                    file_hash=keras_origins.CALIFORNIA_SHA256)
    with np.load(path, allow_pickle=False) as arrays:
        x, y = arrays["x"], arrays["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    elif version != "large":
        raise ValueError(f"Argument `version` must be one of 'small', 'large'. Received: "
                         f"version={version}")
    return shuffled_split(x, y, test_split, seed)


def _check_split(test_split):
    if not 0 <= test_split < 1:
        raise ValueError(f"Invalid `test_split` argument: {test_split}. It must be between 0 and "
                         "1 (exclusive of 1).")
