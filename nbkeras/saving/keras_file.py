"""``model.save("model.keras")`` and ``keras.saving.load_model``: Keras 3's zip format.

A ``.keras`` file is a zip archive of three members, as Keras 3 writes it:
``metadata.json`` (versions and date), ``config.json`` (the model's config,
with ``compile_config`` when it was compiled) and ``model.weights.h5`` (the
``save_weights`` layout, optimizer state included). Files move both ways
between nbkeras and Keras 3. ``keras_version`` names the Keras release whose
format is followed; ``nbkeras_version`` says who wrote the file.
"""

import datetime
import json
import os
import tempfile
import zipfile

from nbkeras.saving import weights_h5
from nbkeras.saving.serialization import (deserialize_keras_object, serialize_keras_object)

KERAS_FORMAT_VERSION = "3.15.1"
_CONFIG, _METADATA, _WEIGHTS = "config.json", "metadata.json", "model.weights.h5"


def save_model(model, filepath, overwrite=True, **kwargs):
    """Writes architecture, compile arguments, weights and optimizer state to ``*.keras``.

    Example:
        >>> model.save("stripes.keras")
        >>> same = keras.saving.load_model("stripes.keras")
    """
    from nbkeras.version import __version__

    filepath = os.fspath(filepath)
    if kwargs:
        raise TypeError(f"save() got unexpected keyword arguments: {sorted(kwargs)}")
    if not filepath.endswith(".keras"):
        raise ValueError("Invalid filepath extension for saving. Please add the `.keras` "
                         f"extension (or use save_weights() with `.weights.h5`). "
                         f"Received: filepath={filepath}")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False. Pass overwrite=True "
                              "or choose another file name.")
    config = serialize_keras_object(model)
    if getattr(model, "compiled", False):
        config["compile_config"] = serialize_keras_object(model.get_compile_config())
    metadata = {"keras_version": KERAS_FORMAT_VERSION, "nbkeras_version": __version__,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    temporary = f"{filepath}.tmp-{os.getpid()}"
    try:
        with tempfile.TemporaryDirectory() as folder:
            weights_path = os.path.join(folder, _WEIGHTS)
            weights_h5.save_weights(model, weights_path)
            with zipfile.ZipFile(temporary, "w") as archive:
                archive.writestr(_METADATA, json.dumps(metadata))
                archive.writestr(_CONFIG, json.dumps(config))
                archive.write(weights_path, _WEIGHTS)
        os.replace(temporary, filepath)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Rebuilds a model saved by ``model.save`` (nbkeras or Keras 3), weights included.

    Args:
        filepath: a ``.keras`` file.
        custom_objects: ``{"name": class_or_function}`` for your own layers, losses...
        compile: compile it again with the saved optimizer (and its state), loss and metrics.
        safe_mode: refuse to load Python lambdas (``Lambda`` layers), as Keras does.
    """
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No model file at {filepath}.")
    if not filepath.endswith(".keras") or not zipfile.is_zipfile(filepath):
        raise ValueError(f"{filepath} is not a `.keras` model file. Weights files "
                         "(`.weights.h5`) are read with model.load_weights() instead.")
    with zipfile.ZipFile(filepath) as archive:
        config = json.loads(archive.read(_CONFIG))
        weights = archive.read(_WEIGHTS)
    compile_config = config.pop("compile_config", None)
    model = deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
    if compile and compile_config:
        arguments = deserialize_keras_object(compile_config, custom_objects=custom_objects,
                                             safe_mode=safe_mode)
        model.compile(**arguments)
    with tempfile.TemporaryDirectory() as folder:
        weights_path = os.path.join(folder, _WEIGHTS)
        with open(weights_path, "wb") as stream:
            stream.write(weights)
        weights_h5.load_weights(model, weights_path)
    return model
