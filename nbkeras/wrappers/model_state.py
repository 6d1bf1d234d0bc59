"""Models inside scikit-learn estimators: pickled as ``.keras`` bytes, cloned with their compile.

scikit-learn copies estimators (``clone``), pickles them (``joblib``, Dask,
``pickle.dumps``) and sends them to other processes. A model travels as the
bytes of its ``.keras`` archive (config, weights, optimizer state), the same
format ``model.save`` writes and Keras 3 reads: never as pickled code, and
loading it runs nothing the archive names outside nbkeras's registries
(safe mode, as ``keras.saving.load_model``).
"""

import os
import tempfile

from nbkeras.callbacks import History
from nbkeras.models import Model, clone_model, load_model, save_model
from nbkeras.saving import deserialize_keras_object, serialize_keras_object


class KerasArchive:
    """The bytes of a ``.keras`` file standing in for a model in a pickle."""

    def __init__(self, data):
        self.data = bytes(data)

    def __repr__(self):
        return f"<KerasArchive {len(self.data)} bytes>"


def model_to_bytes(model):
    """Returns the ``.keras`` archive of ``model`` as bytes (what ``model.save`` would write)."""
    with tempfile.TemporaryDirectory(prefix="nbkeras-") as folder:
        path = os.path.join(folder, "model.keras")
        save_model(model, path)
        with open(path, "rb") as stream:
            return stream.read()


def model_from_bytes(data):
    """Rebuilds (and recompiles) a model from the bytes of a ``.keras`` archive."""
    with tempfile.TemporaryDirectory(prefix="nbkeras-") as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as stream:
            stream.write(data)
        return load_model(path)


def compiled_clone(model):
    """A new model with ``model``'s architecture, fresh weights and the same compile arguments.

    This is what Keras 3's ``clone_model`` returns for a compiled model: the
    loss, optimizer and metrics are new objects built from the compile config,
    so training the clone leaves the original untouched.
    """
    clone = clone_model(model)
    config = model.get_compile_config() if getattr(model, "compiled", False) else None
    if config:
        clone.compile(**deserialize_keras_object(serialize_keras_object(config)))
    return clone


def copy_model(model):
    """An independent copy of ``model`` with the same weights, through its ``.keras`` bytes."""
    return model_from_bytes(model_to_bytes(model))


def archive_models(state):
    """Replaces models (and the History of a fit) in a pickled ``__dict__`` by portable data."""
    state = dict(state)
    for name, value in state.items():
        if isinstance(value, Model):
            state[name] = KerasArchive(model_to_bytes(value))
        elif isinstance(value, History):
            state[name] = _HistoryRecord(value)
    return state


def restore_models(state):
    """Undoes ``archive_models``: rebuilds every archived model and History."""
    state = dict(state)
    for name, value in state.items():
        if isinstance(value, KerasArchive):
            state[name] = model_from_bytes(value.data)
    for name, value in state.items():
        if isinstance(value, _HistoryRecord):
            state[name] = value.restore(state.get("model_", state.get("model")))
    return state


class _HistoryRecord:
    """A History without its model: the logs of each epoch and the epoch numbers."""

    def __init__(self, history):
        self.history = {key: list(values) for key, values in history.history.items()}
        self.epoch = list(history.epoch)
        self.params = dict(getattr(history, "params", {}) or {})

    def restore(self, model):
        history = History()
        history.history, history.epoch, history.params = self.history, self.epoch, self.params
        if isinstance(model, Model):
            history.model = model
        return history
