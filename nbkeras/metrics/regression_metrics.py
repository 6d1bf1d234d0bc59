"""Regression metrics: mean squared/absolute error, RMSE and the R² score."""

import warnings

import numpy as np

from nbkeras.metrics.metric import Metric, same_rank, to_array
from nbkeras.metrics.reduction_metrics import Mean, metric_class


def mean_squared_error(y_true, y_pred):
    """``mean((y_pred - y_true)**2, axis=-1)``."""
    y_true, y_pred = same_rank(to_array(y_true), to_array(y_pred))
    return np.mean(np.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """``mean(|y_pred - y_true|, axis=-1)``."""
    y_true, y_pred = same_rank(to_array(y_true), to_array(y_pred))
    return np.mean(np.abs(y_pred - y_true), axis=-1)


MeanSquaredError = metric_class("MeanSquaredError", mean_squared_error, "mean_squared_error",
                                "Mean of squared errors.")
MeanAbsoluteError = metric_class("MeanAbsoluteError", mean_absolute_error, "mean_absolute_error",
                                 "Mean of absolute errors.")


class RootMeanSquaredError(Mean):
    """``sqrt(mean((y_pred - y_true)**2))`` over everything seen (the root of the running mean).

    Example:
        >>> import nbkeras as keras
        >>> float(keras.metrics.RootMeanSquaredError()([[0.0], [0.0]], [[3.0], [4.0]]))
        3.535533905029297
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = same_rank(to_array(y_true, np.float32), to_array(y_pred, np.float32))
        super().update_state(np.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return np.sqrt(super().result())


class R2Score(Metric):
    """Coefficient of determination: ``1 - SS_residual / SS_total`` per output, then averaged.

    Args:
        class_aggregation: ``"uniform_average"`` (default), ``"variance_weighted_average"``
            or None (one score per output).
        num_regressors: number of predictors, for the adjusted R² (0: plain R²).
        name: default ``"r2_score"``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.metrics.R2Score()([[1.0], [2.0], [3.0]], [[1.0], [2.0], [4.0]])), 4)
        0.5
    """

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score",
                 dtype=None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in ("uniform_average", "variance_weighted_average", None):
            raise ValueError("Invalid value for argument `class_aggregation`. Expected one of "
                             "'uniform_average', 'variance_weighted_average', None. Received: "
                             f"class_aggregation={class_aggregation!r}")
        if num_regressors < 0:
            raise ValueError("Invalid value for argument `num_regressors`: it must be >= 0. "
                             f"Received: num_regressors={num_regressors}")
        self.class_aggregation, self.num_regressors = class_aggregation, num_regressors
        self.reset_state()

    def reset_state(self):
        self.sums = self.squared_sums = self.total_mse = self.counts = None
        self.num_samples = 0

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = same_rank(to_array(y_true, np.float32), to_array(y_pred, np.float32))
        if y_true.ndim != 2:
            raise ValueError("R2Score expects 2-D inputs (batch, outputs). Received "
                             f"y_true.shape={y_true.shape}. Reshape 1-D targets to (-1, 1).")
        if self.sums is None:
            zeros = np.zeros(y_true.shape[-1], dtype=np.float32)
            self.sums, self.squared_sums, self.total_mse, self.counts = (
                zeros.copy(), zeros.copy(), zeros.copy(), zeros.copy())
        weights = np.float32(1) if sample_weight is None else to_array(sample_weight, np.float32)
        if np.ndim(weights) == 1:
            weights = weights[:, None]
        weights = np.broadcast_to(weights, y_true.shape)
        weighted = y_true * weights
        self.sums += weighted.sum(axis=0)
        self.squared_sums += (y_true * weighted).sum(axis=0)
        self.total_mse += (np.square(y_true - y_pred) * weights).sum(axis=0)
        self.counts += weights.sum(axis=0)
        self.num_samples += y_true.size

    def result(self):
        if self.sums is None:
            return np.float32(0.0)
        mean = self.sums / self.counts
        total = self.squared_sums - self.sums * mean
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = np.float32(1) - self.total_mse / total
        raw = np.where(np.isinf(raw), np.float32(0), raw).astype(np.float32)
        if self.class_aggregation == "uniform_average":
            score = np.mean(raw, dtype=np.float32)
        elif self.class_aggregation == "variance_weighted_average":
            score = np.sum(total * raw) / np.sum(total)
        else:
            score = raw
        return self._adjusted(score)

    def _adjusted(self, score):
        if self.num_regressors == 0:
            return np.float32(score) if np.ndim(score) == 0 else score
        if self.num_regressors >= self.num_samples - 1:
            warnings.warn("Adjusted R2 score needs more samples than predictors + 1; returning "
                          "the standard R2 score.", stacklevel=3)
            return score
        n, p = np.float32(self.num_samples), np.float32(self.num_regressors)
        return np.float32(1) - (np.float32(1) - score) * (n - 1) / (n - p - 1)

    def get_config(self):
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
