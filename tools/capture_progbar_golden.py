"""Capture the raw bytes of Keras 3's text progress bar as golden files.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_progbar_golden.py

Writes ``tests/golden/progbar_<case>.txt``: exactly what Keras wrote to
stdout (``\\b``, ``\\r`` and ANSI codes included; on Linux Keras always
redraws in place), and ``tests/golden/progbar_cases.json`` with the logs
each final line shows (so a test can format the same values). Durations
differ from run to run: tests replace them with a placeholder.

Data: 50 samples in batches of 16 (4 steps, the last one short) for fit,
200 samples in batches of 32 (7 steps) for evaluate and predict.
"""

import contextlib
import io
import json
import os

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402


class LogRecorder(keras.callbacks.Callback):
    """Keeps the logs of every epoch end (what the final bar line shows)."""

    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append([[k, float(v)] for k, v in (logs or {}).items()])


def make_model():
    golden_io.seed_everything(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return model


def make_data(n):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x.sum(axis=1, keepdims=True) > 0).astype("float32")


def run(action):
    """What the action wrote to stdout, and what it returned."""
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        result = action()
    return stream.getvalue(), result


def fit_case(verbose):
    model, (x, y), recorder = make_model(), make_data(50), LogRecorder()
    validation = make_data(40)
    text, _ = run(lambda: model.fit(x, y, batch_size=16, epochs=2, verbose=verbose,
                                    validation_data=validation, callbacks=[recorder],
                                    shuffle=False))
    return text, {"epochs": recorder.epochs, "target": 4}


def unknown_steps_case():
    model, (x, y) = make_model(), make_data(48)
    recorder = LogRecorder()

    def batches():
        for start in range(0, 48, 16):
            yield x[start:start + 16], y[start:start + 16]

    text, _ = run(lambda: model.fit(batches(), epochs=1, verbose=1, callbacks=[recorder]))
    return text, {"epochs": recorder.epochs, "target": None}


def evaluate_case(verbose):
    model, (x, y) = make_model(), make_data(200)
    text, result = run(lambda: model.evaluate(x, y, batch_size=32, verbose=verbose,
                                              return_dict=True))
    return text, {"epochs": [[[k, float(v)] for k, v in result.items()]], "target": 7}


def predict_case(verbose):
    model, (x, _) = make_model(), make_data(200)
    text, _ = run(lambda: model.predict(x, batch_size=32, verbose=verbose))
    return text, {"epochs": [[]], "target": 7}


CASES = {
    "fit_verbose1": lambda: fit_case(1),
    "fit_verbose2": lambda: fit_case(2),
    "fit_unknown_steps": unknown_steps_case,
    "evaluate_verbose1": lambda: evaluate_case(1),
    "evaluate_verbose2": lambda: evaluate_case(2),
    "predict_verbose1": lambda: predict_case(1),
    "predict_verbose2": lambda: predict_case(2),
}


def main():
    cases = {}
    for case, capture in CASES.items():
        keras.backend.clear_session()
        text, info = capture()
        path = os.path.join(golden_io.GOLDEN_DIR, f"progbar_{case}.txt")
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        cases[case] = info
        print(f"wrote {path}")
    meta = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "generated_by": "tools/capture_progbar_golden.py"}
    path = os.path.join(golden_io.GOLDEN_DIR, "progbar_cases.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"meta": meta, "cases": cases}, file, indent=1)
        file.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
