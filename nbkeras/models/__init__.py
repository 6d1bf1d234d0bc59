"""``keras.models``: Model, Sequential, clone_model, model_from_json, load_model, save_model."""

from nbkeras.models.cloning import clone_model, model_from_json
from nbkeras.models.model import Model
from nbkeras.models.sequential import Sequential
from nbkeras.saving.keras_file import load_model, save_model

__all__ = ["Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
