"""Metrics (``keras.metrics``): stateful running values shown during training.

A metric accumulates with ``update_state(y_true, y_pred, sample_weight)``,
reports with ``result()`` and starts over with ``reset_state()``. Metric
functions (``categorical_accuracy``, ...) return one value per sample.

Example:
    >>> import nbkeras as keras
    >>> metric = keras.metrics.get("binary_accuracy")
    >>> float(metric([[1], [0]], [[0.8], [0.7]]))
    0.5
"""

from nbkeras.identifiers import Registry
from nbkeras.metrics.accuracy_metrics import (Accuracy, BinaryAccuracy, CategoricalAccuracy,
                                              SparseCategoricalAccuracy,
                                              SparseTopKCategoricalAccuracy,
                                              TopKCategoricalAccuracy, accuracy, binary_accuracy,
                                              categorical_accuracy, sparse_categorical_accuracy,
                                              sparse_top_k_categorical_accuracy,
                                              top_k_categorical_accuracy)
from nbkeras.metrics.auc import AUC
from nbkeras.metrics.confusion_metrics import Precision, Recall
from nbkeras.metrics.count_metrics import FalseNegatives, FalsePositives, TrueNegatives, TruePositives
from nbkeras.metrics.error_metrics import (CategoricalHinge, CosineSimilarity, Hinge, LogCoshError,
                                           MeanAbsolutePercentageError,
                                           MeanSquaredLogarithmicError, SquaredHinge,
                                           categorical_hinge, hinge, log_cosh,
                                           mean_absolute_percentage_error,
                                           mean_squared_logarithmic_error, squared_hinge)
from nbkeras.metrics.f_score_metrics import F1Score, FBetaScore
from nbkeras.metrics.iou_metrics import MeanIoU
from nbkeras.metrics.metric import Metric
from nbkeras.metrics.probabilistic_metrics import (BinaryCrossentropy, CategoricalCrossentropy,
                                                   KLDivergence, Poisson,
                                                   SparseCategoricalCrossentropy,
                                                   binary_crossentropy, categorical_crossentropy,
                                                   kl_divergence, poisson,
                                                   sparse_categorical_crossentropy)
from nbkeras.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum
from nbkeras.metrics.regression_metrics import (MeanAbsoluteError, MeanSquaredError, R2Score,
                                                RootMeanSquaredError, mean_absolute_error,
                                                mean_squared_error)
from nbkeras.metrics.sensitivity_specificity import (PrecisionAtRecall, RecallAtPrecision,
                                                     SensitivityAtSpecificity,
                                                     SpecificityAtSensitivity)

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
bce = BCE = binary_crossentropy

ALL_METRIC_FUNCTIONS = {fn.__name__: fn for fn in (
    binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, mean_squared_error,
    mean_absolute_error, mean_absolute_percentage_error, mean_squared_logarithmic_error,
    binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy,
    kl_divergence, poisson, hinge, squared_hinge, categorical_hinge, log_cosh)}
ALL_METRIC_FUNCTIONS.update({"mse": mse, "MSE": mse, "mae": mae, "MAE": mae, "mape": mape,
                             "MAPE": mape, "msle": msle, "MSLE": msle, "bce": bce, "BCE": bce})
ALL_METRIC_CLASSES = {cls.__name__: cls for cls in (
    Mean, Sum, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, Precision, Recall, AUC, F1Score,
    FBetaScore, RootMeanSquaredError, MeanAbsoluteError, MeanSquaredError, R2Score, MeanIoU,
    TruePositives, FalsePositives, TrueNegatives, FalseNegatives, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError, KLDivergence, Poisson, Hinge,
    SquaredHinge, CategoricalHinge, BinaryCrossentropy, CategoricalCrossentropy,
    SparseCategoricalCrossentropy, PrecisionAtRecall, RecallAtPrecision,
    SensitivityAtSpecificity, SpecificityAtSensitivity)}
# Keras also accepts the snake_case of each class ("auc", "precision", "r2_score", ...).
_SNAKE_CASE_CLASSES = {"mean": Mean, "sum": Sum, "precision": Precision, "recall": Recall,
                       "auc": AUC, "f1_score": F1Score, "fbeta_score": FBetaScore,
                       "root_mean_squared_error": RootMeanSquaredError, "r2_score": R2Score,
                       "true_positives": TruePositives, "false_positives": FalsePositives,
                       "true_negatives": TrueNegatives, "false_negatives": FalseNegatives,
                       "cosine_similarity": CosineSimilarity, "log_cosh_error": LogCoshError,
                       "precision_at_recall": PrecisionAtRecall,
                       "recall_at_precision": RecallAtPrecision,
                       "sensitivity_at_specificity": SensitivityAtSpecificity,
                       "specificity_at_sensitivity": SpecificityAtSensitivity}

__all__ = ["Metric", "MeanMetricWrapper", "get", "serialize", "deserialize", "resolve_accuracy",
           *sorted(ALL_METRIC_CLASSES), *sorted(ALL_METRIC_FUNCTIONS)]


def resolve_accuracy(y_true_shape, y_pred_shape, name):
    """Keras's rule for the string ``"accuracy"``: decided by shapes only.

    Binary when the prediction has one unit; sparse categorical when the
    labels have one axis less (or a last axis of 1 against several units);
    categorical otherwise.
    """
    if y_pred_shape[-1] == 1:
        return BinaryAccuracy(name=name)
    if len(y_true_shape) < len(y_pred_shape) or (y_true_shape[-1] == 1 and y_pred_shape[-1] > 1):
        return SparseCategoricalAccuracy(name=name)
    return CategoricalAccuracy(name=name)


REGISTRY = Registry("metric", "keras.metrics", ALL_METRIC_FUNCTIONS,
                    classes=ALL_METRIC_CLASSES.values())


def serialize(metric):
    """A Metric as Keras's dict."""
    return REGISTRY.serialize(metric)


def deserialize(config, custom_objects=None):
    """Rebuilds a metric from ``serialize``'s dict."""
    if custom_objects and config.get("class_name") in custom_objects:
        return custom_objects[config["class_name"]].from_config(config.get("config", {}))
    return get(config)


def get(identifier):
    """Resolves a metric name, class name, config dict, Metric or function to a Metric.

    ``"accuracy"``/``"acc"`` are resolved later, once the shapes are known
    (see ``resolve_accuracy``). A function name keeps the string as the
    metric's log name (``"mae"`` logs as ``mae``).

    Raises:
        ValueError: for an unknown identifier, with close matches and the valid names.
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if isinstance(identifier, dict):
        return REGISTRY.class_from_config(identifier).from_config(identifier.get("config", {}))
    if isinstance(identifier, str):
        found = REGISTRY.lookup(identifier, aliases=_SNAKE_CASE_CLASSES, hints=("accuracy", "acc"))
        if isinstance(found, type):
            return found(name=identifier) if identifier in _SNAKE_CASE_CLASSES else found()
        return MeanMetricWrapper(found, name=identifier)
    if callable(identifier):
        return MeanMetricWrapper(identifier, name=getattr(identifier, "__name__", "metric"))
    raise REGISTRY.not_understood(identifier, "a name such as 'mae', a Metric, or a function "
                                  "(y_true, y_pred)")


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
