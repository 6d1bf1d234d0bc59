"""TruePositives, FalsePositives, TrueNegatives, FalseNegatives: weighted counts at thresholds."""

import numpy as np

from nbkeras.metrics.confusion_metrics import confusion_counts, parse_thresholds
from nbkeras.metrics.metric import Metric

_COUNT_INDEX = {"TruePositives": 0, "FalsePositives": 1, "TrueNegatives": 2, "FalseNegatives": 3}


class _ConfusionCount(Metric):
    """One entry of the confusion matrix, accumulated over batches (one value per threshold).

    Args:
        thresholds: a score above this counts as positive (default 0.5; a
            list gives one count per threshold).
        name: the metric's key in logs.
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_thresholds(thresholds, 0.5)
        self.reset_state()

    def reset_state(self):
        self.accumulator = np.zeros(len(self.thresholds), dtype=np.float32)

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight)
        self.accumulator += counts[_COUNT_INDEX[type(self).__name__]]

    def result(self):
        if isinstance(self.init_thresholds, (list, tuple)):
            return self.accumulator.copy()
        return self.accumulator[0]

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionCount):
    """The (weighted) number of positives predicted positive.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.TruePositives()([0, 1, 1, 1], [1, 0, 1, 1]))
        2.0
    """


class FalsePositives(_ConfusionCount):
    """The (weighted) number of negatives predicted positive.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.FalsePositives()([0, 1, 0, 0], [0, 0, 1, 1]))
        2.0
    """


class TrueNegatives(_ConfusionCount):
    """The (weighted) number of negatives predicted negative.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.TrueNegatives()([0, 1, 0, 0], [1, 1, 0, 0]))
        2.0
    """


class FalseNegatives(_ConfusionCount):
    """The (weighted) number of positives predicted negative.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.FalseNegatives()([0, 1, 1, 1], [0, 1, 0, 0]))
        2.0
    """
