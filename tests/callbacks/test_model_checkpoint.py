"""ModelCheckpoint(save_weights_only=True) and .weights.h5 files in Keras 3's layout."""

import json
from pathlib import Path

import h5py
import numpy as np
import pytest

import nbkeras as keras
from tests.callbacks.golden_replay import data, load, make_model

CASES, ARRAYS = load()
# Dataset paths Keras wrote for the same programs (tools/capture_golden_fidelity.py).
KERAS_PATHS = json.loads((Path(__file__).parents[1] / "golden" / "fidelity.json").read_text())[
    "weight_paths"]
D = data(ARRAYS)


def dataset_paths(path):
    found = {}
    with h5py.File(path, "r") as file:
        file.visititems(lambda name, obj: found.__setitem__(
            name, list(obj.shape) if hasattr(obj, "shape") else None))
    return found


def test_save_weights_writes_keras_layout(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    model.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)
    path = tmp_path / "model.weights.h5"
    model.save_weights(path)
    paths = dataset_paths(path)
    assert paths == KERAS_PATHS["sequential_adam"]  # every group and dataset, with shapes
    clone = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3), keras.layers.Dense(1)])
    clone.load_weights(path)
    for a, b in zip(model.get_weights(), clone.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_load_weights_written_by_keras(tmp_path):
    path = tmp_path / "keras_model.weights.h5"
    path.write_bytes(ARRAYS["keras_file/weights_h5_bytes"].tobytes())
    model = make_model(ARRAYS, optimizer="adam")
    model.fit(D["x"][:8], D["y"][:8], verbose=0)  # builds the optimizer state
    model.load_weights(path)
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_array_equal(weight, ARRAYS[f"keras_file/weight_{i}"])
    assert model.optimizer.iterations == int(ARRAYS["keras_file/optimizer_iterations"])


def test_subclassed_model_paths_follow_attributes(tmp_path):
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(3)
            self.out = keras.layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    net = Net()
    net(np.ones((1, 2), dtype="float32"))
    net.save_weights(tmp_path / "net.weights.h5")
    paths = dataset_paths(tmp_path / "net.weights.h5")
    assert paths == KERAS_PATHS["subclassed_net"]


def test_mismatched_file_gives_a_clear_error(tmp_path):
    small = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    small.save_weights(tmp_path / "small.weights.h5")
    other = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4)])
    with pytest.raises(ValueError, match=r"'layers/dense/vars/0' has shape \(2, 3\)"):
        other.load_weights(tmp_path / "small.weights.h5")
    with pytest.warns(UserWarning, match="Skipping"):
        other.load_weights(tmp_path / "small.weights.h5", skip_mismatch=True)
    (tmp_path / "bad.weights.h5").write_bytes(b"not hdf5")
    with pytest.raises(ValueError, match="damaged"):
        other.load_weights(tmp_path / "bad.weights.h5")
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        other.save_weights(tmp_path / "x.h5")


def fit_with_checkpoint(tmp_path, **kwargs):
    model = make_model(ARRAYS)
    checkpoint = keras.callbacks.ModelCheckpoint(save_weights_only=True, **kwargs)
    history = model.fit(D["x"], D["y"], batch_size=8, epochs=6, shuffle=False, verbose=0,
                        validation_data=(D["x_val"], D["y_val"]), callbacks=[checkpoint])
    return model, history


def test_checkpoint_every_epoch_with_formatted_names(tmp_path):
    fit_with_checkpoint(tmp_path, filepath=str(tmp_path / "ckpt-{epoch:02d}.weights.h5"))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"ckpt-{e:02d}.weights.h5" for e in range(1, 7)]


def test_checkpoint_save_best_only_keeps_the_best_epoch(tmp_path, capsys):
    path = tmp_path / "best.weights.h5"
    model, history = fit_with_checkpoint(tmp_path, filepath=str(path), save_best_only=True,
                                         verbose=1)
    best_epoch = int(np.argmin(history.history["val_loss"]))
    printed = capsys.readouterr().out
    assert f"Epoch {best_epoch + 1}: val_loss improved from" in printed
    assert "did not improve from" in printed
    restored = make_model(ARRAYS)
    restored.load_weights(path)
    best_val = restored.evaluate(D["x_val"], D["y_val"], verbose=0)
    assert best_val == pytest.approx(history.history["val_loss"][best_epoch], rel=1e-5)


def test_checkpoint_filepath_rules():
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        keras.callbacks.ModelCheckpoint("a.keras", save_weights_only=True)
    with pytest.raises(ValueError, match=r"must end in `\.keras`"):
        keras.callbacks.ModelCheckpoint("a.ckpt")
    with pytest.raises(ValueError, match="Unrecognized save_freq"):
        keras.callbacks.ModelCheckpoint("a.keras", save_freq="never")


def test_checkpoint_every_n_batches(tmp_path):
    fit_with_checkpoint(tmp_path, filepath=str(tmp_path / "b{epoch}-{batch}.weights.h5"),
                        save_freq=4)
    assert (tmp_path / "b1-4.weights.h5").exists() and (tmp_path / "b2-3.weights.h5").exists()
