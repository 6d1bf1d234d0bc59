"""Functional models give Keras 3's numbers: same weights -> same outputs and training losses.

Golden values come from tools/capture_golden_functional.py (Keras 3.15.1, torch).
"""

import json
import os

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from nbkeras.models.summary_rows import summary_data

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")


@pytest.fixture(scope="module")
def golden():
    arrays = np.load(os.path.join(GOLDEN, "functional.npz"))
    with open(os.path.join(GOLDEN, "functional.json")) as handle:
        return {k: arrays[k] for k in arrays.files}, json.load(handle)


def weights(arrays, prefix):
    count = len([k for k in arrays if k.startswith(prefix + "_w")])
    return [arrays[f"{prefix}_w{i}"] for i in range(count)]


def wide_deep():
    wide = keras.Input((5,), name="wide")
    deep = keras.Input((3,), name="deep")
    hidden = layers.Dense(4, activation="relu", name="deep_dense")(deep)
    merged = layers.Concatenate(name="concat")([wide, hidden])
    return keras.Model([wide, deep], layers.Dense(1, activation="sigmoid", name="out")(merged),
                       name="wide_deep")


def multi_output():
    inp = keras.Input((4,), name="x")
    hidden = layers.Dense(8, activation="tanh", name="hidden")(inp)
    a = layers.Dense(1, name="a")(hidden)
    b = layers.Dense(2, activation="softmax", name="b")(hidden)
    return keras.Model(inp, [a, b], name="two_heads")


def merges():
    x1, x2 = keras.Input((4,), name="x1"), keras.Input((4,), name="x2")
    shared = layers.Dense(3, name="shared")
    s1, s2 = shared(x1), shared(x2)
    parts = [layers.Add(name="add")([s1, s2]), layers.Subtract(name="sub")([s1, s2]),
             layers.Multiply(name="mul")([s1, s2]), layers.Average(name="avg")([s1, s2]),
             layers.Maximum(name="max")([s1, s2]), layers.Minimum(name="min")([s1, s2]),
             layers.Dot(axes=1, normalize=True, name="cos")([s1, s2]),
             layers.Dot(axes=1, name="dot")([s1, s2])]
    merged = layers.Concatenate(name="cat")(parts)
    return keras.Model([x1, x2], layers.Dense(2, name="head")(merged), name="merges")


def reshapes():
    inp = keras.Input((6,), name="v")
    x = layers.Reshape((2, 3), name="reshape")(inp)
    x = layers.Permute((2, 1), name="permute")(x)
    x = layers.Flatten(name="flat")(x)
    x = layers.Dense(2, name="d")(x)
    return keras.Model(inp, layers.RepeatVector(3, name="repeat")(x), name="reshapes")


def test_wide_and_deep_predicts_and_trains_like_keras(golden):
    arrays, info = golden
    model = wide_deep()
    assert [layer.name for layer in model.layers] == info["wide_deep_layers"]
    model.set_weights(weights(arrays, "wide_deep"))
    x = [arrays["xw"], arrays["xd"]]
    np.testing.assert_allclose(model.predict(x, verbose=0), arrays["wide_deep_pred"], rtol=1e-5, atol=1e-6)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, arrays["y_bin"], batch_size=4, epochs=3, shuffle=False, verbose=0)
    assert sorted(history.history) == sorted(info["wide_deep_history"])
    for key, values in info["wide_deep_history"].items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, atol=1e-6, err_msg=key)
    for mine, theirs in zip(model.get_weights(), [arrays[f"wide_deep_trained_w{i}"] for i in range(4)]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)


def test_multi_output_history_keys_and_losses_match_keras(golden):
    arrays, info = golden
    model = multi_output()
    model.set_weights(weights(arrays, "two_heads"))
    model.compile(optimizer=keras.optimizers.SGD(0.05),
                  loss={"a": "mse", "b": "categorical_crossentropy"},
                  loss_weights={"a": 1.0, "b": 0.5}, metrics={"a": ["mae"], "b": ["accuracy"]})
    history = model.fit(arrays["x4"], {"a": arrays["ya"], "b": arrays["yb"]}, batch_size=8,
                        epochs=3, shuffle=False, verbose=0,
                        validation_data=(arrays["x4"], [arrays["ya"], arrays["yb"]]))
    assert list(history.history) == sorted(info["two_heads_history"])
    for key, values in info["two_heads_history"].items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, atol=1e-6, err_msg=key)
    result = model.evaluate(arrays["x4"], [arrays["ya"], arrays["yb"]], verbose=0)
    np.testing.assert_allclose(result, info["two_heads_evaluate"], rtol=1e-5, atol=1e-6)


def test_merge_layers_and_shared_layer_match_keras(golden):
    arrays, info = golden
    model = merges()
    assert [layer.name for layer in model.layers] == info["merges_layers"]
    model.set_weights(weights(arrays, "merges"))
    out = model.predict([arrays["x4"], arrays["x4"][::-1].copy()], verbose=0)
    np.testing.assert_allclose(out, arrays["merges_pred"], rtol=1e-5, atol=1e-6)


def test_reshape_permute_repeat_match_keras(golden):
    arrays, _ = golden
    model = reshapes()
    model.set_weights(weights(arrays, "reshapes"))
    np.testing.assert_allclose(model.predict(arrays["x6"], verbose=0), arrays["reshapes_pred"],
                               rtol=1e-5, atol=1e-6)


def test_keras_to_json_loads_and_runs(golden):
    arrays, info = golden
    model = keras.models.model_from_json(info["wide_deep_json"])
    assert [layer.name for layer in model.layers] == info["wide_deep_layers"]
    model.set_weights(weights(arrays, "wide_deep"))
    np.testing.assert_allclose(model.predict([arrays["xw"], arrays["xd"]], verbose=0),
                               arrays["wide_deep_pred"], rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------- summary rows
def _summary_models():
    keras.backend.clear_session()
    seq = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="d1"),
                            layers.Dense(1, name="d2")], name="seq")
    unbuilt = keras.Sequential([layers.Dense(3, name="u1"), layers.Dense(1, name="u2")], name="unbuilt")
    encoder_input = keras.Input((8,), name="img")
    encoder = keras.Model(encoder_input, layers.Dense(3, name="code")(encoder_input), name="encoder")
    decoder_input = keras.Input((3,), name="code_in")
    decoder = keras.Model(decoder_input, layers.Dense(8, name="recon")(decoder_input), name="decoder")
    autoencoder = keras.Model(encoder_input, decoder(encoder(encoder_input)), name="autoencoder")

    class MLP(keras.Model):
        def __init__(self):
            super().__init__(name="mlp")
            self.d1 = layers.Dense(5, activation="relu", name="m1")
            self.d2 = layers.Dense(2, name="m2")

        def call(self, x, training=False):
            return self.d2(self.d1(x))

    mlp = MLP()
    mlp(np.zeros((2, 4), "float32"))
    frozen = wide_deep()
    frozen.get_layer("deep_dense").trainable = False
    return {"sequential": (seq, {}), "unbuilt": (unbuilt, {}), "wide_deep": (wide_deep(), {}),
            "wide_deep_trainable": (frozen, {"show_trainable": True}),
            "autoencoder": (autoencoder, {}),
            "autoencoder_expanded": (autoencoder, {"expand_nested": True}),
            "merges": (merges(), {}), "subclassed": (mlp, {})}


def test_summary_rows_match_keras_tables(golden):
    _, info = golden
    for case, (model, options) in _summary_models().items():
        rows = summary_data(model, **options)["rows"]
        assert rows == info["summaries"][case], f"summary rows of {case!r} differ from Keras"


def test_summary_columns_and_footer():
    model = wide_deep()
    data = summary_data(model)
    assert data["columns"] == ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    assert data["footer"]["total"] == 26 and data["footer"]["optimizer"] is None
    seq = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    assert summary_data(seq)["columns"] == ["Layer (type)", "Output Shape", "Param #"]
    seq.compile("adam", "mse")
    seq.fit(np.zeros((4, 4)), np.zeros((4, 3)), verbose=0)
    footer = summary_data(seq)["footer"]
    assert footer["optimizer"] == 2 + 2 * 15
    assert footer["total"] == 15 + footer["optimizer"]
