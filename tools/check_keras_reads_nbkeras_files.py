"""Does real Keras 3 still load `.keras` files written by nbkeras (with `weights_sha256`)?

Two steps, two Pythons:

    PYTHONPATH=$PWD python tools/check_keras_reads_nbkeras_files.py write
    KERAS_BACKEND=torch $PEER tools/check_keras_reads_nbkeras_files.py read

`write` saves small nbkeras models into tests/golden/keras_files/nbkeras_*.keras with their
predictions; `read` loads each file with Keras, predicts, and records the result in
tests/golden/keras_files/keras_reads_nbkeras.json (checked by tests/saving/test_keras_file.py).
"""

import json
import os
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "golden", "keras_files")
X = np.random.default_rng(7).normal(size=(5, 4)).astype("float32")


def write():
    import nbkeras as keras

    keras.utils.set_random_seed(3)
    sequential = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="relu"),
                                   keras.layers.Dense(2, activation="softmax")])
    sequential.compile(optimizer=keras.optimizers.Adam(0.01),
                       loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    sequential.fit(X, np.array([0, 1, 0, 1, 1]), epochs=2, verbose=0)
    inputs = keras.Input((4,), name="features")
    hidden = keras.layers.Dense(3, activation="tanh")(inputs)
    functional = keras.Model(inputs, [keras.layers.Dense(1, name="a")(hidden),
                                      keras.layers.Dense(2, name="b")(hidden)])
    expected = {}
    for name, model in (("nbkeras_sequential", sequential), ("nbkeras_functional", functional)):
        path = os.path.join(OUT, f"{name}.keras")
        model.save(path)
        with zipfile.ZipFile(path) as archive:
            metadata = json.loads(archive.read("metadata.json"))
        assert "weights_sha256" in metadata
        outputs = model.predict(X, verbose=0)
        outputs = outputs if isinstance(outputs, list) else [outputs]
        expected[name] = [o.tolist() for o in outputs]
    with open(os.path.join(OUT, "nbkeras_written.json"), "w") as stream:
        json.dump({"x": X.tolist(), "predictions": expected}, stream)


def read():
    import keras

    with open(os.path.join(OUT, "nbkeras_written.json")) as stream:
        written = json.load(stream)
    x = np.array(written["x"], "float32")
    results = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
               "files": {}}
    for name, predictions in written["predictions"].items():
        model = keras.saving.load_model(os.path.join(OUT, f"{name}.keras"))
        outputs = model.predict(x, verbose=0)
        outputs = outputs if isinstance(outputs, list) else [outputs]
        difference = max(float(np.max(np.abs(np.asarray(o) - np.array(p))))
                         for o, p in zip(outputs, predictions))
        results["files"][name] = {"loaded": True, "max_abs_difference": difference,
                                  "compiled": bool(getattr(model, "compiled", False))}
    with open(os.path.join(OUT, "keras_reads_nbkeras.json"), "w") as stream:
        json.dump(results, stream, indent=1)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]]()
