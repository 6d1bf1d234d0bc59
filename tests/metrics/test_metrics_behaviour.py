"""Metric behaviours beyond the golden cases: lookup, variants, weighted_metrics in compile."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import metrics


@pytest.mark.parametrize("name, cls", [("auc", metrics.AUC), ("precision", metrics.Precision),
                                       ("recall", metrics.Recall), ("f1_score", metrics.F1Score),
                                       ("r2_score", metrics.R2Score),
                                       ("root_mean_squared_error", metrics.RootMeanSquaredError),
                                       ("TopKCategoricalAccuracy", metrics.TopKCategoricalAccuracy)])
def test_string_identifiers_resolve_like_keras(name, cls):
    metric = metrics.get(name)
    assert isinstance(metric, cls)


def test_function_names_keep_the_string_as_log_name():
    assert metrics.get("mae").name == "mae"
    assert metrics.get("top_k_categorical_accuracy").name == "top_k_categorical_accuracy"


def test_unknown_metric_suggests_a_close_name():
    with pytest.raises(ValueError, match="Did you mean 'precision'"):
        metrics.get("precison")


def test_precision_with_several_thresholds_and_class_id():
    y_true = np.array([[0, 1], [1, 0], [1, 1]])
    y_pred = np.array([[0.3, 0.9], [0.6, 0.2], [0.4, 0.7]])
    result = metrics.Precision(thresholds=[0.25, 0.5])(y_true, y_pred)
    np.testing.assert_allclose(result, [4 / 5, 3 / 3], rtol=1e-6)
    assert float(metrics.Recall(class_id=0)(y_true, y_pred)) == pytest.approx(0.5)


def test_top_k_counts_the_label_among_the_k_best():
    y_pred = np.array([[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]])
    assert float(metrics.SparseTopKCategoricalAccuracy(k=2)([2, 2], y_pred)) == 0.5
    assert float(metrics.TopKCategoricalAccuracy(k=1)([[0, 1, 0], [1, 0, 0]], y_pred)) == 1.0


def test_auc_of_a_perfect_ranking_is_one_for_roc_and_pr():
    y_true, y_pred = [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]
    assert float(metrics.AUC()(y_true, y_pred)) == pytest.approx(1.0, abs=1e-6)
    assert float(metrics.AUC(curve="PR")(y_true, y_pred)) == pytest.approx(1.0, abs=1e-6)


def test_multi_label_auc_averages_the_labels():
    y_true = np.array([[0, 1], [1, 0], [1, 1], [0, 0]])
    y_pred = np.array([[0.1, 0.9], [0.8, 0.3], [0.7, 0.6], [0.2, 0.4]])
    single = [float(metrics.AUC()(y_true[:, j], y_pred[:, j])) for j in range(2)]
    assert float(metrics.AUC(multi_label=True)(y_true, y_pred)) == pytest.approx(np.mean(single), rel=1e-6)


def test_f1_weighted_uses_class_support():
    y_true = np.array([[1, 0], [1, 0], [0, 1]])
    y_pred = np.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.7]])
    per_class = metrics.F1Score()(y_true, y_pred)
    weighted = float(metrics.F1Score(average="weighted")(y_true, y_pred))
    assert weighted == pytest.approx(float(np.sum(per_class * np.array([2, 1]) / 3)), rel=1e-5)


def test_mean_iou_warns_about_float_weights_truncated_by_int_dtype():
    with pytest.warns(UserWarning, match="integer weights"):
        metrics.MeanIoU(num_classes=2).update_state([0, 1], [0, 1], sample_weight=[0.5, 1.0])


def test_weighted_metrics_and_custom_rmse_in_compile():
    def rmse(y_true, y_pred):
        return keras.ops.sqrt(keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1))

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = x[:, :1]
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=[rmse, keras.metrics.R2Score()],
                  weighted_metrics=[keras.metrics.RootMeanSquaredError(name="wrmse")])
    logs = model.evaluate(x, y, sample_weight=np.ones(32), verbose=0, return_dict=True)
    assert set(logs) == {"loss", "rmse", "r2_score", "wrmse"}
    assert logs["wrmse"] == pytest.approx(np.sqrt(logs["loss"]), rel=1e-5)
