"""Python standard-library docstring summaries labelled by topic: bundled, works offline.

A small real text-classification set (1,324 sentences, 5 topics). Source and
licence (PSF License 2.0): ``nbkeras/datasets/bundled/README.md``.
"""

import os

import numpy as np

from nbkeras.datasets.safe_files import shuffled_split

CLASS_NAMES = ("math", "text", "files", "time", "network")


def load_data(test_split=0.2, seed=113):
    """Loads the sentences and their topic labels, shuffled and split.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: arrays of Python strings and int32
        labels in 0-4 (``CLASS_NAMES``).

    Example:
        >>> (x_train, y_train), _ = load_data()
        >>> CLASS_NAMES[y_train[0]], str(x_train[0])[:30]  # doctest: +SKIP
    """
    path = os.path.join(os.path.dirname(__file__), "bundled", "docstrings.npz")
    with np.load(path, allow_pickle=False) as arrays:
        texts, labels = arrays["texts"], arrays["labels"]
    (x_train, y_train), (x_test, y_test) = shuffled_split(texts, labels, test_split, seed)
    return (x_train.astype(object), y_train), (x_test.astype(object), y_test)
