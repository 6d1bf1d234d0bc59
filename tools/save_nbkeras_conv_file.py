"""Saves a small CNN with nbkeras as a .keras file, for real Keras to load (both directions tested).

Run in the nbkeras environment, then the capture script in the Keras venv:

    PYTHONPATH=$PWD python tools/save_nbkeras_conv_file.py
    KERAS_BACKEND=jax $PEER tools/capture_golden_conv.py --files-only

Writes tests/golden/keras_files/nbkeras_conv_model.keras and nbkeras_conv_model.json
(the input and nbkeras's predictions). The capture script adds Keras's
predictions of the same file to conv_expected.json.
"""

import json
import os

import numpy as np

import nbkeras as keras
from nbkeras import layers

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "golden", "keras_files")


def build():
    return keras.Sequential([
        keras.Input((12, 12, 1)),
        layers.Conv2D(4, 3, activation="relu", name="conv"),
        layers.BatchNormalization(name="bn"),
        layers.MaxPooling2D(name="pool"),
        layers.Conv2D(6, 3, padding="same", groups=2, dilation_rate=2, name="grouped"),
        layers.ZeroPadding2D(1, name="pad"),
        layers.AveragePooling2D(2, padding="same", name="avg"),
        layers.Conv2DTranspose(3, 3, strides=2, padding="same", name="up"),
        layers.Cropping2D(((1, 0), (0, 1)), name="crop"),
        layers.UpSampling2D(2, interpolation="bilinear", name="bilinear"),
        layers.SeparableConv2D(4, 3, name="sep"),
        layers.LayerNormalization(axis=[1, 2, 3], name="ln"),
        layers.GlobalMaxPooling2D(name="gmp"),
        layers.RMSNormalization(name="rms"),
        layers.Dense(3, activation="softmax", name="out"),
    ], name="nbkeras_conv_model")


def main():
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 12, 12, 1)).astype("float32")
    model = build()
    model.compile(keras.optimizers.Adam(0.01), "categorical_crossentropy")
    model.fit(x, keras.utils.to_categorical(rng.integers(0, 3, 5), 3), epochs=2, verbose=0)
    model.save(os.path.join(OUT, "nbkeras_conv_model.keras"))
    with open(os.path.join(OUT, "nbkeras_conv_model.json"), "w") as stream:
        json.dump({"x": x.tolist(), "nbkeras": model.predict(x, verbose=0).tolist()}, stream)
    print(f"wrote {OUT}/nbkeras_conv_model.keras")


if __name__ == "__main__":
    main()
