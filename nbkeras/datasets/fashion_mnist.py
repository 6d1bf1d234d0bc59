"""Fashion-MNIST: 28x28 grayscale photos of 10 kinds of clothing (Zalando, MIT licence)."""

import gzip
import os

import numpy as np

from nbkeras.datasets import keras_origins
from nbkeras.utils.file_utils import get_file


def load_data():
    """Downloads (once) and loads Fashion-MNIST.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images ``(60000, 28, 28)`` and
        ``(10000, 28, 28)``, uint8 labels in 0-9 (0 T-shirt/top, 1 Trouser, 2 Pullover,
        3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot).
    """
    paths = [get_file(name, origin=keras_origins.KERAS_BUCKET + name,
                      cache_subdir=os.path.join("datasets", "fashion-mnist"))
             for name in keras_origins.FASHION_MNIST_FILES]
    y_train, x_train, y_test, x_test = (_read_idx(p, offset) for p, offset in
                                        zip(paths, (8, 16, 8, 16)))
    return ((x_train.reshape(len(y_train), 28, 28), y_train),
            (x_test.reshape(len(y_test), 28, 28), y_test))


def _read_idx(path, offset):
    """An IDX file (gzip): a small header, then uint8 values."""
    with gzip.open(path, "rb") as stream:
        return np.frombuffer(stream.read(), np.uint8, offset=offset)
