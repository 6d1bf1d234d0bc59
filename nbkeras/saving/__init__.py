"""Saving and loading (``keras.saving``): configs, the custom-object registry, safe mode."""

from nbkeras.saving.keras_file import load_model, save_model
from nbkeras.saving.object_registration import (CustomObjectScope, custom_object_scope,
                                                get_custom_objects, get_registered_name,
                                                get_registered_object,
                                                register_keras_serializable)
from nbkeras.saving.serialization import (deserialize_keras_object,
                                          enable_unsafe_deserialization,
                                          serialize_keras_object)

__all__ = ["CustomObjectScope", "custom_object_scope", "deserialize_keras_object",
           "enable_unsafe_deserialization", "get_custom_objects", "get_registered_name",
           "get_registered_object", "load_model", "register_keras_serializable", "save_model",
           "serialize_keras_object"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
