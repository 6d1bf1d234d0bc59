"""Label checks shared by all losses: reconcile shapes as Keras does, or explain the mismatch."""

import numpy as np

from nbkeras.ops.tensor import Tensor, as_tensor


def as_prediction(y_pred, floatx):
    """y_pred as a float Tensor (integers become floatx)."""
    y_pred = as_tensor(y_pred)
    if y_pred.data.dtype.kind != "f":
        y_pred = as_tensor(y_pred.data.astype(floatx))
    return y_pred


def labels_like(y_true, y_pred, loss_name, sparse=False):
    """Checks and reconciles label shapes as Keras does (squeeze/expand one axis).

    Args:
        y_true: labels (array-like or Tensor).
        y_pred: the prediction Tensor.
        loss_name: used in error messages.
        sparse: labels are class indices (one axis less than y_pred).

    Returns:
        A C-contiguous array of y_pred's dtype.
    """
    labels = y_true.data if isinstance(y_true, Tensor) else np.asarray(y_true)
    if labels.dtype.kind not in "fiub":
        raise TypeError(f"{loss_name}: labels must be numbers. Received dtype {labels.dtype}.")
    pred_shape = tuple(y_pred.shape)
    if sparse:
        return _sparse_labels(labels, pred_shape, loss_name).astype(y_pred.data.dtype)
    if labels.ndim == len(pred_shape) - 1 and pred_shape[-1] == 1:
        labels = labels.reshape(labels.shape + (1,))
    elif labels.ndim == len(pred_shape) + 1 and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if labels.shape != pred_shape and _broadcasts_to(labels.shape, pred_shape):
        # Keras computes ``y_true - y_pred`` with broadcasting: (1,) labels against (1, 10)
        # predictions (the EarlyStopping docstring example, batch_size=1) are used as (1, 10).
        labels = np.broadcast_to(labels, pred_shape)
    if labels.shape != pred_shape:
        raise ValueError(
            f"{loss_name}: labels (y_true) and predictions (y_pred) must have the same shape. "
            f"Received y_true.shape={labels.shape}, y_pred.shape={pred_shape} (axis 0 is "
            f"the batch). " + label_hint(labels, pred_shape, loss_name))
    return np.ascontiguousarray(labels, dtype=y_pred.data.dtype)


def _sparse_labels(labels, pred_shape, loss_name):
    if labels.ndim == len(pred_shape) and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if labels.shape != pred_shape[:-1]:
        raise ValueError(
            f"{loss_name} expects integer class indices of shape {pred_shape[:-1]} for "
            f"predictions of shape {pred_shape}. Received labels of shape {labels.shape}. "
            + label_hint(labels, pred_shape))
    if labels.size and (labels.min() < 0 or labels.max() >= pred_shape[-1]):
        raise ValueError(
            f"{loss_name}: class indices must lie in [0, {pred_shape[-1] - 1}] for "
            f"{pred_shape[-1]} output units. Received labels from {labels.min()} to "
            f"{labels.max()}. Check the number of units of the last layer.")
    return np.ascontiguousarray(labels)


def label_hint(labels, pred_shape, loss_name=""):
    """The likely fix for a label/prediction shape mismatch."""
    looks_like_indices = (
        labels.ndim >= 1 and labels.shape[0] == pred_shape[0]
        and (labels.ndim == 1 or labels.shape[-1] == 1)
        and labels.size and np.all(labels == np.round(labels)) and labels.min() >= 0)
    if looks_like_indices and len(pred_shape) >= 2 and pred_shape[-1] > 1:
        return ("The labels look like class indices: use loss='sparse_categorical_crossentropy', "
                "or one-hot encode them with keras.utils.to_categorical(y, num_classes="
                f"{pred_shape[-1]}).")
    if "sparse" in loss_name or labels.ndim == len(pred_shape):
        return "Check the number of units of the last layer against the labels."
    return "Check the number of units of the last layer and the label shape."


def smooth_labels(labels, label_smoothing, num_classes):
    """``labels * (1 - s) + s / num_classes`` (Keras's label smoothing)."""
    return labels * (1.0 - label_smoothing) + label_smoothing / num_classes


def check_axis(axis, loss_name):
    """nbkeras reduces the last axis only; say so clearly for any other."""
    if isinstance(axis, bool) or axis not in (-1, None):
        raise ValueError(f"{loss_name}: nbkeras computes this loss over the last axis. "
                         f"Received: axis={axis}. Move that axis last (ops.transpose) instead.")


def _broadcasts_to(shape, target):
    try:
        return np.broadcast_shapes(shape, target) == tuple(target)
    except ValueError:
        return False
