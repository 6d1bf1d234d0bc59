"""``keras.models``: Model, Sequential."""

from nbkeras.models.model import Model
from nbkeras.models.sequential import Sequential

__all__ = ["Model", "Sequential"]
