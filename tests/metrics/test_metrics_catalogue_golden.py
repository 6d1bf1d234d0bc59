"""The metric catalogue (counts, rates at rates, crossentropies, errors, hinges) gives Keras 3's results.

Golden values: tests/golden/metrics.npz from tools/capture_golden_metrics.py
(JAX backend: its top_k breaks ties as Keras documents). Each case is one
unweighted batch then one weighted batch; ``metric_doc_*`` cases are the
examples of Keras's docstrings.
"""

import json
import pathlib

import numpy as np
import pytest

from nbkeras import metrics

GOLDEN = np.load(pathlib.Path(__file__).parents[1] / "golden" / "metrics.npz", allow_pickle=False)
CASES = sorted({k.split("/")[0] for k in GOLDEN.files
                if k.startswith("metric_") and k.endswith("/result_1")})


def text(key):
    return str(GOLDEN[key])


def build(case):
    return getattr(metrics, text(f"{case}/class_name"))(**json.loads(text(f"{case}/kwargs")))


def batches(case):
    index = 1
    while f"{case}/result_{index}" in GOLDEN.files:
        weight_key = f"{case}/sample_weight_{index}"
        weight = GOLDEN[weight_key] if weight_key in GOLDEN.files else None
        yield (GOLDEN[f"{case}/y_true_{index}"], GOLDEN[f"{case}/y_pred_{index}"], weight,
               GOLDEN[f"{case}/result_{index}"])
        index += 1


def test_every_case_was_loaded():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_results_match_keras(case):
    metric = build(case)
    for number, (y_true, y_pred, weight, expected) in enumerate(batches(case), start=1):
        metric.update_state(y_true, y_pred, sample_weight=weight)
        np.testing.assert_allclose(metric.result(), expected, rtol=1e-5, atol=1e-6,
                                   err_msg=f"{case}: result after batch {number} differs from Keras")


@pytest.mark.parametrize("case", CASES)
def test_reset_state_starts_over(case):
    metric = build(case)
    for y_true, y_pred, weight, _ in batches(case):
        metric.update_state(y_true, y_pred, sample_weight=weight)
    metric.reset_state()
    y_true, y_pred, weight, expected = next(batches(case))
    metric.update_state(y_true, y_pred, sample_weight=weight)
    np.testing.assert_allclose(metric.result(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", CASES)
def test_config_matches_keras_and_round_trips(case):
    config = build(case).get_config()
    expected = json.loads(text(f"{case}/config"))
    assert config == expected, f"{case}: get_config() {config} differs from Keras {expected}"
    rebuilt = metrics.deserialize(metrics.serialize(build(case)))
    assert rebuilt.get_config() == config


def test_precision_top_k_breaks_ties_towards_the_first_index_as_keras_documents():
    metric = metrics.Precision(top_k=2)
    metric.update_state([0, 0, 1, 1], [1, 1, 1, 1])
    assert float(metric.result()) == 0.0


@pytest.mark.parametrize("name, cls", [("true_positives", metrics.TruePositives),
                                       ("log_cosh_error", metrics.LogCoshError),
                                       ("binary_crossentropy", metrics.MeanMetricWrapper),
                                       ("mape", metrics.MeanMetricWrapper),
                                       ("KLDivergence", metrics.KLDivergence)])
def test_get_resolves_new_names(name, cls):
    assert isinstance(metrics.get(name), cls)


def test_rate_at_rate_arguments_are_checked():
    with pytest.raises(ValueError, match="recall"):
        metrics.PrecisionAtRecall(1.5)
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.SensitivityAtSpecificity(0.5, num_thresholds=0)
