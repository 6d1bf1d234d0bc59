"""Dice and Tversky match Keras 3 (values, gradients, configs); crossentropy clips at both ends as Keras.

Golden values: tests/golden/metrics.npz from tools/capture_golden_metrics.py.
The saturated cases put probability exactly 1 on the true class: only the
upper clip ``1 - epsilon`` makes Keras report 1.19e-7 instead of 0.
"""

import json
import pathlib

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import losses
from nbkeras.ops import GradientTape, Variable
from nbkeras.utils import check_gradients

GOLDEN = np.load(pathlib.Path(__file__).parents[1] / "golden" / "metrics.npz", allow_pickle=False)
LOSS_CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.startswith("loss_")})


def build(case):
    kwargs = json.loads(str(GOLDEN[f"{case}/kwargs"]))
    return getattr(losses, str(GOLDEN[f"{case}/class_name"]))(**kwargs)


@pytest.mark.parametrize("case", LOSS_CASES)
def test_overlap_loss_value_gradient_and_config_match_keras(case):
    loss = build(case)
    y_pred = Variable(GOLDEN[f"{case}/y_pred"].copy())
    with GradientTape() as tape:
        value = loss(GOLDEN[f"{case}/y_true"], y_pred)
        total = keras.ops.sum(value)
    np.testing.assert_allclose(value.numpy(), GOLDEN[f"{case}/value"], rtol=1e-5, atol=1e-6,
                               err_msg=f"{case}: loss value differs from Keras")
    (gradient,) = tape.gradient(total, [y_pred])
    np.testing.assert_allclose(np.asarray(gradient), GOLDEN[f"{case}/grad_y_pred"], rtol=1e-4,
                               atol=1e-7, err_msg=f"{case}: gradient differs from Keras")
    assert loss.get_config() == json.loads(str(GOLDEN[f"{case}/config"]))
    assert losses.deserialize(losses.serialize(loss)).get_config() == loss.get_config()


@pytest.mark.parametrize("fn", [lambda t, p: losses.dice(t, p, axis=(1, 2)),
                                lambda t, p: losses.tversky(t, p, alpha=0.3, beta=0.7)],
                         ids=["dice", "tversky"])
def test_overlap_losses_float64_gradients(fn):
    keras.config.set_floatx("float64")
    try:
        rng = np.random.default_rng(0)
        labels = rng.integers(0, 2, size=(2, 3, 3)).astype("float64")
        result = check_gradients(lambda p: fn(labels, p), [rng.uniform(0.1, 0.9, size=(2, 3, 3))])
        assert result["ok"], result
    finally:
        keras.config.reset()


@pytest.mark.parametrize("name, y_true_key, y_pred_key", [
    ("categorical_crossentropy", "categorical_y_true", "categorical_y_pred"),
    ("sparse_categorical_crossentropy", "sparse_y_true", "categorical_y_pred"),
    ("binary_crossentropy", "binary_y_true", "binary_y_pred"),
])
def test_saturated_probabilities_are_clipped_at_both_ends_as_keras(name, y_true_key, y_pred_key):
    y_true, y_pred = GOLDEN[f"saturated/{y_true_key}"], GOLDEN[f"saturated/{y_pred_key}"]
    values = np.asarray(getattr(losses, name)(y_true, y_pred))
    np.testing.assert_allclose(values, GOLDEN[f"saturated/{name}"], rtol=1e-3, atol=0,
                               err_msg=f"{name}: clipping of probabilities 0 and 1 differs from Keras")
    metric_values = getattr(keras.metrics, name)(y_true, y_pred)
    np.testing.assert_allclose(metric_values, GOLDEN[f"saturated/{name}"], rtol=1e-3, atol=0)
