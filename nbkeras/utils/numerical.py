"""Array helpers of ``keras.utils``: one-hot encoding and normalization."""

import numpy as np


def to_categorical(x, num_classes=None):
    """Turns integer class labels into one-hot rows.

    Args:
        x: integer labels of any shape; a trailing axis of size 1 is dropped.
        num_classes: number of classes (default ``max(x) + 1``).

    Returns:
        A float array of shape ``x.shape + (num_classes,)``.

    Example:
        >>> to_categorical([0, 2], num_classes=3)
        array([[1., 0., 0.],
               [0., 0., 1.]])
    """
    labels = np.asarray(x)
    if labels.dtype.kind == "f":
        if not np.all(labels == np.round(labels)):
            raise ValueError("to_categorical expects integer class labels; received non-integer "
                             f"values such as {labels[labels != np.round(labels)].flat[0]}.")
        labels = labels.astype(np.int64)
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if labels.size and labels.min() < 0:
        raise ValueError(f"to_categorical expects labels >= 0; received {labels.min()}.")
    num_classes = int(labels.max()) + 1 if num_classes is None else int(num_classes)
    if labels.size and labels.max() >= num_classes:
        raise ValueError(f"Label {labels.max()} does not fit num_classes={num_classes}: labels "
                         "must be in [0, num_classes - 1].")
    one_hot = np.zeros(labels.shape + (num_classes,), dtype="float64")
    np.put_along_axis(one_hot, labels[..., None], 1.0, axis=-1)
    return one_hot


def normalize(x, axis=-1, order=2):
    """Scales ``x`` to unit ``order``-norm along ``axis`` (zero vectors stay zero)."""
    x = np.asarray(x, dtype=np.float64 if np.asarray(x).dtype == np.float64 else np.float32)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return x / np.where(norm == 0, 1, norm)
