"""Finite-difference checks (float64) of the losses written with nbkeras.ops, and behaviour tests."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import losses
from nbkeras.utils import check_gradients

RNG = np.random.default_rng(3)
TARGETS = RNG.normal(size=(4, 3))
PROBS = RNG.uniform(0.1, 0.9, size=(4, 3))
ONE_HOT = np.eye(3)[[0, 2, 1, 2]]
BINARY = (RNG.uniform(size=(4, 3)) > 0.5).astype(float)

CASES = {
    "huber": (losses.huber, TARGETS, RNG.normal(size=(4, 3)) * 2),
    "huber_delta": (lambda t, p: losses.huber(t, p, delta=0.3), TARGETS, RNG.normal(size=(4, 3))),
    "log_cosh": (losses.log_cosh, TARGETS, RNG.normal(size=(4, 3))),
    "cosine_similarity": (losses.cosine_similarity, TARGETS, RNG.normal(size=(4, 3))),
    "kl_divergence": (losses.kl_divergence, PROBS, RNG.uniform(0.1, 0.9, size=(4, 3))),
    "poisson": (losses.poisson, np.round(PROBS * 5), RNG.uniform(0.5, 3, size=(4, 3))),
    "hinge": (losses.hinge, BINARY, RNG.normal(size=(4, 3)) * 0.5),
    "squared_hinge": (losses.squared_hinge, BINARY, RNG.normal(size=(4, 3)) * 0.5),
    "categorical_hinge": (losses.categorical_hinge, ONE_HOT, RNG.normal(size=(4, 3))),
    "binary_focal": (losses.binary_focal_crossentropy, BINARY, PROBS),
    "binary_focal_logits_balanced_smoothed": (
        lambda t, p: losses.binary_focal_crossentropy(t, p, apply_class_balancing=True,
                                                      from_logits=True, label_smoothing=0.1),
        BINARY, RNG.normal(size=(4, 3))),
    "categorical_focal": (losses.categorical_focal_crossentropy, ONE_HOT, PROBS),
    "categorical_focal_logits_smoothed": (
        lambda t, p: losses.categorical_focal_crossentropy(t, p, from_logits=True,
                                                           label_smoothing=0.2),
        ONE_HOT, RNG.normal(size=(4, 3))),
    "binary_crossentropy_smoothed": (
        lambda t, p: losses.binary_crossentropy(t, p, label_smoothing=0.2), BINARY, PROBS),
    "categorical_crossentropy_logits_smoothed": (
        lambda t, p: losses.categorical_crossentropy(t, p, from_logits=True, label_smoothing=0.2),
        ONE_HOT, RNG.normal(size=(4, 3))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, y_true, y_pred = CASES[name]
    report = check_gradients(lambda p: fn(y_true, p), [y_pred])
    assert report["ok"], f"{name}: backward disagrees with finite differences: {report}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_objects_reduce_with_sample_weights(name):
    fn, y_true, y_pred = CASES[name]
    weights = np.array([1.0, 0.0, 2.0, 0.5])
    per_sample = fn(y_true, y_pred).numpy()
    loss = losses.LossFunctionWrapper(fn, reduction="sum_over_batch_size")
    expected = np.sum(per_sample * weights) / 4
    np.testing.assert_allclose(float(loss(y_true, y_pred, sample_weight=weights)), expected, rtol=1e-6)


def test_categorical_focal_matches_its_formula():
    probs = np.array([[0.2, 0.3, 0.5]], dtype="float32")
    value = float(losses.CategoricalFocalCrossentropy(alpha=0.5, gamma=1.0)([[0, 0, 1]], probs))
    assert value == pytest.approx(0.5 * 0.5 * -np.log(0.5), rel=1e-6)


def test_hinge_keeps_minus_one_plus_one_labels():
    labels, preds = np.array([[-1.0, 1.0]]), np.array([[0.5, 0.5]])
    assert float(losses.hinge(labels, preds)[0]) == pytest.approx((1.5 + 0.5) / 2)


def test_every_string_id_of_keras_resolves():
    for name in ["huber", "log_cosh", "kl_divergence", "kld", "KLD", "poisson", "hinge",
                 "squared_hinge", "categorical_hinge", "cosine_similarity",
                 "binary_focal_crossentropy", "categorical_focal_crossentropy", "Huber", "LogCosh",
                 "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge",
                 "CosineSimilarity", "BinaryFocalCrossentropy", "CategoricalFocalCrossentropy"]:
        assert losses.get(name) is not None


def test_unknown_loss_suggests_a_close_name():
    with pytest.raises(ValueError, match="Did you mean 'huber'"):
        losses.get("hubber")


def test_wrong_shapes_name_the_loss_and_the_shapes():
    with pytest.raises(ValueError, match=r"hinge.*y_true.shape=\(2, 3\), y_pred.shape=\(2, 4\)"):
        losses.hinge(np.zeros((2, 3)), np.zeros((2, 4)))


def test_class_arguments_are_checked():
    with pytest.raises(TypeError, match="unexpected arguments \\['delat'\\]"):
        losses.Huber(delat=2.0)
    with pytest.raises(ValueError, match="Invalid reduction"):
        losses.Huber(reduction="avg")


def test_non_default_arguments_survive_the_config():
    loss = losses.Huber(delta=0.25, reduction="sum")
    rebuilt = losses.deserialize(losses.serialize(loss))
    assert rebuilt._fn_kwargs["delta"] == 0.25 and rebuilt.reduction == "sum"


@pytest.mark.parametrize("loss", ["huber", "log_cosh", losses.Huber(delta=0.5)])
def test_models_train_with_new_regression_losses(loss):
    keras.utils.set_random_seed(1)
    x = np.random.default_rng(1).normal(size=(64, 2)).astype("float32")
    y = (x[:, :1] * 2 - x[:, 1:]).astype("float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss)
    history = model.fit(x, y, epochs=10, batch_size=16, verbose=0).history["loss"]
    assert history[-1] < 0.5 * history[0]


def test_a_custom_loss_written_with_ops_trains():
    def cubic(y_true, y_pred):
        return keras.ops.mean(keras.ops.abs(y_pred - y_true) ** 3, axis=-1)

    keras.utils.set_random_seed(2)
    x = np.random.default_rng(2).normal(size=(64, 2)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss=cubic)
    history = model.fit(x, y, epochs=20, batch_size=16, verbose=0).history["loss"]
    assert history[-1] < 0.2 * history[0]
    assert check_gradients(lambda p: cubic(np.ones((3, 2)), p), [np.full((3, 2), 0.3)])["ok"]
