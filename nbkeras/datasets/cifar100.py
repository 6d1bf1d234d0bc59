"""CIFAR-100: 32x32 colour photos in 100 fine (or 20 coarse) classes."""

import os

from nbkeras.datasets import keras_origins
from nbkeras.datasets.cifar10 import load_batch
from nbkeras.utils.file_utils import get_file


def load_data(label_mode="fine"):
    """Downloads (once, 161 MB) and loads CIFAR-100.

    Args:
        label_mode: ``"fine"`` (100 classes) or ``"coarse"`` (20 super-classes).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images ``(n, 32, 32, 3)`` and
        uint8 labels ``(n, 1)``.
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`. '
                         f"Received: label_mode={label_mode}.")
    folder = get_file(fname="cifar-100-python-target", origin=keras_origins.CIFAR100_ORIGIN,
                      extract=True, file_hash=keras_origins.CIFAR100_SHA256)
    folder = os.path.join(folder, "cifar-100-python")
    x_train, y_train = load_batch(os.path.join(folder, "train"), f"{label_mode}_labels")
    x_test, y_test = load_batch(os.path.join(folder, "test"), f"{label_mode}_labels")
    return ((x_train.transpose(0, 2, 3, 1), y_train.reshape(-1, 1)),
            (x_test.transpose(0, 2, 3, 1), y_test.reshape(-1, 1)))
