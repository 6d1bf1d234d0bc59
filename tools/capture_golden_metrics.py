"""Capture goldens for the metric catalogue, the Dice/Tversky losses and saturated crossentropies.

Run in the reference venv (never in the nbkeras environment):

    $PEER tools/capture_golden_metrics.py

This script always uses the JAX backend: ``torch.topk`` breaks ties
towards the last index, so on torch ``Precision(top_k=2)`` contradicts
Keras's own docstring (1.0 instead of 0.0); JAX and TensorFlow pick the
first index, as documented, and nbkeras follows them.

Writes tests/golden/metrics.npz and tests/golden/metrics.json.
Metric cases use the key layout of layers.npz (``metric_<case>/y_true_1`` ...
``result_2``, ``config``): one unweighted batch, then one weighted batch.
Fixed-data cases (``metric_doc_*``) are the examples of Keras's docstrings.
"""

import os

os.environ["KERAS_BACKEND"] = "jax"

import golden_io  # noqa: E402

golden_io.prepare_environment()

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402


def f32(array):
    return np.asarray(array, dtype=np.float32)


def softmax(logits):
    e = np.exp(logits - logits.max(-1, keepdims=True))
    return f32(e / e.sum(-1, keepdims=True))


def metric_data(rng, kind):
    """One batch for a metric family: (y_true, y_pred)."""
    n = 32 if kind == "binary32" else 8
    if kind in ("binary", "binary32"):
        return rng.integers(0, 2, size=(n, 1)).astype(np.float32), f32(rng.uniform(size=(n, 1)))
    if kind == "binary_logits":
        return rng.integers(0, 2, size=(8, 1)).astype(np.float32), f32(rng.normal(size=(8, 1)) * 2)
    if kind == "multilabel_ties":
        return (rng.integers(0, 2, size=(8, 4)).astype(np.float32),
                f32(np.round(rng.uniform(size=(8, 4)) * 3) / 3))
    if kind in ("categorical3", "sparse3", "logits3", "sparse_logits3"):
        labels = rng.integers(0, 3, size=(8,))
        logits = f32(rng.normal(size=(8, 3)) * 2.0)
        y_pred = logits if "logits" in kind else softmax(logits)
        return (labels if kind.startswith("sparse") else f32(np.eye(3)[labels])), y_pred
    if kind == "probs3":
        return softmax(rng.normal(size=(8, 3))), softmax(rng.normal(size=(8, 3)))
    if kind == "regression":
        y_true = rng.normal(size=(8, 3))
        return f32(y_true), f32(y_true + rng.normal(size=(8, 3)) * 0.5)
    if kind == "positive":
        y_true = rng.uniform(0.5, 3.0, size=(8, 3))
        return f32(y_true), f32(y_true * rng.uniform(0.5, 1.5, size=(8, 3)))
    if kind == "hinge":
        return rng.integers(0, 2, size=(8, 2)).astype(np.float32), f32(rng.normal(size=(8, 2)))
    if kind == "sorted_ids":
        scores = rng.normal(size=(8, 6))
        return rng.integers(0, 6, size=(8,)), np.argsort(-scores, axis=-1)[:, :4].astype(np.int64)
    raise ValueError(f"Unknown metric data kind. Received: kind={kind}")


# case -> (class name, kwargs, data kind)
METRIC_CASES = {
    "true_positives": ("TruePositives", {}, "binary"),
    "false_positives": ("FalsePositives", {}, "binary"),
    "true_negatives": ("TrueNegatives", {}, "binary"),
    "false_negatives": ("FalseNegatives", {}, "binary"),
    "true_positives_thresholds": ("TruePositives", {"thresholds": [0.3, 0.6]}, "binary"),
    "false_negatives_threshold": ("FalseNegatives", {"thresholds": 0.7}, "binary"),
    "mean_absolute_percentage_error": ("MeanAbsolutePercentageError", {}, "positive"),
    "mean_squared_logarithmic_error": ("MeanSquaredLogarithmicError", {}, "positive"),
    "cosine_similarity": ("CosineSimilarity", {}, "regression"),
    "log_cosh_error": ("LogCoshError", {}, "regression"),
    "kl_divergence": ("KLDivergence", {}, "probs3"),
    "poisson": ("Poisson", {}, "positive"),
    "hinge": ("Hinge", {}, "hinge"),
    "squared_hinge": ("SquaredHinge", {}, "hinge"),
    "categorical_hinge": ("CategoricalHinge", {}, "categorical3"),
    "binary_crossentropy": ("BinaryCrossentropy", {}, "binary"),
    "binary_crossentropy_logits": ("BinaryCrossentropy",
                                   {"from_logits": True, "label_smoothing": 0.1},
                                   "binary_logits"),
    "categorical_crossentropy": ("CategoricalCrossentropy", {}, "categorical3"),
    "categorical_crossentropy_logits": ("CategoricalCrossentropy",
                                        {"from_logits": True, "label_smoothing": 0.1}, "logits3"),
    "sparse_categorical_crossentropy": ("SparseCategoricalCrossentropy", {}, "sparse3"),
    "sparse_categorical_crossentropy_logits": ("SparseCategoricalCrossentropy",
                                               {"from_logits": True}, "sparse_logits3"),
    "precision_at_recall": ("PrecisionAtRecall", {"recall": 0.5}, "binary32"),
    "precision_at_recall_20": ("PrecisionAtRecall", {"recall": 0.8, "num_thresholds": 20},
                               "binary32"),
    "recall_at_precision": ("RecallAtPrecision", {"precision": 0.6}, "binary32"),
    "sensitivity_at_specificity": ("SensitivityAtSpecificity", {"specificity": 0.5},
                                   "binary32"),
    "specificity_at_sensitivity": ("SpecificityAtSensitivity", {"sensitivity": 0.5},
                                   "binary32"),
    "sparse_top_k_sorted_ids": ("SparseTopKCategoricalAccuracy",
                                {"k": 2, "from_sorted_ids": True}, "sorted_ids"),
    "precision_top_k2_ties": ("Precision", {"top_k": 2}, "multilabel_ties"),
    "recall_top_k2_ties": ("Recall", {"top_k": 2}, "multilabel_ties"),
    "precision_top_k1_class1": ("Precision", {"top_k": 1, "class_id": 1}, "multilabel_ties"),
    "fbeta_score": ("FBetaScore", {"beta": 2.0}, "categorical3"),
    "fbeta_score_micro": ("FBetaScore", {"average": "micro", "beta": 0.5, "threshold": 0.4},
                          "categorical3"),
    "fbeta_score_weighted": ("FBetaScore", {"average": "weighted", "beta": 2.0},
                             "categorical3"),
    "fbeta_score_macro": ("FBetaScore", {"average": "macro", "beta": 3.0}, "categorical3"),
}

# Keras docstring examples: case -> (class name, kwargs, [(y_true, y_pred, sample_weight)...])
DOC_CASES = {
    "doc_precision_top_k2": ("Precision", {"top_k": 2},
                             [([0, 0, 1, 1], [1, 1, 1, 1], None)]),
    "doc_precision_top_k4": ("Precision", {"top_k": 4},
                             [([0, 0, 1, 1], [1, 1, 1, 1], None)]),
    "doc_true_positives": ("TruePositives", {},
                           [([0, 1, 1, 1], [1, 0, 1, 1], None), ([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0])]),
    "doc_precision_at_recall": ("PrecisionAtRecall", {"recall": 0.5},
                                [([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], None),
                                 ([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [2, 2, 2, 1, 1])]),
    "doc_sparse_top_k_sorted": ("SparseTopKCategoricalAccuracy", {"k": 1, "from_sorted_ids": True},
                                [([2, 1], [[1, 0, 3], [1, 2, 3]], None)]),
    "doc_r2_score": ("R2Score", {}, [([[0, 1], [-0.5, 1], [2, 7]], [[0, 2], [-0.5, 2], [2, 8]], None)]),
}


def add_arrays(golden, key, name, value):
    value = np.asarray(value)
    if np.issubdtype(value.dtype, np.integer):
        golden.add_int(f"{key}/{name}", value)
    else:
        golden.add(f"{key}/{name}", value)


def finish_case(golden, key, metric, class_name, kwargs, kind, results):
    config = metric.get_config()
    golden.add_text(f"{key}/class_name", class_name)
    golden.add_json(f"{key}/kwargs", kwargs)
    golden.add_json(f"{key}/config", config)
    golden.structure["metrics"][key] = {"class_name": class_name, "kwargs": kwargs,
                                        "config": config, "data": kind, "results": results}


def add_metric_case(golden, case, class_name, kwargs, kind, rng):
    key = f"metric_{case}"
    keras.backend.clear_session()
    metric = getattr(keras.metrics, class_name)(**kwargs)
    n = 32 if kind == "binary32" else 8
    sample_weight = f32(rng.uniform(0.0, 2.0, size=(n, 1) if kind == "multilabel_ties" else (n,)))
    results = []
    for batch in (1, 2):
        y_true, y_pred = metric_data(rng, kind)
        metric.update_state(y_true, y_pred, sample_weight=sample_weight if batch == 2 else None)
        add_arrays(golden, key, f"y_true_{batch}", y_true)
        add_arrays(golden, key, f"y_pred_{batch}", y_pred)
        result = golden_io.as_float32(metric.result())
        golden.add(f"{key}/result_{batch}", result)
        results.append(result.tolist())
    golden.add(f"{key}/sample_weight_2", sample_weight)
    finish_case(golden, key, metric, class_name, kwargs, kind, results)


def add_doc_case(golden, case, class_name, kwargs, batches):
    key = f"metric_{case}"
    keras.backend.clear_session()
    metric = getattr(keras.metrics, class_name)(**kwargs)
    results = []
    for index, (y_true, y_pred, weight) in enumerate(batches, start=1):
        metric.update_state(y_true, y_pred, sample_weight=weight)
        add_arrays(golden, key, f"y_true_{index}", f32(y_true))
        add_arrays(golden, key, f"y_pred_{index}", f32(y_pred))
        if weight is not None:
            golden.add(f"{key}/sample_weight_{index}", f32(weight))
        result = golden_io.as_float32(metric.result())
        golden.add(f"{key}/result_{index}", result)
        results.append(result.tolist())
    finish_case(golden, key, metric, class_name, kwargs, "docstring", results)


LOSS_CASES = {
    "dice": ("Dice", {}),
    "dice_axis": ("Dice", {"axis": [1, 2, 3], "reduction": None}),
    "tversky": ("Tversky", {}),
    "tversky_skewed_axis": ("Tversky", {"alpha": 0.3, "beta": 0.7, "axis": [1, 2, 3],
                                        "reduction": "sum"}),
}


def capture_losses(golden, rng):
    y_true = f32(rng.integers(0, 2, size=(2, 4, 4, 1)))
    y_pred = f32(rng.uniform(0.05, 0.95, size=(2, 4, 4, 1)))
    for case, (class_name, kwargs) in LOSS_CASES.items():
        key = f"loss_{case}"
        options = dict(kwargs)
        if "axis" in options:
            options["axis"] = tuple(options["axis"])
        loss = getattr(keras.losses, class_name)(**options)
        value = loss(y_true, y_pred)
        gradient = jax.grad(lambda p: loss(y_true, p).sum())(y_pred)
        golden.add(f"{key}/y_true", y_true)
        golden.add(f"{key}/y_pred", y_pred)
        golden.add(f"{key}/value", golden_io.as_float32(value))
        golden.add(f"{key}/grad_y_pred", np.asarray(gradient))
        golden.add_text(f"{key}/class_name", class_name)
        golden.add_json(f"{key}/kwargs", kwargs)
        golden.add_json(f"{key}/config", loss.get_config())
        golden.structure["losses"][key] = {"class_name": class_name, "kwargs": kwargs,
                                           "config": loss.get_config()}


def capture_saturated(golden):
    """Predictions that put probability 1 (or 0) exactly on a class: only the clips decide."""
    one_hot = f32([[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    probs = f32([[0, 1, 0], [1, 0, 0], [0.5, 0.5, 0]])
    golden.add("saturated/categorical_y_true", one_hot)
    golden.add("saturated/categorical_y_pred", probs)
    golden.add("saturated/categorical_crossentropy",
               golden_io.as_float32(keras.losses.categorical_crossentropy(one_hot, probs)))
    golden.add_int("saturated/sparse_y_true", np.array([1, 0, 2]))
    golden.add("saturated/sparse_categorical_crossentropy",
               golden_io.as_float32(keras.losses.sparse_categorical_crossentropy(
                   np.array([1, 0, 2]), probs)))
    binary_true = f32([[1, 0, 1, 0]])
    binary_pred = f32([[1, 0, 0, 1]])
    golden.add("saturated/binary_y_true", binary_true)
    golden.add("saturated/binary_y_pred", binary_pred)
    golden.add("saturated/binary_crossentropy",
               golden_io.as_float32(keras.losses.binary_crossentropy(binary_true, binary_pred)))
    # keras.config.set_epsilon moves every clip.
    keras.config.set_epsilon(1e-3)
    golden.add("saturated/epsilon_1e-3/binary_crossentropy",
               golden_io.as_float32(keras.losses.binary_crossentropy(binary_true, binary_pred)))
    golden.add("saturated/epsilon_1e-3/categorical_crossentropy",
               golden_io.as_float32(keras.losses.categorical_crossentropy(one_hot, probs)))
    keras.config.set_epsilon(1e-7)


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("metrics", __file__)
    golden.structure["metrics"] = {}
    golden.structure["losses"] = {}
    rng = np.random.default_rng(41)
    for case, (class_name, kwargs, kind) in METRIC_CASES.items():
        add_metric_case(golden, case, class_name, kwargs, kind, rng)
    for case, (class_name, kwargs, batches) in DOC_CASES.items():
        add_doc_case(golden, case, class_name, kwargs, batches)
    capture_losses(golden, rng)
    capture_saturated(golden)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
