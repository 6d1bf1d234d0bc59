"""CIFAR-10: 32x32 colour photos in 10 classes (50,000 training, 10,000 test)."""

import os

import numpy as np

from nbkeras.datasets import keras_origins
from nbkeras.datasets.safe_files import load_pickle
from nbkeras.utils.file_utils import get_file


def load_data():
    """Downloads (once, 163 MB) and loads CIFAR-10.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images ``(n, 32, 32, 3)``
        (channels_last) and uint8 labels of shape ``(n, 1)`` (0 airplane, 1 automobile,
        2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse, 8 ship, 9 truck).
    """
    folder = get_file(fname="cifar-10-batches-py-target", origin=keras_origins.CIFAR10_ORIGIN,
                      extract=True, file_hash=keras_origins.CIFAR10_SHA256)
    folder = os.path.join(folder, "cifar-10-batches-py")
    parts = [load_batch(os.path.join(folder, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in parts])
    y_train = np.concatenate([y for _, y in parts])
    x_test, y_test = load_batch(os.path.join(folder, "test_batch"))
    return ((x_train.transpose(0, 2, 3, 1), y_train.reshape(-1, 1)),
            (x_test.transpose(0, 2, 3, 1), y_test.reshape(-1, 1)))


def load_batch(path, label_key="labels"):
    """One CIFAR batch file: ``(images (n, 3, 32, 32) uint8, labels (n,) uint8)``."""
    batch = {key.decode("utf8"): value for key, value in load_pickle(path).items()}
    data = np.asarray(batch["data"], dtype=np.uint8)
    return data.reshape(len(data), 3, 32, 32), np.asarray(batch[label_key], dtype=np.uint8)
