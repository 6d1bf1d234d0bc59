"""Captures golden values of functional models from real Keras 3 (run with the reference venv).

    KERAS_BACKEND=torch $PEER tools/capture_golden_functional.py

Writes tests/golden/functional.npz (weights, data, outputs, training losses)
and tests/golden/functional.json (History keys and values, layer order,
summary rows, a Keras to_json string). The tests read these without Keras.
"""

import json
import os

os.environ["COLUMNS"] = "420"  # rich must not crop the wide table we parse

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "tests", "golden")


def data():
    rng = np.random.default_rng(0)
    return {
        "xw": rng.normal(size=(16, 5)).astype("float32"),
        "xd": rng.normal(size=(16, 3)).astype("float32"),
        "y_bin": (rng.random((16, 1)) > 0.5).astype("float32"),
        "x4": rng.normal(size=(16, 4)).astype("float32"),
        "ya": rng.normal(size=(16, 1)).astype("float32"),
        "yb": np.eye(2, dtype="float32")[rng.integers(0, 2, 16)],
        "x6": rng.normal(size=(5, 6)).astype("float32"),
    }


def wide_deep():
    wide = keras.Input((5,), name="wide")
    deep = keras.Input((3,), name="deep")
    hidden = layers.Dense(4, activation="relu", name="deep_dense")(deep)
    merged = layers.Concatenate(name="concat")([wide, hidden])
    out = layers.Dense(1, activation="sigmoid", name="out")(merged)
    return keras.Model([wide, deep], out, name="wide_deep")


def multi_output():
    inp = keras.Input((4,), name="x")
    hidden = layers.Dense(8, activation="tanh", name="hidden")(inp)
    a = layers.Dense(1, name="a")(hidden)
    b = layers.Dense(2, activation="softmax", name="b")(hidden)
    return keras.Model(inp, [a, b], name="two_heads")


def merges():
    x1 = keras.Input((4,), name="x1")
    x2 = keras.Input((4,), name="x2")
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
    x = layers.RepeatVector(3, name="repeat")(x)
    return keras.Model(inp, x, name="reshapes")


def summary_rows(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda text, **_: lines.append(text), line_length=400, **kwargs)
    rows = []
    for line in "\n".join(lines).splitlines():
        if line.startswith("│"):
            cells = line.strip("│").split("│")
            # The first cell keeps its nesting indent ("   └ "); others are padded or right-aligned.
            rows.append([cells[0][1:].rstrip()] + [cell.strip() for cell in cells[1:]])
    return rows


def capture_summaries():
    keras.backend.clear_session()
    seq = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="d1"),
                            layers.Dense(1, name="d2")], name="seq")
    unbuilt = keras.Sequential([layers.Dense(3, name="u1"), layers.Dense(1, name="u2")],
                               name="unbuilt")
    encoder_input = keras.Input((8,), name="img")
    encoder = keras.Model(encoder_input, layers.Dense(3, name="code")(encoder_input), name="encoder")
    decoder_input = keras.Input((3,), name="code_in")
    decoder = keras.Model(decoder_input, layers.Dense(8, name="recon")(decoder_input),
                          name="decoder")
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
    return {
        "sequential": summary_rows(seq),
        "unbuilt": summary_rows(unbuilt),
        "wide_deep": summary_rows(wide_deep()),
        "wide_deep_trainable": summary_rows(frozen, show_trainable=True),
        "autoencoder": summary_rows(autoencoder),
        "autoencoder_expanded": summary_rows(autoencoder, expand_nested=True),
        "merges": summary_rows(merges()),
        "subclassed": summary_rows(mlp),
    }


def main():
    keras.utils.set_random_seed(0)
    arrays = dict(data())
    out = {}

    keras.backend.clear_session()
    model = wide_deep()
    for i, w in enumerate(model.get_weights()):
        arrays[f"wide_deep_w{i}"] = w
    arrays["wide_deep_pred"] = model.predict([arrays["xw"], arrays["xd"]], verbose=0)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit([arrays["xw"], arrays["xd"]], arrays["y_bin"], batch_size=4, epochs=3,
                        shuffle=False, verbose=0)
    out["wide_deep_history"] = {k: [float(v) for v in vs] for k, vs in history.history.items()}
    out["wide_deep_layers"] = [layer.name for layer in model.layers]
    for i, w in enumerate(model.get_weights()):
        arrays[f"wide_deep_trained_w{i}"] = w
    out["wide_deep_json"] = model.to_json()

    keras.backend.clear_session()
    model = multi_output()
    for i, w in enumerate(model.get_weights()):
        arrays[f"two_heads_w{i}"] = w
    model.compile(optimizer=keras.optimizers.SGD(0.05),
                  loss={"a": "mse", "b": "categorical_crossentropy"},
                  loss_weights={"a": 1.0, "b": 0.5}, metrics={"a": ["mae"], "b": ["accuracy"]})
    history = model.fit(arrays["x4"], {"a": arrays["ya"], "b": arrays["yb"]}, batch_size=8,
                        epochs=3, shuffle=False, verbose=0,
                        validation_data=(arrays["x4"], [arrays["ya"], arrays["yb"]]))
    out["two_heads_history"] = {k: [float(v) for v in vs] for k, vs in history.history.items()}
    out["two_heads_evaluate"] = [float(v) for v in model.evaluate(
        arrays["x4"], [arrays["ya"], arrays["yb"]], verbose=0)]

    keras.backend.clear_session()
    model = merges()
    for i, w in enumerate(model.get_weights()):
        arrays[f"merges_w{i}"] = w
    arrays["merges_pred"] = model.predict([arrays["x4"], arrays["x4"][::-1].copy()], verbose=0)
    out["merges_layers"] = [layer.name for layer in model.layers]

    keras.backend.clear_session()
    model = reshapes()
    for i, w in enumerate(model.get_weights()):
        arrays[f"reshapes_w{i}"] = w
    arrays["reshapes_pred"] = model.predict(arrays["x6"], verbose=0)

    out["summaries"] = capture_summaries()
    out["keras_version"] = keras.__version__
    np.savez(os.path.join(GOLDEN, "functional.npz"), **arrays)
    with open(os.path.join(GOLDEN, "functional.json"), "w") as handle:
        json.dump(out, handle, indent=1)


if __name__ == "__main__":
    main()
