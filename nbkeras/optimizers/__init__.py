"""Optimizers (``keras.optimizers``): string ids are the lowercase class names."""

from nbkeras.identifiers import Registry
from nbkeras.optimizers import schedules
from nbkeras.optimizers.adadelta import Adadelta
from nbkeras.optimizers.adagrad import Adagrad
from nbkeras.optimizers.adam import Adam
from nbkeras.optimizers.adamax import Adamax
from nbkeras.optimizers.adamw import AdamW
from nbkeras.optimizers.base_optimizer import Optimizer
from nbkeras.optimizers.lion import Lion
from nbkeras.optimizers.nadam import Nadam
from nbkeras.optimizers.rmsprop import RMSprop
from nbkeras.optimizers.sgd import SGD

ALL_OPTIMIZERS = {cls.__name__.lower(): cls for cls in (
    SGD, Adam, RMSprop, Adagrad, AdamW, Adamax, Nadam, Adadelta, Lion)}

__all__ = ["Optimizer", "SGD", "Adam", "RMSprop", "Adagrad", "AdamW", "Adamax", "Nadam",
           "Adadelta", "Lion", "schedules", "get", "serialize", "deserialize"]


REGISTRY = Registry("optimizer", "keras.optimizers", ALL_OPTIMIZERS,
                    classes=ALL_OPTIMIZERS.values())


def serialize(optimizer):
    """The Keras 3 dict of an optimizer (schedules nested as their own dicts)."""
    return REGISTRY.serialize(optimizer)


def deserialize(config_dict):
    """Rebuilds an optimizer from ``serialize``'s dict."""
    return get(config_dict)


def get(identifier):
    """Resolves ``"adam"``, a config dict, a class or an instance to an Optimizer.

    Raises:
        ValueError: for an unknown name (with close matches) or another type.

    Example:
        >>> import nbkeras as keras
        >>> type(keras.optimizers.get("adamw")).__name__
        'AdamW'
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        return identifier()
    if isinstance(identifier, dict):
        # Keras accepts a class name in any case ({"class_name": "sgd"}).
        cls = ALL_OPTIMIZERS.get(str(identifier.get("class_name", "")).lower()) \
            or REGISTRY.class_from_config(identifier)
        config = dict(identifier.get("config", {}))
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"])
        return cls.from_config(config)
    if isinstance(identifier, str):
        return REGISTRY.lookup(identifier.lower())()
    raise REGISTRY.not_understood(identifier, "a name such as 'adam', an Optimizer, or a config dict")


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
