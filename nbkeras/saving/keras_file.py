"""``model.save("model.keras")`` and ``keras.saving.load_model``: Keras 3's zip format.

A ``.keras`` file is a zip archive of three members, as Keras 3 writes it:
``metadata.json`` (versions and date), ``config.json`` (the model's config,
with ``compile_config`` when it was compiled) and ``model.weights.h5`` (the
``save_weights`` layout, optimizer state included). Files move both ways
between nbkeras and Keras 3. ``keras_version`` names the Keras release whose
format is followed; ``nbkeras_version`` says who wrote the file, and
``weights_sha256`` the hash of ``model.weights.h5`` (checked on load when
present; Keras ignores the key).

Saving writes the archive once, into a temporary file beside the destination,
then fsyncs and renames it (``atomic_file``). Loading checks every declared
size, compression ratio, the JSON's depth and object count before reading
(``archive_checks``), and resolves names only in the registries
(``safe_names``). Anything wrong with a file is a ``ValueError``.
"""

import datetime
import io
import json
import os
import zipfile

from nbkeras.layers.weight_budget import weight_budget
from nbkeras.saving import archive_checks as checks
from nbkeras.saving import weights_h5
from nbkeras.saving.atomic_file import atomic_write
from nbkeras.saving.serialization import deserialize_keras_object, serialize_keras_object

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
    weights = io.BytesIO()
    weights_h5.write_store(model, weights)
    weights = weights.getvalue()
    metadata = {"keras_version": KERAS_FORMAT_VERSION, "nbkeras_version": __version__,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
                checks.HASH_KEY: checks.weights_hash(weights)}
    # One pass, straight into the temporary file beside the destination (no second copy).
    with atomic_write(filepath) as stream, zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(_METADATA, json.dumps(metadata))
        archive.writestr(_CONFIG, json.dumps(config))
        archive.writestr(_WEIGHTS, weights)


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
    with open(filepath, "rb") as stream:
        head = stream.read(8)
    if not zipfile.is_zipfile(filepath):
        checks.check_file_kind(filepath, head)
    if not filepath.endswith(".keras"):
        raise ValueError(f"{filepath} is not a `.keras` model file (the name must end in "
                         "`.keras`). Weights files (`.weights.h5`) are read with "
                         "model.load_weights() instead.")
    try:
        with zipfile.ZipFile(filepath) as archive:
            return _load_archive(archive, filepath, custom_objects, compile, safe_mode)
    except zipfile.BadZipFile as error:
        raise ValueError(f"{filepath} is a truncated or damaged `.keras` file ({error}). Save "
                         "or download it again.") from None


def _load_archive(archive, filepath, custom_objects, compile, safe_mode):
    """Reads the members in order, each after its bounds are checked (see archive_checks)."""
    metadata_info = checks.member(archive, _METADATA, filepath, checks.MAX_METADATA_BYTES,
                                  required=False)
    metadata = {} if metadata_info is None else checks.parse_json(
        checks.read_member(archive, metadata_info, filepath), _METADATA, filepath)
    config_info = checks.member(archive, _CONFIG, filepath, checks.MAX_CONFIG_BYTES)
    config = checks.parse_json(checks.read_member(archive, config_info, filepath), _CONFIG,
                               filepath)
    declared = checks.member(archive, _WEIGHTS, filepath, checks.MAX_WEIGHTS_BYTES).file_size
    # every weight of the model is in the weights file: the model may not allocate more
    with weight_budget(checks.weights_budget(declared), f"{filepath}/{_WEIGHTS}"):
        model = _rebuild(config, filepath, custom_objects, compile, safe_mode)
    weights_info = checks.member(archive, _WEIGHTS, filepath, checks.weights_limit(model))
    weights = checks.read_member(archive, weights_info, filepath)
    checks.verify_weights_hash(weights, metadata, filepath)
    source = f"{filepath}/{_WEIGHTS}"
    _guarded(weights_h5.read_store, model, io.BytesIO(weights), source, where=source)
    return model


def _rebuild(config, filepath, custom_objects, compile, safe_mode):
    compile_config = config.pop("compile_config", None)
    model = _guarded(deserialize_keras_object, config, custom_objects=custom_objects,
                     safe_mode=safe_mode, where=f"{filepath}/{_CONFIG}")
    if compile and compile_config:
        arguments = _guarded(deserialize_keras_object, compile_config,
                             custom_objects=custom_objects, safe_mode=safe_mode,
                             where=f"{filepath}/{_CONFIG} (compile_config)")
        if not isinstance(arguments, dict):
            raise ValueError(f"compile_config in {filepath} must be a dict of compile() "
                             f"arguments; it is a {type(arguments).__name__}.")
        _guarded(model.compile, **arguments, where=f"{filepath}/{_CONFIG} (compile_config)")
    return model


def _guarded(function, *args, where, **kwargs):
    """Runs one loading step; an unexpected error becomes a ValueError saying where it was."""
    try:
        return function(*args, **kwargs)
    except ValueError:
        raise
    except Exception as error:  # a damaged file can break any step: say which one
        raise ValueError(f"Could not load {where}: {type(error).__name__}: {error}. The file is "
                         "damaged, or was saved from a model whose custom classes need "
                         "custom_objects={...}.") from error
