"""Whole-model `.keras` files: round trips, files written by real Keras 3, checkpoints, errors."""

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers

GOLDEN = Path(__file__).parents[1] / "golden" / "keras_files"
EXPECTED = json.loads((GOLDEN / "expected.json").read_text())


def _trained_model():
    keras.utils.set_random_seed(1)
    inputs = keras.Input((4,), name="features")
    hidden = layers.Dense(6, activation="relu", name="hidden")(inputs)
    out = layers.Dense(2, activation="softmax", name="out")(
        layers.Concatenate(name="skip")([hidden, inputs]))
    model = keras.Model(inputs, out, name="skip_net")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 4)).astype("float32")
    y = keras.utils.to_categorical((x[:, 0] > 0).astype(int), 2)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    return model, x, y


def test_round_trip_predicts_the_same_and_resumes_training(tmp_path):
    model, x, y = _trained_model()
    path = tmp_path / "skip.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.name == "skip_net"
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.optimizer.iterations == model.optimizer.iterations == 8
    # Same optimizer state: one more epoch gives the same weights on both.
    after_original = model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0).history
    after_loaded = loaded.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0).history
    assert after_loaded == after_original
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_archive_holds_keras_members(tmp_path):
    model, _, _ = _trained_model()
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
    assert config["class_name"] == "Functional"
    assert config["compile_config"]["loss"] == "categorical_crossentropy"
    assert metadata["keras_version"].startswith("3.")
    assert "date_saved" in metadata


def test_load_without_compiling(tmp_path):
    model, x, _ = _trained_model()
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras", compile=False)
    assert not loaded.compiled
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


@pytest.mark.parametrize("name", ["sequential", "two_heads"])
def test_files_written_by_keras_load_and_predict_the_same(name):
    model = keras.saving.load_model(GOLDEN / f"{name}.keras")
    x = np.array(EXPECTED["x"], dtype="float32")
    predicted = model.predict(x, verbose=0)
    expected = EXPECTED[name]
    if isinstance(predicted, list):
        for got, want in zip(predicted, expected):
            np.testing.assert_allclose(got, np.array(want), rtol=1e-5, atol=1e-6)
    else:
        np.testing.assert_allclose(predicted, np.array(expected), rtol=1e-5, atol=1e-6)
    assert model.compiled


def test_keras_optimizer_state_comes_back():
    model = keras.saving.load_model(GOLDEN / "sequential.keras")
    assert model.optimizer.iterations == EXPECTED["sequential_iterations"]
    assert type(model.optimizer).__name__ == "Adam"
    assert model.optimizer.learning_rate == pytest.approx(0.01)


def test_custom_layer_needs_custom_objects(tmp_path):
    class Scale(keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

        def call(self, x):
            return x * self.w

    model = keras.Sequential([keras.Input((3,)), Scale(name="scale"), layers.Dense(1)])
    model.save(tmp_path / "custom.keras")
    with pytest.raises((TypeError, ValueError), match="Scale"):
        keras.saving.load_model(tmp_path / "custom.keras")
    loaded = keras.saving.load_model(tmp_path / "custom.keras", custom_objects={"Scale": Scale})
    x = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_lambda_needs_safe_mode_off(tmp_path):
    model = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t * 2.0)])
    model.save(tmp_path / "lam.keras")
    with pytest.raises(ValueError, match="safe_mode"):
        keras.saving.load_model(tmp_path / "lam.keras")
    loaded = keras.saving.load_model(tmp_path / "lam.keras", safe_mode=False)
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2)), verbose=0), [[2.0, 2.0]])


def test_model_checkpoint_writes_whole_models(tmp_path):
    model, x, y = _trained_model()
    checkpoint = keras.callbacks.ModelCheckpoint(str(tmp_path / "epoch{epoch:02d}.keras"))
    model.fit(x, y, epochs=2, verbose=0, callbacks=[checkpoint])
    saved = sorted(p.name for p in tmp_path.iterdir())
    assert saved == ["epoch01.keras", "epoch02.keras"]
    last = keras.saving.load_model(tmp_path / "epoch02.keras")
    np.testing.assert_array_equal(last.predict(x, verbose=0), model.predict(x, verbose=0))


def test_clear_errors(tmp_path):
    model, _, _ = _trained_model()
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(tmp_path / "model.h5")
    model.save(tmp_path / "m.keras")
    with pytest.raises(FileExistsError, match="overwrite"):
        model.save(tmp_path / "m.keras", overwrite=False)
    with pytest.raises(FileNotFoundError, match="missing.keras"):
        keras.saving.load_model(tmp_path / "missing.keras")
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match="load_weights"):
        keras.saving.load_model(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match=r"\.keras"):
        keras.callbacks.ModelCheckpoint(str(tmp_path / "old.h5"))
