"""Optimizers (``keras.optimizers``): string ids are the lowercase class names."""

import difflib

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


def serialize(optimizer):
    """The Keras 3 dict of an optimizer (schedules nested as their own dicts)."""
    return {"module": "keras.optimizers", "class_name": type(optimizer).__name__,
            "config": optimizer.get_config(), "registered_name": None}


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
        name = identifier.get("class_name", "")
        if name.lower() not in ALL_OPTIMIZERS:
            raise ValueError(f"Unknown optimizer class {name!r}. Known: "
                             f"{', '.join(c.__name__ for c in ALL_OPTIMIZERS.values())}.")
        config = dict(identifier.get("config", {}))
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"])
        return ALL_OPTIMIZERS[name.lower()].from_config(config)
    if isinstance(identifier, str):
        cls = ALL_OPTIMIZERS.get(identifier.lower())
        if cls is not None:
            return cls()
        close = difflib.get_close_matches(identifier.lower(), list(ALL_OPTIMIZERS), n=3)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"Unknown optimizer {identifier!r}.{hint} Known optimizers: "
                         f"{', '.join(sorted(ALL_OPTIMIZERS))}.")
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}. Expected a "
                     "name such as 'adam', an Optimizer, or a config dict.")


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
