"""Loss functions and classes (``keras.losses``), Keras 3 formulas.

A loss function such as ``mean_squared_error(y_true, y_pred)`` returns one
value per sample (the last axis reduced). A ``Loss`` object adds sample
weights and a reduction to a scalar. Crossentropies and the basic
regression losses run on Numba kernels (``nbkeras.kernels.losses``); the
others are written with ``nbkeras.ops``, as a custom loss would be.

Example:
    >>> import nbkeras as keras
    >>> float(keras.losses.get("mse")([[1.0, 2.0]], [[1.0, 4.0]])[0])
    2.0
"""

from nbkeras.identifiers import Registry
from nbkeras.losses.classes import (ALL_LOSS_CLASSES, BinaryCrossentropy, BinaryFocalCrossentropy,
                                    CategoricalCrossentropy, CategoricalFocalCrossentropy,
                                    CategoricalHinge, CosineSimilarity, Dice, Hinge, Huber,
                                    KLDivergence, LogCosh, MeanAbsoluteError,
                                    MeanAbsolutePercentageError, MeanSquaredError,
                                    MeanSquaredLogarithmicError, Poisson,
                                    SparseCategoricalCrossentropy, SquaredHinge, Tversky)
from nbkeras.losses.focal import binary_focal_crossentropy, categorical_focal_crossentropy
from nbkeras.losses.hinge import categorical_hinge, hinge, squared_hinge
from nbkeras.losses.overlap import dice, tversky
from nbkeras.losses.loss import REDUCTIONS, Loss, LossFunctionWrapper, reduce_values
from nbkeras.losses.probabilistic import (binary_crossentropy, categorical_crossentropy,
                                          kl_divergence, poisson,
                                          sparse_categorical_crossentropy)
from nbkeras.losses.regression import (cosine_similarity, huber, log_cosh, mean_absolute_error,
                                       mean_absolute_percentage_error, mean_squared_error,
                                       mean_squared_logarithmic_error)

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
bce = BCE = binary_crossentropy
kld = KLD = kl_divergence

ALL_LOSSES = {fn.__name__: fn for fn in (
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, huber, log_cosh, cosine_similarity, binary_crossentropy,
    categorical_crossentropy, sparse_categorical_crossentropy, kl_divergence, poisson, hinge,
    squared_hinge, categorical_hinge, binary_focal_crossentropy, categorical_focal_crossentropy,
    dice, tversky)}
ALL_LOSSES.update({"mse": mse, "MSE": mse, "mae": mae, "MAE": mae, "mape": mape, "MAPE": mape,
                   "msle": msle, "MSLE": msle, "bce": bce, "BCE": bce, "kld": kld, "KLD": kld})

__all__ = ["Loss", "LossFunctionWrapper", "REDUCTIONS", "reduce_values", "get", "serialize",
           "deserialize", *sorted(ALL_LOSS_CLASSES), *sorted(ALL_LOSSES)]


REGISTRY = Registry("loss", "keras.losses", ALL_LOSSES, classes=ALL_LOSS_CLASSES.values())


def serialize(loss):
    """A Loss object as Keras's dict; a function as its name."""
    if isinstance(loss, Loss):
        return REGISTRY.serialize(loss)
    return getattr(loss, "__name__", loss)


def deserialize(config, custom_objects=None):
    """Rebuilds a loss from ``serialize``'s output."""
    if isinstance(config, dict) and custom_objects and config.get("class_name") in custom_objects:
        return custom_objects[config["class_name"]].from_config(config.get("config", {}))
    return get(config)


def get(identifier):
    """Resolves a loss name, class name, config dict, Loss object or function.

    Returns:
        A function for function names (``"mse"``), a Loss object for class
        names (``"MeanSquaredError"``) and config dicts, None for None.

    Raises:
        ValueError: for an unknown name, with close matches and the valid names.
    """
    if identifier is None or callable(identifier) and not isinstance(identifier, type):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if isinstance(identifier, dict):
        return REGISTRY.class_from_config(identifier).from_config(identifier.get("config", {}))
    if isinstance(identifier, str):
        found = REGISTRY.lookup(identifier)
        return found() if isinstance(found, type) else found
    raise REGISTRY.not_understood(identifier, "a name such as 'mse', a Loss object or a "
                                  "function (y_true, y_pred)")


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
