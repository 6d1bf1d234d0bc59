"""Accuracy metrics: how often predictions match labels (per-sample functions and classes)."""

import numpy as np

from nbkeras.metrics.metric import same_rank, to_array
from nbkeras.metrics.reduction_metrics import metric_class


def accuracy(y_true, y_pred):
    """Exact equality of labels and predictions (the ``keras.metrics.Accuracy`` class)."""
    y_true, y_pred = same_rank(to_array(y_true), to_array(y_pred))
    return (y_true == y_pred).astype(np.float32)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``y_pred > threshold`` matches the 0/1 label, averaged over the last axis."""
    y_true, y_pred = same_rank(to_array(y_true), to_array(y_pred))
    return np.mean(y_true == (y_pred > threshold).astype(y_true.dtype), axis=-1).astype(np.float32)


def categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of ``y_pred`` equals the argmax of one-hot ``y_true``."""
    y_true, y_pred = to_array(y_true), to_array(y_pred)
    return (np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)).astype(np.float32)


def _class_indices(y_true, y_pred):
    y_true = to_array(y_true)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    return y_true.astype(np.int64)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of ``y_pred`` equals the integer label."""
    y_pred = to_array(y_pred)
    return (np.argmax(y_pred, axis=-1) == _class_indices(y_true, y_pred)).astype(np.float32)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the label's score is among the ``k`` largest (ties count as in, as in Keras).

    With ``from_sorted_ids=True``, ``y_pred`` holds class ids sorted from the
    best score down (shape ``(batch, N)``, ``N >= k``) and a hit is the label
    among the first ``k`` of them.
    """
    y_pred = to_array(y_pred)
    if from_sorted_ids:
        labels = to_array(y_true).reshape(-1)
        ids = y_pred.reshape(-1, y_pred.shape[-1])[:, :k]
        return np.any(ids == labels[:, None], axis=1).astype(np.float32)
    labels = _class_indices(y_true, y_pred)
    k = min(k, y_pred.shape[-1])
    kth_largest = np.sort(y_pred, axis=-1)[..., -k]
    label_score = np.take_along_axis(y_pred, labels[..., None], axis=-1)[..., 0]
    return (label_score >= kth_largest).astype(np.float32)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot label's class is among the ``k`` highest-scored classes."""
    return sparse_top_k_categorical_accuracy(np.argmax(to_array(y_true), axis=-1), y_pred, k=k)


Accuracy = metric_class("Accuracy", accuracy, "accuracy",
                        "How often predictions equal labels exactly.")
BinaryAccuracy = metric_class("BinaryAccuracy", binary_accuracy, "binary_accuracy",
                              "How often thresholded predictions match 0/1 labels.", threshold=0.5)
CategoricalAccuracy = metric_class("CategoricalAccuracy", categorical_accuracy,
                                   "categorical_accuracy",
                                   "How often the predicted class matches the one-hot label.")
SparseCategoricalAccuracy = metric_class(
    "SparseCategoricalAccuracy", sparse_categorical_accuracy, "sparse_categorical_accuracy",
    "How often the predicted class matches the integer label.")
TopKCategoricalAccuracy = metric_class(
    "TopKCategoricalAccuracy", top_k_categorical_accuracy, "top_k_categorical_accuracy",
    "How often the one-hot label is among the k best-scored classes.", k=5)
_SparseTopK = metric_class(
    "SparseTopKCategoricalAccuracy", sparse_top_k_categorical_accuracy,
    "sparse_top_k_categorical_accuracy",
    "How often the integer label is among the k best-scored classes.", k=5,
    from_sorted_ids=False)


class SparseTopKCategoricalAccuracy(_SparseTopK):
    __doc__ = _SparseTopK.__doc__ + """
    With ``from_sorted_ids=True`` the predictions are class ids sorted by
    score (best first) instead of scores.
    """

    def get_config(self):
        config = super().get_config()
        if not config["from_sorted_ids"]:
            del config["from_sorted_ids"]  # Keras reports it only when set
        return config
