"""Replays the cases of tools/capture_golden_callbacks.py in nbkeras."""

import contextlib
import io
import json
import os

import numpy as np

import nbkeras as keras

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")


def load():
    with open(os.path.join(GOLDEN, "callbacks.json")) as file:
        cases = json.load(file)["cases"]
    arrays = np.load(os.path.join(GOLDEN, "callbacks.npz"), allow_pickle=False)
    return cases, {k: arrays[k] for k in arrays.files}


def make_model(arrays, lr=0.01, metrics=None, loss="mse", activation=None, optimizer="sgd"):
    """The capture script's model: Dense(1) from the stored initial weights."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation=activation)])
    model.set_weights([arrays["data/initial_weight_0"], arrays["data/initial_weight_1"]])
    opt = keras.optimizers.SGD(learning_rate=lr) if optimizer == "sgd" else \
        keras.optimizers.Adam(learning_rate=lr)
    model.compile(optimizer=opt, loss=loss, metrics=metrics)
    return model


def data(arrays):
    return {k.split("/", 1)[1]: v for k, v in arrays.items() if k.startswith("data/")}


def fit_capturing(model, **kwargs):
    """Runs fit and returns (history, printed text)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        history = model.fit(**kwargs)
    return history, out.getvalue()


def assert_history_close(history, expected, rtol=1e-5, atol=1e-6):
    assert sorted(history.history) == sorted(expected["history"]), (
        f"log keys differ: nbkeras {sorted(history.history)}, Keras {sorted(expected['history'])}")
    assert history.epoch == expected["epoch"], (
        f"epochs run differ: nbkeras {history.epoch}, Keras {expected['epoch']}")
    for key, values in expected["history"].items():
        np.testing.assert_allclose(history.history[key], values, rtol=rtol, atol=atol,
                                   err_msg=f"history[{key!r}] differs from Keras")


def assert_final_weights(model, arrays, case, rtol=1e-5, atol=1e-6):
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, arrays[f"{case}/final_weight_{i}"], rtol=rtol,
                                   atol=atol, err_msg=f"{case}: final weight {i} differs")
