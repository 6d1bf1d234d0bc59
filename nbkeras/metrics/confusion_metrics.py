"""Precision, Recall and AUC: metrics from counts of true/false positives/negatives."""

import numpy as np

from nbkeras.metrics.metric import Metric, to_array


def divide_no_nan(numerator, denominator):
    """``numerator / denominator``, 0 where the denominator is 0."""
    safe = np.where(denominator == 0, 1, denominator)
    return np.where(denominator == 0, 0, numerator / safe).astype(np.float32)


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, top_k=None, class_id=None):
    """Weighted (tp, fp, tn, fn), one entry per threshold; a prediction is positive if ``> threshold``.

    Args:
        y_true: 0/1 labels.
        y_pred: scores in [0, 1].
        thresholds: 1-D array of thresholds.
        sample_weight: optional weights broadcastable to y_pred.
        top_k: keep only the k highest scores per sample (others count as negative).
        class_id: look at this column only.

    Returns:
        Four float32 arrays of shape ``(len(thresholds),)``.
    """
    y_true, y_pred = to_array(y_true, np.float32), to_array(y_pred, np.float32)
    if y_true.ndim == y_pred.ndim - 1:
        y_true = y_true[..., None]
    weights = np.ones_like(y_pred) if sample_weight is None else to_array(sample_weight, np.float32)
    while weights.ndim < y_pred.ndim:
        weights = weights[..., None]
    weights = np.broadcast_to(weights, y_pred.shape)
    if top_k is not None:
        y_pred = keep_top_k(y_pred, top_k)
    if class_id is not None:
        y_true, y_pred, weights = y_true[..., class_id], y_pred[..., class_id], weights[..., class_id]
    labels, scores, weights = y_true.reshape(-1) > 0.5, y_pred.reshape(-1), weights.reshape(-1)
    predicted = scores[None, :] > np.asarray(thresholds, dtype=np.float32)[:, None]
    positive_weight, negative_weight = weights * labels, weights * ~labels

    def count(mask, weight):
        return (mask * weight[None, :]).sum(axis=1, dtype=np.float32)

    return (count(predicted, positive_weight), count(predicted, negative_weight),
            count(~predicted, negative_weight), count(~predicted, positive_weight))


def keep_top_k(y_pred, k):
    """Keeps exactly the ``k`` highest scores per row (ties go to the lowest index), others -inf.

    Keras's documented rule (TensorFlow and JAX ``top_k``): with scores
    ``[1, 1, 1, 1]`` and ``k=2`` only the first two count as positive.
    """
    order = np.argsort(-y_pred, axis=-1, kind="stable")[..., :k]
    keep = np.zeros(y_pred.shape, dtype=bool)
    np.put_along_axis(keep, order, True, axis=-1)
    return np.where(keep, y_pred, -np.inf).astype(np.float32)


def parse_thresholds(thresholds, default):
    if thresholds is None:
        return np.array([default], dtype=np.float32)
    values = np.atleast_1d(np.asarray(thresholds, dtype=np.float32))
    if np.any((values < 0) | (values > 1)):
        raise ValueError(f"Thresholds must lie in [0, 1]. Received: thresholds={thresholds}")
    return values


class _PrecisionRecall(Metric):
    """Shared state of Precision and Recall."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds, self.top_k, self.class_id = thresholds, top_k, class_id
        self.thresholds = parse_thresholds(thresholds, 0.5 if top_k is None else -np.inf)
        self.reset_state()

    def reset_state(self):
        zeros = np.zeros(len(self.thresholds), dtype=np.float32)
        self.true_positives, self.false_positives, self.false_negatives = (
            zeros.copy(), zeros.copy(), zeros.copy())

    def update_state(self, y_true, y_pred, sample_weight=None):
        tp, fp, _, fn = confusion_counts(y_true, y_pred, self.thresholds, sample_weight,
                                         self.top_k, self.class_id)
        self.true_positives += tp
        self.false_positives += fp
        self.false_negatives += fn

    def _finish(self, values):
        return values[0] if len(self.thresholds) == 1 else values

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


class Precision(_PrecisionRecall):
    """``true_positives / (true_positives + false_positives)``: how many predicted positives are right.

    Args:
        thresholds: a score above this counts as positive (default 0.5; a
            list gives one result per threshold).
        top_k: only the k highest scores per sample count as positive.
        class_id: compute for this class column only.
        name: default ``"precision"``.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.Precision()([0, 1, 1, 1], [1, 0, 1, 1]))
        0.6666666865348816
    """

    def __init__(self, thresholds=None, top_k=None, class_id=None, name="precision", dtype=None):
        super().__init__(thresholds, top_k, class_id, name, dtype)

    def result(self):
        return self._finish(divide_no_nan(self.true_positives,
                                          self.true_positives + self.false_positives))


class Recall(_PrecisionRecall):
    """``true_positives / (true_positives + false_negatives)``: how many positives are found.

    Args:
        thresholds: a score above this counts as positive (default 0.5).
        top_k: only the k highest scores per sample count as positive.
        class_id: compute for this class column only.
        name: default ``"recall"``.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.Recall()([0, 1, 1, 1], [1, 0, 1, 1]))
        0.6666666865348816
    """

    def __init__(self, thresholds=None, top_k=None, class_id=None, name="recall", dtype=None):
        super().__init__(thresholds, top_k, class_id, name, dtype)

    def result(self):
        return self._finish(divide_no_nan(self.true_positives,
                                          self.true_positives + self.false_negatives))
