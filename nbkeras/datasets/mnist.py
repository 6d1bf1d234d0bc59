"""MNIST handwritten digits: 60,000 training and 10,000 test images, 28x28 grayscale."""

import numpy as np

from nbkeras.datasets import keras_origins
from nbkeras.utils.file_utils import get_file


def load_data(path="mnist.npz"):
    """Downloads (once) and loads MNIST.

    Args:
        path: the file name in the cache (``~/.keras/datasets/`` or ``$KERAS_HOME``).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images ``(n, 28, 28)`` with
        values 0-255 and uint8 labels ``(n,)`` in 0-9.

    License: Yann LeCun and Corinna Cortes hold the copyright of MNIST, made
    available under CC BY-SA 3.0.
    """
    path = get_file(fname=path, origin=f"{keras_origins.KERAS_BUCKET}mnist.npz",
                    file_hash=keras_origins.MNIST_SHA256)
    with np.load(path, allow_pickle=False) as arrays:
        return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
