"""Projections applied to a weight after each optimizer update (``keras.constraints``)."""

import numpy as np

from nbkeras.identifiers import ConfigObject, Registry
from nbkeras import config


class Constraint(ConfigObject):
    """Base class: ``__call__(w)`` returns the projected NumPy array."""

    def __call__(self, w):
        return w


class MaxNorm(Constraint):
    """Caps the norm along ``axis`` at ``max_value``: ``w * clip(n, 0, m) / (eps + n)``."""

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        norms = np.sqrt(np.sum(np.square(w), axis=self.axis, keepdims=True))
        desired = np.clip(norms, 0, self.max_value)
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to zero."""

    def __call__(self, w):
        return w * (w >= 0).astype(w.dtype)


class UnitNorm(Constraint):
    """Scales to unit norm along ``axis``."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        norms = np.sqrt(np.sum(np.square(w), axis=self.axis, keepdims=True))
        return w / (config.epsilon() + norms)

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Keeps the norm along ``axis`` in ``[min_value, max_value]``, moving by ``rate``."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        norms = np.sqrt(np.sum(np.square(w), axis=self.axis, keepdims=True))
        desired = self.rate * np.clip(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value,
                "rate": self.rate, "axis": self.axis}


max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm
ALL_CONSTRAINTS = {"max_norm": MaxNorm, "non_neg": NonNeg, "unit_norm": UnitNorm,
                   "min_max_norm": MinMaxNorm}
REGISTRY = Registry("constraint", "keras.constraints", ALL_CONSTRAINTS,
                    classes=ALL_CONSTRAINTS.values())


def serialize(constraint):
    return REGISTRY.serialize(constraint)


def get(identifier):
    """Resolves None, a name ("non_neg"), a config dict, an instance or a callable."""
    if identifier is None or isinstance(identifier, Constraint) or callable(identifier):
        return identifier
    if isinstance(identifier, dict):
        return REGISTRY.class_from_config(identifier).from_config(identifier.get("config", {}))
    if isinstance(identifier, str):
        return REGISTRY.lookup(identifier)()
    raise REGISTRY.not_understood(identifier, "None, a name, a config dict or a Constraint")
