"""Saves small models with real Keras 3 as `.keras` files, with their predictions.

Run with Keras installed (KERAS_BACKEND=torch python tools/capture_keras_files.py).
tests/saving/test_keras_file.py loads these files with nbkeras and compares.
"""

import json
import os

import keras
import numpy as np
from keras import layers

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "golden", "keras_files")


def sequential():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu", name="hidden"),
                              layers.Dropout(0.2), layers.Dense(3, activation="softmax")],
                             name="seq")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def two_heads():
    inputs = keras.Input((4,), name="features")
    hidden = layers.Dense(5, activation="tanh", name="hidden")(inputs)
    a = layers.Dense(1, name="a")(hidden)
    b = layers.Dense(2, activation="softmax", name="b")(layers.Concatenate()([hidden, inputs]))
    model = keras.Model(inputs, [a, b], name="two_heads")
    model.compile(optimizer="rmsprop", loss={"a": "mse", "b": "categorical_crossentropy"},
                  loss_weights={"a": 1.0, "b": 0.5}, metrics={"a": ["mae"]})
    return model


def main():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 4)).astype("float32")
    os.makedirs(OUT, exist_ok=True)
    expected = {"x": x.tolist()}
    seq = sequential()
    seq.fit(x, keras.utils.to_categorical(rng.integers(0, 3, 16), 3), epochs=2, verbose=0)
    seq.save(os.path.join(OUT, "sequential.keras"))
    expected["sequential"] = seq.predict(x, verbose=0).tolist()
    expected["sequential_iterations"] = int(seq.optimizer.iterations.numpy())
    heads = two_heads()
    heads.fit(x, {"a": rng.standard_normal((16, 1)).astype("float32"),
                  "b": keras.utils.to_categorical(rng.integers(0, 2, 16), 2)}, epochs=1, verbose=0)
    heads.save(os.path.join(OUT, "two_heads.keras"))
    expected["two_heads"] = [out.tolist() for out in heads.predict(x, verbose=0)]
    with open(os.path.join(OUT, "expected.json"), "w") as stream:
        json.dump(expected, stream)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
