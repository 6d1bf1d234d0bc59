""".keras files with convolutional layers move both ways between nbkeras and real Keras 3.

``conv_model.keras`` was saved by Keras (tools/capture_golden_conv.py);
``nbkeras_conv_model.keras`` was saved by nbkeras (tools/save_nbkeras_conv_file.py)
and loaded by Keras, whose predictions are stored in conv_expected.json.
"""

import json
import os

import numpy as np

import nbkeras as keras

FILES = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_files")


def expected():
    with open(os.path.join(FILES, "conv_expected.json")) as stream:
        return json.load(stream)


def test_a_cnn_saved_by_keras_loads_with_the_same_predictions():
    model = keras.saving.load_model(os.path.join(FILES, "conv_model.keras"))
    data = expected()
    x = np.asarray(data["x"], dtype=np.float32)
    np.testing.assert_allclose(model.predict(x, verbose=0), data["conv_model"], rtol=1e-4, atol=1e-6)
    assert [type(layer).__name__ for layer in model.layers][1:4] == [
        "Conv2D", "BatchNormalization", "MaxPooling2D"]


def test_a_cnn_saved_by_nbkeras_gives_keras_the_same_predictions():
    with open(os.path.join(FILES, "nbkeras_conv_model.json")) as stream:
        ours = json.load(stream)
    keras_predictions = np.asarray(expected()["nbkeras_conv_model_in_keras"])
    np.testing.assert_allclose(ours["nbkeras"], keras_predictions, rtol=1e-4, atol=1e-6)
    model = keras.saving.load_model(os.path.join(FILES, "nbkeras_conv_model.keras"))
    x = np.asarray(ours["x"], dtype=np.float32)
    np.testing.assert_allclose(model.predict(x, verbose=0), keras_predictions, rtol=1e-4, atol=1e-6)


def test_saving_a_cnn_round_trips(tmp_path):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8, 8, 2)), keras.layers.Conv2D(3, 3),
                              keras.layers.BatchNormalization(), keras.layers.GlobalAveragePooling2D()])
    model(np.ones((2, 8, 8, 2), np.float32), training=True)  # move the moving statistics
    path = str(tmp_path / "cnn.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    x = np.random.default_rng(0).normal(size=(2, 8, 8, 2)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
