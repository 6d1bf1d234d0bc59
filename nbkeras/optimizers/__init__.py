"""Optimizers (``keras.optimizers``): string ids are the lowercase class names."""

import difflib

from nbkeras.optimizers.adagrad import Adagrad
from nbkeras.optimizers.adam import Adam
from nbkeras.optimizers.base_optimizer import Optimizer
from nbkeras.optimizers.rmsprop import RMSprop
from nbkeras.optimizers.sgd import SGD

ALL_OPTIMIZERS = {cls.__name__.lower(): cls for cls in (SGD, Adam, RMSprop, Adagrad)}

__all__ = ["Optimizer", "SGD", "Adam", "RMSprop", "Adagrad", "get", "serialize", "deserialize"]


def serialize(optimizer):
    return {"module": "keras.optimizers", "class_name": type(optimizer).__name__,
            "config": optimizer.get_config(), "registered_name": None}


def deserialize(config_dict):
    return get(config_dict)


def get(identifier):
    """Resolves ``"adam"``, a config dict, a class or an instance to an Optimizer."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        return identifier()
    if isinstance(identifier, dict):
        cls = ALL_OPTIMIZERS[identifier["class_name"].lower()]
        return cls.from_config(identifier.get("config", {}))
    if isinstance(identifier, str):
        cls = ALL_OPTIMIZERS.get(identifier.lower())
        if cls is not None:
            return cls()
        close = difflib.get_close_matches(identifier.lower(), list(ALL_OPTIMIZERS), n=3)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"Unknown optimizer {identifier!r}.{hint} Known optimizers: "
                         f"{', '.join(sorted(ALL_OPTIMIZERS))}.")
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
