"""Every stateful metric gives Keras 3's result after one batch and after a weighted second batch."""

import json
import pathlib
import warnings

import numpy as np
import pytest

from nbkeras import metrics

GOLDEN = np.load(pathlib.Path(__file__).parents[1] / "golden" / "layers.npz", allow_pickle=False)
CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.startswith("metric_") and k.endswith("/result_1")})


def text(key):
    return str(GOLDEN[key])


def build(case):
    return getattr(metrics, text(f"{case}/class_name"))(**json.loads(text(f"{case}/kwargs")))


def update(metric, case, batch, weighted):
    weight = GOLDEN[f"{case}/sample_weight_2"] if weighted else None
    values = GOLDEN[f"{case}/y_pred_{batch}"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if text(f"{case}/class_name") in ("Mean", "Sum"):
            metric.update_state(values, sample_weight=weight)
        else:
            metric.update_state(GOLDEN[f"{case}/y_true_{batch}"], values, sample_weight=weight)


@pytest.mark.parametrize("case", CASES)
def test_results_match_keras(case):
    metric = build(case)
    update(metric, case, 1, weighted=False)
    np.testing.assert_allclose(metric.result(), GOLDEN[f"{case}/result_1"], rtol=1e-5, atol=1e-6,
                               err_msg=f"{case}: result after the first batch differs from Keras")
    update(metric, case, 2, weighted=True)
    np.testing.assert_allclose(metric.result(), GOLDEN[f"{case}/result_2"], rtol=1e-5, atol=1e-6,
                               err_msg=f"{case}: result after the weighted batch differs from Keras")


@pytest.mark.parametrize("case", CASES)
def test_reset_state_starts_over(case):
    metric = build(case)
    update(metric, case, 2, weighted=True)
    metric.reset_state()
    update(metric, case, 1, weighted=False)
    np.testing.assert_allclose(metric.result(), GOLDEN[f"{case}/result_1"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", CASES)
def test_config_matches_keras(case):
    config = build(case).get_config()
    expected = json.loads(text(f"{case}/config"))
    assert config == expected, f"{case}: get_config() {config} differs from Keras {expected}"
    rebuilt = metrics.deserialize(metrics.serialize(build(case)))
    assert rebuilt.get_config() == config
