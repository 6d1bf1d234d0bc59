"""AUC: area under the ROC or precision-recall curve, from counts at fixed thresholds."""

import numpy as np

from nbkeras import config
from nbkeras.metrics.confusion_metrics import confusion_counts, divide_no_nan
from nbkeras.metrics.metric import Metric, to_array

CURVES = ("ROC", "PR")
SUMMATION_METHODS = ("interpolation", "minoring", "majoring")


class AUC(Metric):
    """Area under the curve, approximated by a Riemann sum over ``num_thresholds`` thresholds.

    Thresholds are evenly spaced in [0, 1], plus one just below 0 and one
    just above 1 (so every curve reaches its corners). ROC uses the
    trapezoidal rule; PR with "interpolation" uses the interpolation of
    Davis and Goadrich (2006), as Keras does.

    Args:
        num_thresholds: number of thresholds (default 200).
        curve: ``"ROC"`` or ``"PR"``.
        summation_method: ``"interpolation"``, ``"minoring"`` or ``"majoring"``.
        name: default ``"auc"``.
        thresholds: explicit thresholds instead of evenly spaced ones.
        multi_label: one curve per label column, averaged (else all pooled).
        num_labels: accepted for Keras compatibility.
        label_weights: weights of the per-label AUCs (multi_label only).
        from_logits: apply a sigmoid to y_pred first.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.AUC()([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))
        0.75
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name="auc",
                 dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        super().__init__(name=name, dtype=dtype)
        if str(curve).upper() not in CURVES:
            raise ValueError(f'Invalid `curve` argument value "{curve}". Expected one of: {CURVES}')
        if str(summation_method).lower() not in SUMMATION_METHODS:
            raise ValueError(f'Invalid `summation_method` argument value "{summation_method}". '
                             f"Expected one of: {SUMMATION_METHODS}")
        if thresholds is None and num_thresholds <= 1:
            raise ValueError("Argument `num_thresholds` must be an integer > 1. Received: "
                             f"num_thresholds={num_thresholds}")
        if num_labels and not multi_label:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            num_thresholds = len(inner) + 2
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        epsilon = config.epsilon()
        self._thresholds = np.array([0.0 - epsilon] + inner + [1.0 + epsilon], dtype=np.float32)
        self.num_thresholds, self._init_thresholds = num_thresholds, thresholds
        self.curve, self.summation_method = str(curve).upper(), str(summation_method).lower()
        self.multi_label, self.num_labels, self.from_logits = multi_label, num_labels, from_logits
        self.label_weights = None if label_weights is None else np.asarray(label_weights, np.float32)
        self.reset_state()

    @property
    def thresholds(self):
        return list(self._thresholds)

    def reset_state(self):
        self.true_positives = self.false_positives = None
        self.true_negatives = self.false_negatives = None

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = to_array(y_pred, np.float32)
        if self.from_logits:
            y_pred = (1 / (1 + np.exp(-y_pred))).astype(np.float32)
        if self.multi_label:
            columns = [confusion_counts(to_array(y_true)[:, j], y_pred[:, j], self._thresholds,
                                        sample_weight) for j in range(y_pred.shape[-1])]
            counts = [np.stack(c, axis=1) for c in zip(*columns)]
        else:
            counts = confusion_counts(y_true, y_pred, self._thresholds, sample_weight)
        if self.true_positives is None:
            self.true_positives, self.false_positives, self.true_negatives, self.false_negatives = (
                np.zeros_like(c) for c in counts)
        self.true_positives += counts[0]
        self.false_positives += counts[1]
        self.true_negatives += counts[2]
        self.false_negatives += counts[3]

    def result(self):
        if self.true_positives is None:
            return np.float32(0.0)
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._combine(self._interpolated_pr_terms(tp, fp, fn))
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / np.float32(2)
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return self._combine((x[:-1] - x[1:]) * heights)

    @staticmethod
    def _interpolated_pr_terms(tp, fp, fn):
        """Davis-Goadrich: precision interpolated along the positives between two thresholds."""
        dtp = tp[:-1] - tp[1:]
        predicted = tp + fp
        dp = predicted[:-1] - predicted[1:]
        slope = divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * predicted[1:]
        both_positive = (predicted[:-1] > 0) & (predicted[1:] > 0)
        ratio = np.where(both_positive, divide_no_nan(predicted[:-1], np.maximum(predicted[1:], 0)),
                         np.float32(1))
        return divide_no_nan(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))

    def _combine(self, terms):
        if not self.multi_label:
            return np.float32(np.sum(terms, dtype=np.float32))
        by_label = np.sum(terms, axis=0, dtype=np.float32)
        if self.label_weights is None:
            return np.float32(np.mean(by_label))
        return np.float32(divide_no_nan(np.sum(by_label * self.label_weights), np.sum(self.label_weights)))

    def get_config(self):
        return {**super().get_config(), "num_thresholds": self.num_thresholds, "curve": self.curve,
                "summation_method": self.summation_method, "multi_label": self.multi_label,
                "num_labels": self.num_labels, "from_logits": self.from_logits,
                "label_weights": None if self.label_weights is None else self.label_weights.tolist(),
                **({"thresholds": self._init_thresholds} if self._init_thresholds is not None else {})}
