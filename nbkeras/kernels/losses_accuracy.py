"""Crossentropy and accuracy in one kernel call: each sample's loss and whether it was right.

The trainer calls these instead of the plain forward kernels when the compiled
metrics hold the accuracy that matches the loss, so the accuracy metric does not
read ``y_pred`` again with NumPy (several passes and small arrays per batch).

``NAME_accuracy_forward(y_true, y_metric, y_pred, *params)`` returns
``(loss, hits)``:

* ``loss`` comes from the plain ``NAME_forward`` kernel, called as is, so it is
  the same number to the last bit and the backward kernel is unchanged. That
  kernel and the hits functions below are inlined (``inline="always"``): a first
  fit compiles one kernel here, not four (~0.3 s less with an empty cache).
* ``hits`` (float32, shape ``y_pred.shape[:-1]``) is the per-sample value of
  the Keras accuracy function, computed as ``keras.metrics`` computes it with
  NumPy: categorical and sparse accuracy compare ``np.argmax`` (the first
  largest entry, or the first NaN), binary accuracy is the fraction of entries
  where ``y_metric == (y_pred > 0.5)``, in float64 then rounded to float32.

``y_metric`` holds the labels as the metric sees them (their own dtype, which
the loss rounds to ``y_pred``'s): for categorical and binary shaped like
``y_pred``, for sparse the class indices of shape ``y_pred.shape[:-1]``.
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import as_rows, flat
from nbkeras.kernels.losses_binary_crossentropy import (
    binary_crossentropy_forward,
    binary_crossentropy_from_logits_forward,
)
from nbkeras.kernels.losses_categorical_crossentropy import (
    categorical_crossentropy_forward,
    categorical_crossentropy_from_logits_forward,
)
from nbkeras.kernels.losses_sparse_crossentropy import (
    sparse_categorical_crossentropy_forward,
    sparse_categorical_crossentropy_from_logits_forward,
)


@njit(cache=True, error_model="numpy", inline="always")
def first_argmax(row):
    """``np.argmax(row)``: the first largest entry; a NaN counts as largest (the first one wins)."""
    best = 0
    for j in range(1, row.size):
        if row[best] != row[best]:
            break
        if row[j] > row[best] or row[j] != row[j]:
            best = j
    return best


@njit(cache=True, error_model="numpy", inline="always")
def categorical_hits(y_metric, y_pred):
    """1.0 where ``argmax(y_metric) == argmax(y_pred)`` along the last axis, else 0.0."""
    n = y_pred.shape[-1]
    hits = np.empty(y_pred.shape[:-1], dtype=np.float32)
    hits_flat = flat(hits)
    true_rows, pred_rows = as_rows(y_metric, hits.size, n), as_rows(y_pred, hits.size, n)
    for r in range(hits.size):
        hits_flat[r] = 1.0 if first_argmax(true_rows[r]) == first_argmax(pred_rows[r]) else 0.0
    return hits


@njit(cache=True, error_model="numpy", inline="always")
def sparse_hits(y_metric, y_pred):
    """1.0 where ``argmax(y_pred) == int64(label)`` (NumPy's cast truncates), else 0.0."""
    n = y_pred.shape[-1]
    hits = np.empty(y_pred.shape[:-1], dtype=np.float32)
    hits_flat, labels = flat(hits), flat(y_metric)
    pred_rows = as_rows(y_pred, hits.size, n)
    for r in range(hits.size):
        hits_flat[r] = 1.0 if first_argmax(pred_rows[r]) == np.int64(labels[r]) else 0.0
    return hits


@njit(cache=True, error_model="numpy", inline="always")
def binary_hits(y_metric, y_pred):
    """mean(y_metric == (y_pred > 0.5)) along the last axis: count / n in float64, then float32."""
    n = y_pred.shape[-1]
    hits = np.empty(y_pred.shape[:-1], dtype=np.float32)
    hits_flat = flat(hits)
    true_rows, pred_rows = as_rows(y_metric, hits.size, n), as_rows(y_pred, hits.size, n)
    for r in range(hits.size):
        count = 0
        for j in range(n):
            if true_rows[r, j] == (1 if pred_rows[r, j] > 0.5 else 0):
                count += 1
        hits_flat[r] = np.float32(count / n)
    return hits


@njit(cache=True, error_model="numpy")
def categorical_crossentropy_accuracy_forward(y_true, y_metric, y_pred, epsilon):
    """(categorical_crossentropy_forward, categorical_hits)."""
    return (categorical_crossentropy_forward(y_true, y_pred, epsilon),
            categorical_hits(y_metric, y_pred))


@njit(cache=True, error_model="numpy")
def categorical_crossentropy_from_logits_accuracy_forward(y_true, y_metric, y_pred):
    """(categorical_crossentropy_from_logits_forward, categorical_hits)."""
    return (categorical_crossentropy_from_logits_forward(y_true, y_pred),
            categorical_hits(y_metric, y_pred))


@njit(cache=True, error_model="numpy")
def sparse_categorical_crossentropy_accuracy_forward(y_true, y_metric, y_pred, epsilon):
    """(sparse_categorical_crossentropy_forward, sparse_hits)."""
    return (sparse_categorical_crossentropy_forward(y_true, y_pred, epsilon),
            sparse_hits(y_metric, y_pred))


@njit(cache=True, error_model="numpy")
def sparse_categorical_crossentropy_from_logits_accuracy_forward(y_true, y_metric, y_pred):
    """(sparse_categorical_crossentropy_from_logits_forward, sparse_hits)."""
    return (sparse_categorical_crossentropy_from_logits_forward(y_true, y_pred),
            sparse_hits(y_metric, y_pred))


@njit(cache=True, error_model="numpy")
def binary_crossentropy_accuracy_forward(y_true, y_metric, y_pred, epsilon):
    """(binary_crossentropy_forward, binary_hits)."""
    return binary_crossentropy_forward(y_true, y_pred, epsilon), binary_hits(y_metric, y_pred)


@njit(cache=True, error_model="numpy")
def binary_crossentropy_from_logits_accuracy_forward(y_true, y_metric, y_pred):
    """(binary_crossentropy_from_logits_forward, binary_hits)."""
    return binary_crossentropy_from_logits_forward(y_true, y_pred), binary_hits(y_metric, y_pred)
