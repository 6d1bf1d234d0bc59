"""The 8x8 handwritten digits: a small real image set that ships with nbkeras (no download).

1797 grey images of the digits 0-9, 8x8 pixels with values 0..16 (each pixel
counts the ink in a 4x4 block of a 32x32 bitmap). Source: the UCI "Optical
Recognition of Handwritten Digits" data set (E. Alpaydin, C. Kaynak, 1998;
CC BY 4.0), in the copy scikit-learn bundles (BSD-3-Clause). See
``nbkeras/datasets/README.md``.
"""

import os

import numpy as np

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.npz")
TEST_SIZE = 360


def load_data():
    """Loads the bundled digits with a fixed train/test split (1437 / 360 images).

    The split is a permutation seeded with 0, the same on every machine, so
    results in the course are repeatable.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape
        ``(n, 8, 8)`` with values 0..16, and uint8 labels 0..9, like
        ``keras.datasets.mnist.load_data()``.

    Example:
        >>> from nbkeras.datasets import digits
        >>> (x_train, y_train), (x_test, y_test) = digits.load_data()
        >>> x_train.shape, x_test.shape, int(x_train.max())
        ((1437, 8, 8), (360, 8, 8), 16)
    """
    with np.load(_PATH, allow_pickle=False) as data:
        images, labels = data["images"], data["labels"]
    order = np.random.default_rng(0).permutation(len(images))
    train, test = order[TEST_SIZE:], order[:TEST_SIZE]
    return (images[train], labels[train]), (images[test], labels[test])
