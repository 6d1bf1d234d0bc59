"""MonitorCallback: what EarlyStopping, ModelCheckpoint and ReduceLROnPlateau share.

A monitored quantity (``"val_loss"``), a direction (``mode``: ``"min"``,
``"max"``, or ``"auto"`` = from the metric), a ``min_delta`` an
improvement must beat, and an optional starting ``best`` (the baseline).
"""

import warnings

from nbkeras.callbacks.callback import Callback

# Directions of Keras metrics, for mode="auto" when a metric object does not say.
_UP_WORDS = ("acc", "auc", "precision", "recall", "f1", "iou", "r2", "top_k", "cosine",
             "specificity", "sensitivity")
_DOWN_WORDS = ("error", "mae", "mse", "mape", "msle", "rmse", "hinge", "crossentropy",
               "divergence", "poisson", "logcosh", "log_cosh", "huber", "kld")


class MonitorCallback(Callback):
    """Base class of callbacks that watch one logged value.

    Args:
        monitor: the log key to watch, e.g. ``"val_loss"`` or ``"val_accuracy"``.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (loss: min; accuracy-like: max).
        baseline: an initial best value to beat (None: the first value).
        min_delta: an improvement must be larger than this (absolute).
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto "
                          "mode.", stacklevel=2)
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self):
        """Chooses the comparison; in auto mode, from the metric's name or direction."""
        if self.mode == "min":
            direction = "down"
        elif self.mode == "max":
            direction = "up"
        else:
            direction = self._auto_direction()
        if direction is None:
            raise ValueError(
                f"{type(self).__name__} callback received monitor={self.monitor}, but nbkeras "
                "isn't able to automatically determine whether that metric should be maximized "
                "or minimized. Pass `mode='max'` in order to monitor based on the highest metric "
                "value, or pass `mode='min'` in order to use the lowest value.")
        if direction == "down":
            self.monitor_op = _less
            self.min_delta = -abs(self.min_delta)
        else:
            self.monitor_op = _greater
            self.min_delta = abs(self.min_delta)

    def _auto_direction(self):
        name = self.monitor.removeprefix("val_")
        if name == "loss" or name.endswith("_loss"):
            return "down"
        for metric in _compiled_metrics(self.model):
            if getattr(metric, "name", None) == name and hasattr(metric, "_direction"):
                return metric._direction
        if any(word in name for word in _DOWN_WORDS):
            return "down"
        if any(word in name for word in _UP_WORDS):
            return "up"
        return None

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        return bool(self.monitor_op(monitor_value - self.min_delta, reference_value))


def _compiled_metrics(model):
    try:
        return list(getattr(model, "metrics", None) or [])
    except Exception:  # metrics not built yet
        return []


def _less(a, b):
    return a < b


def _greater(a, b):
    return a > b
