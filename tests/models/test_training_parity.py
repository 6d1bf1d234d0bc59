"""End-to-end training runs against Keras 3.15.1: same weights in, same numbers out.

Each case in tests/golden/training.npz was trained by real Keras from stored
initial weights with shuffle=False (tools/capture_golden_training.py); here
nbkeras rebuilds the model from the stored config and repeats the run.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras

GOLDEN = np.load(Path(__file__).parents[1] / "golden" / "training.npz", allow_pickle=False)
CASES = ["seed_adam", "binary_sgd", "regression_sgd", "sparse_adam", "seed_rmsprop",
         "seed_adagrad", "regularized_sgd", "seed_adam_validation_split"]
RTOL, ATOL = 2e-5, 2e-6


def build(case):
    config = json.loads(str(GOLDEN[f"{case}/model_config"]))
    layers = []
    for layer in config["layers"]:
        options = layer["config"]
        if layer["class_name"] == "InputLayer":
            layers.append(keras.Input(shape=tuple(options["batch_shape"][1:])))
        elif layer["class_name"] == "Flatten":
            layers.append(keras.layers.Flatten())
        else:
            layers.append(keras.layers.Dense(
                options["units"], activation=options["activation"],
                kernel_regularizer=options.get("kernel_regularizer"),
                activity_regularizer=options.get("activity_regularizer")))
    model = keras.Sequential(layers)
    count = int(GOLDEN[f"{case}/num_weights"])
    model.set_weights([GOLDEN[f"{case}/weights_initial_{i}"] for i in range(count)])
    compile_kwargs = json.loads(str(GOLDEN[f"{case}/compile_kwargs"]))
    optimizer = compile_kwargs.pop("optimizer")
    if isinstance(optimizer, dict):
        (name, options), = optimizer.items()
        optimizer = getattr(keras.optimizers, name)(**options)
    model.compile(optimizer=optimizer, **compile_kwargs)
    return model


@pytest.mark.parametrize("case", CASES)
def test_history_weights_evaluate_and_predict_match_keras(case):
    model = build(case)
    x, y = GOLDEN[f"{case}/x"], GOLDEN[f"{case}/y"]
    history = model.fit(x, y, **json.loads(str(GOLDEN[f"{case}/fit_kwargs"])))
    keys = str(GOLDEN[f"{case}/history_keys"]).split()
    assert list(history.history) == keys, "History keys (Keras 3 sorts them)"
    for key in keys:
        np.testing.assert_allclose(history.history[key], GOLDEN[f"{case}/history_{key}"],
                                   rtol=RTOL, atol=ATOL, err_msg=f"history[{key!r}]")
    count = int(GOLDEN[f"{case}/num_weights"])
    for i, weight in enumerate(model.get_weights()[:count]):
        np.testing.assert_allclose(weight, GOLDEN[f"{case}/weights_final_{i}"], rtol=RTOL,
                                   atol=ATOL, err_msg=f"final weight {i}")
    if f"{case}/evaluate" in GOLDEN:
        np.testing.assert_allclose(model.evaluate(x, y, verbose=0), GOLDEN[f"{case}/evaluate"],
                                   rtol=RTOL, atol=ATOL, err_msg="evaluate()")
        np.testing.assert_allclose(model.predict(x, verbose=0), GOLDEN[f"{case}/predict"],
                                   rtol=RTOL, atol=ATOL, err_msg="predict()")


def test_evaluate_return_dict_matches_keras():
    model = build("seed_adam")
    x, y = GOLDEN["seed_adam/x"], GOLDEN["seed_adam/y"]
    model.fit(x, y, **json.loads(str(GOLDEN["seed_adam/fit_kwargs"])))
    expected = json.loads(str(GOLDEN["seed_adam/evaluate_dict"]))
    result = model.evaluate(x, y, verbose=0, return_dict=True)
    assert list(result) == list(expected)
    np.testing.assert_allclose(list(result.values()), list(expected.values()), rtol=RTOL, atol=ATOL)
