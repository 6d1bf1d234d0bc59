"""The fused loss-and-accuracy path gives the same bits as the loss and the metric computed apart."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import losses, metrics
from nbkeras.metrics.loss_accuracy import LossWithAccuracy
from nbkeras.models.compile_utils import CompileLoss, CompileMetrics
from nbkeras.ops.tape import Tape
from nbkeras.ops.tensor import Tensor

RNG = np.random.default_rng(7)


def _probabilities(rows, classes, dtype=np.float32):
    p = RNG.random((rows, classes)).astype(dtype)
    return p / p.sum(axis=1, keepdims=True)


def _ties(p):
    """Rows whose largest entries tie (argmax must pick the first), a constant row, a NaN row."""
    p = p.copy()
    p[0, :] = p[0, 0]
    p[1, 1] = p[1, 2] = p[1].max() + 0.25
    p[2, -1] = p[2, 0] = p[2].max() + 0.25
    p[3, 2] = np.nan
    return p


def _run(loss, metric_spec, y_true, y_pred, sample_weight=None, weighted=None, fused=True):
    """Loss value, its gradient and the metric results, via CompileLoss/CompileMetrics."""
    compiled_metrics = CompileMetrics(metric_spec, weighted)
    compiled_loss = CompileLoss(loss, metrics=compiled_metrics if fused else None)
    prediction = Tensor(np.array(y_pred), requires_grad=True)
    with Tape() as tape:
        value = compiled_loss(y_true, prediction, sample_weight)
        tape.backward(value)
    compiled_metrics.update_state(y_true, prediction.data, sample_weight)
    return value.data, prediction.grad, compiled_metrics.result(), compiled_metrics


def _same_bits(fused, plain):
    assert fused[0].tobytes() == plain[0].tobytes()
    assert np.asarray(fused[1]).tobytes() == np.asarray(plain[1]).tobytes()
    assert fused[2] == plain[2]
    for name in fused[2]:
        assert np.float32(fused[2][name]).tobytes() == np.float32(plain[2][name]).tobytes()


def _cases():
    p = _ties(_probabilities(12, 5))
    labels = RNG.integers(0, 5, 12)
    onehot64 = np.eye(5)[labels]
    logits = _ties(RNG.normal(size=(12, 5)).astype(np.float32))
    binary_p = RNG.random((12, 1)).astype(np.float32)
    binary_p[0, 0] = 0.5  # exactly at the threshold: not above it
    binary_y = RNG.integers(0, 2, 12)
    multi_p = RNG.random((12, 3)).astype(np.float32)
    multi_y = RNG.integers(0, 2, (12, 3)).astype(np.float32)
    return {
        "categorical, float64 one-hot": ("categorical_crossentropy", onehot64, p),
        "categorical, float32 one-hot": ("categorical_crossentropy", onehot64.astype(np.float32), p),
        "categorical, bool one-hot": ("categorical_crossentropy", onehot64.astype(bool), p),
        "categorical, tied labels": ("categorical_crossentropy", np.ones((12, 5), np.float32), p),
        "categorical from logits": (losses.CategoricalCrossentropy(from_logits=True),
                                    onehot64.astype(np.float32), logits),
        "sparse, int64": ("sparse_categorical_crossentropy", labels, p),
        "sparse, uint8 (n, 1)": ("sparse_categorical_crossentropy",
                                 labels.astype(np.uint8)[:, None], p),
        "sparse, float32": ("sparse_categorical_crossentropy", labels.astype(np.float32), p),
        "sparse from logits": (losses.SparseCategoricalCrossentropy(from_logits=True), labels,
                               logits),
        "binary, (n,) int labels": ("binary_crossentropy", binary_y, binary_p),
        "binary, (n, 1) float labels": ("binary_crossentropy",
                                        binary_y[:, None].astype(np.float32), binary_p),
        "binary from logits": (losses.BinaryCrossentropy(from_logits=True), binary_y,
                               RNG.normal(size=(12, 1)).astype(np.float32)),
        "binary, several outputs": ("binary_crossentropy", multi_y, multi_p, "binary_accuracy"),
        "categorical, float64 predictions": ("categorical_crossentropy", onehot64,
                                             _probabilities(12, 5, np.float64)),
    }


CASES = _cases()


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("weights", ["none", "sample_weight", "weighted_metrics"])
def test_fused_path_is_bit_identical(name, weights):
    loss, y_true, y_pred, *metric = CASES[name]
    metric = metric or ["accuracy"]  # which "accuracy" is decided by the shapes, as in Keras
    sample_weight = None if weights == "none" else RNG.random(len(y_pred)).astype(np.float32)
    weighted = metric if weights == "weighted_metrics" else None
    fused = _run(loss, metric, y_true, y_pred, sample_weight, weighted)
    plain = _run(loss, metric, y_true, y_pred, sample_weight, weighted, fused=False)
    assert fused[3].fusion is not None and len(fused[3].fusion.metrics) == (2 if weighted else 1)
    _same_bits(fused, plain)


def test_the_metric_reads_the_kernel_hits_not_the_predictions(monkeypatch):
    loss, y_true, y_pred = CASES["sparse, int64"]
    calls = []
    original = metrics.MeanMetricWrapper.update_state_from_values
    monkeypatch.setattr(metrics.MeanMetricWrapper, "update_state_from_values",
                        lambda self, values, sample_weight=None: (
                            calls.append(values.copy()), original(self, values, sample_weight)))
    result = _run(loss, ["accuracy"], y_true, y_pred)
    assert len(calls) == 1
    expected = (np.argmax(y_pred, axis=-1) == y_true).astype(np.float32)
    assert calls[0].tobytes() == expected.tobytes()
    assert result[2]["accuracy"] == pytest.approx(float(expected.mean()))


@pytest.mark.parametrize("loss, metric", [
    (losses.CategoricalCrossentropy(label_smoothing=0.1), "accuracy"),
    ("categorical_crossentropy", metrics.BinaryAccuracy(threshold=0.7)),
    ("categorical_crossentropy", metrics.Accuracy()),
    ("mean_squared_error", "accuracy"),
    ("categorical_crossentropy", "top_k_categorical_accuracy"),
])
def test_pairs_that_do_not_fuse_keep_the_ordinary_path(loss, metric):
    _, y_true, y_pred = CASES["categorical, float32 one-hot"]
    result = _run(loss, [metric], y_true, y_pred)
    assert result[3].fusion is None
    _same_bits(result, _run(loss, [metric], y_true, y_pred, fused=False))


def test_a_masked_prediction_takes_the_ordinary_path():
    loss, y_true, y_pred = CASES["categorical, float32 one-hot"]
    compiled_metrics = CompileMetrics(["accuracy"])
    compiled_loss = CompileLoss(loss, metrics=compiled_metrics)
    prediction = Tensor(y_pred)
    prediction._keras_mask = np.arange(12) % 3 != 0
    fused = compiled_loss(y_true, prediction)
    assert compiled_metrics.fusion.take(y_true, prediction.data) is None
    plain = CompileLoss(loss)(y_true, prediction)
    assert fused.data.tobytes() == plain.data.tobytes()


def test_hits_are_only_used_for_the_arrays_they_were_computed_on():
    loss, y_true, y_pred = CASES["sparse, int64"]
    compiled_metrics = CompileMetrics(["accuracy"])
    CompileLoss(loss, metrics=compiled_metrics)(y_true, Tensor(y_pred))
    assert compiled_metrics.fusion.take(y_true.copy(), y_pred) is None  # other labels: no hits
    assert compiled_metrics.fusion.take(y_true, y_pred) is None  # and they are forgotten


def test_find_needs_a_matching_accuracy():
    assert LossWithAccuracy.find(losses.get("categorical_crossentropy"), []) is None
    assert LossWithAccuracy.find(losses.BinaryCrossentropy(),
                                 [metrics.CategoricalAccuracy()]) is None
    assert LossWithAccuracy.find(losses.BinaryCrossentropy(),
                                 [metrics.BinaryAccuracy()]) is not None


@pytest.mark.parametrize("loss, labels", [
    ("categorical_crossentropy", lambda y: keras.utils.to_categorical(y, 4)),
    ("sparse_categorical_crossentropy", lambda y: y),
])
def test_fit_and_evaluate_give_the_same_history_fused_or_not(loss, labels):
    x = RNG.random((70, 6)).astype(np.float32)
    y = labels(RNG.integers(0, 4, 70))
    weights = RNG.random(70).astype(np.float32)

    def train(fused):
        keras.utils.set_random_seed(3)
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"],
                      weighted_metrics=["accuracy"])
        if not fused:
            model.compiled_loss.compiled_metrics = None
        history = model.fit(x, y, sample_weight=weights, epochs=3, batch_size=16, verbose=0,
                            validation_split=0.2)
        assert (model.compiled_metrics.fusion is not None) == fused
        return history.history, model.evaluate(x, y, verbose=0, return_dict=True), \
            [w.tobytes() for w in model.get_weights()]

    assert train(True) == train(False)
