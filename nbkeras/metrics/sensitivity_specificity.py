"""PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity.

Each keeps the confusion counts at ``num_thresholds`` evenly spaced
thresholds in [0, 1] and reports the best value of one rate among the
thresholds where the other rate reaches the requested value (0 if none).
"""

import numpy as np

from nbkeras.metrics.confusion_metrics import confusion_counts, divide_no_nan
from nbkeras.metrics.metric import Metric


class _RateAtRate(Metric):
    """Shared state: the four counts at each threshold.

    Subclasses set ``value_name`` (their constraint argument) and implement
    ``rates()`` returning ``(constrained, dependent)`` arrays.
    """

    value_name = None

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if not 0 <= value <= 1:
            raise ValueError(f"Argument `{self.value_name}` must be in the range [0, 1]. "
                             f"Received: {self.value_name}={value}")
        if num_thresholds <= 0:
            raise ValueError("Argument `num_thresholds` must be an integer > 0. "
                             f"Received: num_thresholds={num_thresholds}")
        self.value, self.num_thresholds, self.class_id = value, num_thresholds, class_id
        if num_thresholds == 1:
            self.thresholds = np.array([0.5], dtype=np.float32)
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = np.array([0.0] + inner + [1.0], dtype=np.float32)
        self.reset_state()

    def reset_state(self):
        zeros = np.zeros(len(self.thresholds), dtype=np.float32)
        self.true_positives, self.false_positives = zeros.copy(), zeros.copy()
        self.true_negatives, self.false_negatives = zeros.copy(), zeros.copy()

    def update_state(self, y_true, y_pred, sample_weight=None):
        tp, fp, tn, fn = confusion_counts(y_true, y_pred, self.thresholds, sample_weight,
                                          class_id=self.class_id)
        self.true_positives += tp
        self.false_positives += fp
        self.true_negatives += tn
        self.false_negatives += fn

    def recalls(self):
        return divide_no_nan(self.true_positives, self.true_positives + self.false_negatives)

    def precisions(self):
        return divide_no_nan(self.true_positives, self.true_positives + self.false_positives)

    def specificities(self):
        return divide_no_nan(self.true_negatives, self.true_negatives + self.false_positives)

    def result(self):
        constrained, dependent = self.rates()
        feasible = constrained >= np.float32(self.value)
        return np.float32(np.max(np.where(feasible, dependent, 0), initial=0))

    def get_config(self):
        return {**super().get_config(), "class_id": self.class_id,
                "num_thresholds": self.num_thresholds, self.value_name: self.value}


class PrecisionAtRecall(_RateAtRate):
    """The best precision among thresholds whose recall is at least ``recall``.

    Args:
        recall: the required recall, in [0, 1].
        num_thresholds: number of evenly spaced thresholds (default 200).
        class_id: compute for this class column only.

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.PrecisionAtRecall(0.5)
        >>> float(m([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]))
        0.5
    """

    value_name = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name="precision_at_recall",
                 dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def rates(self):
        return self.recalls(), self.precisions()


class RecallAtPrecision(_RateAtRate):
    """The best recall among thresholds whose precision is at least ``precision``.

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.RecallAtPrecision(0.8)
        >>> float(m([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]))
        0.5
    """

    value_name = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name="recall_at_precision",
                 dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def rates(self):
        return self.precisions(), self.recalls()


class SensitivityAtSpecificity(_RateAtRate):
    """The best sensitivity (recall) among thresholds whose specificity is at least ``specificity``.

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.SensitivityAtSpecificity(0.5)
        >>> float(m([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]))
        0.5
    """

    value_name = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None,
                 name="sensitivity_at_specificity", dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def rates(self):
        return self.specificities(), self.recalls()


class SpecificityAtSensitivity(_RateAtRate):
    """The best specificity among thresholds whose sensitivity (recall) is at least ``sensitivity``.

    Example:
        >>> import nbkeras as keras
        >>> m = keras.metrics.SpecificityAtSensitivity(0.5)
        >>> round(float(m([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])), 4)
        0.6667
    """

    value_name = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None,
                 name="specificity_at_sensitivity", dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def rates(self):
        return self.recalls(), self.specificities()
