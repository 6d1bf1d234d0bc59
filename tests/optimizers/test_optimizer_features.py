"""Base-class features every optimizer shares: rates, clipping rules, weight decay, lookup."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import optimizers

NEW_OPTIMIZERS = ["adamw", "adamax", "nadam", "adadelta", "lion"]


def test_string_ids_resolve_to_new_optimizers():
    for name in NEW_OPTIMIZERS:
        assert type(optimizers.get(name)).__name__.lower() == name


def test_unknown_optimizer_suggests_close_names():
    with pytest.raises(ValueError, match="Did you mean 'adamw'"):
        optimizers.get("adamww")


def test_only_one_clipping_argument_is_allowed():
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"):
        optimizers.SGD(clipnorm=1.0, clipvalue=0.5)


def test_adamw_requires_a_weight_decay():
    with pytest.raises(ValueError, match="weight_decay=None"):
        optimizers.AdamW(weight_decay=None)


def test_lion_rejects_beta_1_outside_0_1():
    with pytest.raises(ValueError, match="beta_1"):
        optimizers.Lion(beta_1=0.0)


def test_learning_rate_is_settable_between_steps():
    optimizer = optimizers.Adam(learning_rate=0.01)
    w = keras.Variable(np.ones(3, dtype="float32"))
    optimizer.apply([np.ones(3, dtype="float32")], [w])
    optimizer.learning_rate = 0.5
    assert optimizer.learning_rate == np.float32(0.5)
    assert optimizer.get_config()["learning_rate"] == float(np.float32(0.5))
    before = w.numpy().copy()
    optimizer.apply([np.ones(3, dtype="float32")], [w])
    assert np.all(before - w.numpy() > 0.1), "the new, larger rate was not used"


def test_a_schedule_cannot_be_overwritten_by_a_float():
    optimizer = optimizers.SGD(learning_rate=optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        optimizer.learning_rate = 0.01


def test_callable_learning_rate_is_called_without_arguments():
    optimizer = optimizers.SGD(learning_rate=lambda: 0.25)
    assert optimizer.learning_rate == np.float32(0.25)


def test_config_with_schedule_round_trips():
    schedule = optimizers.schedules.CosineDecay(0.1, decay_steps=20, warmup_target=0.2, warmup_steps=5)
    optimizer = optimizers.Nadam(learning_rate=schedule, clipnorm=1.0)
    rebuilt = optimizers.deserialize(optimizers.serialize(optimizer))
    assert type(rebuilt) is optimizers.Nadam
    assert isinstance(rebuilt._schedule, optimizers.schedules.CosineDecay)
    assert rebuilt.get_config() == optimizer.get_config()


def test_exclude_from_weight_decay_by_name_and_by_variable():
    kernel = keras.Variable(np.ones((2, 2), dtype="float32"), name="kernel")
    bias = keras.Variable(np.ones(2, dtype="float32"), name="bias")
    other = keras.Variable(np.ones(2, dtype="float32"), name="gamma")
    optimizer = optimizers.SGD(learning_rate=0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_list=[other], var_names=["bias"])
    zeros = [np.zeros((2, 2), "float32"), np.zeros(2, "float32"), np.zeros(2, "float32")]
    optimizer.apply(zeros, [kernel, bias, other])
    np.testing.assert_allclose(kernel.numpy(), 0.95)
    np.testing.assert_array_equal(bias.numpy(), 1.0)
    np.testing.assert_array_equal(other.numpy(), 1.0)
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["kernel"])


def test_weight_decay_works_on_every_optimizer():
    for name in ["sgd", "adam", "rmsprop", "adagrad", *NEW_OPTIMIZERS]:
        optimizer = optimizers.get({"class_name": name, "config": {"weight_decay": 0.1,
                                                                   "learning_rate": 0.1}})
        w = keras.Variable(np.full(3, 2.0, dtype="float32"))
        optimizer.apply([np.zeros(3, dtype="float32")], [w])
        assert np.all(w.numpy() < 2.0), f"{name}: weight_decay did not shrink the weights"


def test_clipnorm_scales_each_gradient_to_the_norm():
    optimizer = optimizers.SGD(learning_rate=1.0, clipnorm=1.0)
    a, b = keras.Variable(np.zeros(2, "float32")), keras.Variable(np.zeros(1, "float32"))
    optimizer.apply([np.array([3.0, 4.0], "float32"), np.array([0.5], "float32")], [a, b])
    np.testing.assert_allclose(a.numpy(), [-0.6, -0.8], rtol=1e-6)
    np.testing.assert_allclose(b.numpy(), [-0.5], rtol=1e-6)


def test_global_clipnorm_scales_all_gradients_together():
    optimizer = optimizers.SGD(learning_rate=1.0, global_clipnorm=1.0)
    a, b = keras.Variable(np.zeros(1, "float32")), keras.Variable(np.zeros(1, "float32"))
    optimizer.apply([np.array([3.0], "float32"), np.array([4.0], "float32")], [a, b])
    np.testing.assert_allclose([a.numpy()[0], b.numpy()[0]], [-0.6, -0.8], rtol=1e-6)


@pytest.mark.parametrize("name", NEW_OPTIMIZERS)
def test_new_optimizers_train_a_model(name):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    learning_rate = 1.0 if name == "adadelta" else 0.05
    model.compile(optimizer=optimizers.get({"class_name": name,
                                            "config": {"learning_rate": learning_rate}}), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
    losses = history.history["loss"]
    # Adadelta's steps start tiny (its step-size estimate starts at sqrt(epsilon)).
    target = 0.9 if name == "adadelta" else 0.5
    assert losses[-1] < target * losses[0], f"{name} did not reduce the loss: {losses}"
