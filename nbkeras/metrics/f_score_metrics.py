"""F-scores: the harmonic mean of precision and recall, per class."""

import numpy as np

from nbkeras import config
from nbkeras.metrics.metric import Metric, to_array

AVERAGES = (None, "micro", "macro", "weighted")


class FBetaScore(Metric):
    """``(1 + beta²) * precision * recall / (beta² * precision + recall)`` per class.

    Args:
        average: None (one score per class), ``"micro"`` (pool all classes),
            ``"macro"`` (mean of the class scores) or ``"weighted"`` (weighted
            by the number of true samples of each class).
        beta: weight of recall relative to precision.
        threshold: a score above it counts as positive; None marks the
            highest score of each sample as its prediction.
        name: default ``"fbeta_score"``.

    Example:
        >>> import nbkeras as keras
        >>> metric = keras.metrics.FBetaScore(beta=2.0, average="micro")
        >>> round(float(metric([[1, 0], [0, 1]], [[0.9, 0.1], [0.6, 0.4]])), 4)
        0.5
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in AVERAGES:
            raise ValueError("Invalid `average` argument value. Expected one of: "
                             f"{{None, 'micro', 'macro', 'weighted'}}. Received: average={average!r}")
        if not isinstance(beta, float) or beta <= 0.0:
            raise ValueError(f"`beta` should be a float greater than 0. Received: beta={beta!r}")
        if threshold is not None and not (isinstance(threshold, float) and 0.0 < threshold <= 1.0):
            raise ValueError("`threshold` should be a float in the range (0, 1]. Received: "
                             f"threshold={threshold!r}")
        self.average, self.beta, self.threshold = average, beta, threshold
        self.reset_state()

    def reset_state(self):
        self.true_positives = self.false_positives = None
        self.false_negatives = self.intermediate_weights = None

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_array(y_true, np.float32), to_array(y_pred, np.float32)
        if y_true.ndim != 2 or y_pred.ndim != 2:
            raise ValueError("FBetaScore expects 2-D y_true and y_pred (batch, classes). Received: "
                             f"y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}.")
        if self.threshold is None:
            top = y_pred.max(axis=-1, keepdims=True)
            predicted = ((y_pred >= top) & (np.abs(y_pred) > 1e-9)).astype(np.float32)
        else:
            predicted = (y_pred > self.threshold).astype(np.float32)
        weights = None if sample_weight is None else to_array(sample_weight, np.float32)[:, None]
        axis = None if self.average == "micro" else 0

        def weighted_sum(values):
            return (values if weights is None else values * weights).sum(axis=axis)

        updates = (weighted_sum(predicted * y_true), weighted_sum(predicted * (1 - y_true)),
                   weighted_sum((1 - predicted) * y_true), weighted_sum(y_true))
        if self.true_positives is None:
            (self.true_positives, self.false_positives, self.false_negatives,
             self.intermediate_weights) = (np.zeros_like(u, dtype=np.float32) for u in updates)
        self.true_positives = self.true_positives + updates[0]
        self.false_positives = self.false_positives + updates[1]
        self.false_negatives = self.false_negatives + updates[2]
        self.intermediate_weights = self.intermediate_weights + updates[3]

    def result(self):
        if self.true_positives is None:
            return np.float32(0.0)
        epsilon = np.float32(config.epsilon())
        tp = self.true_positives
        precision = tp / (tp + self.false_positives + epsilon)
        recall = tp / (tp + self.false_negatives + epsilon)
        beta_squared = np.float32(self.beta ** 2)
        score = precision * recall / (beta_squared * precision + recall + epsilon) * (1 + beta_squared)
        if self.average == "weighted":
            weights = self.intermediate_weights / (np.sum(self.intermediate_weights) + epsilon)
            return np.float32(np.sum(score * weights))
        if self.average is not None:
            return np.float32(np.mean(score))
        return score.astype(np.float32)

    def get_config(self):
        return {**super().get_config(), "beta": self.beta, "average": self.average,
                "threshold": self.threshold}


class F1Score(FBetaScore):
    """The F-score with ``beta=1``: ``2 * precision * recall / (precision + recall)``.

    Args:
        average: None, ``"micro"``, ``"macro"`` or ``"weighted"`` (see ``FBetaScore``).
        threshold: a score above it counts as positive; None: the argmax.
        name: default ``"f1_score"``.

    Example:
        >>> import nbkeras as keras
        >>> metric = keras.metrics.F1Score(average="macro")
        >>> round(float(metric([[1, 0], [0, 1]], [[0.9, 0.1], [0.2, 0.8]])), 4)
        1.0
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config_dict = super().get_config()
        del config_dict["beta"]
        return config_dict
