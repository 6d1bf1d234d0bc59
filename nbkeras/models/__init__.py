"""``keras.models``: Model, Sequential, clone_model, model_from_json."""

from nbkeras.models.cloning import clone_model, model_from_json
from nbkeras.models.model import Model
from nbkeras.models.sequential import Sequential

__all__ = ["Model", "Sequential", "clone_model", "model_from_json"]
