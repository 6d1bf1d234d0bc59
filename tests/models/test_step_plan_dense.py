"""The compiled step of a Dense chain (models/step_plan_dense.py): the ordinary path's bits.

Each test trains the same model from the same seed with step plans (the compiled
Dense step after the recorded steps) and with ``run_eagerly=True`` (every step on
the ordinary path), then compares every weight, optimizer slot and logged loss bit
for bit, and checks from ``model.step_plan`` that the compiled step really ran.
"""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from nbkeras.models import step_plan_dense
from nbkeras.ops import two_cores
from nbkeras.ops.nn import dense_chain

pytestmark = pytest.mark.skipif(dense_chain.numpy_blas() is None,
                                reason="NumPy's BLAS is not an OpenBLAS nbkeras can call")
COMPILED = "as one compiled step"


@pytest.fixture(scope="module", autouse=True)
def _compiled_steps():
    """Training only loads the compiled steps from the cache: compile them as warmup does."""
    dense_chain.compile_steps()


def _train(build, x, y, run_eagerly, loss, optimizer, batch_size, metrics, epochs=3):
    keras.utils.set_random_seed(11)
    model = build()
    model.compile(optimizer=optimizer(), loss=loss, metrics=metrics, run_eagerly=run_eagerly)
    history = model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0)
    return model, history.history


def _assert_same(build, x, y, loss="mse", optimizer=lambda: keras.optimizers.Adam(1e-2), batch_size=16,
                 compiled=True, metrics=None):
    planned, planned_logs = _train(build, x, y, False, loss, optimizer, batch_size, metrics)
    ordinary, ordinary_logs = _train(build, x, y, True, loss, optimizer, batch_size, metrics)
    assert (COMPILED in repr(planned.step_plan)) == compiled, planned.step_plan
    assert planned.step_plan.steps["fit"].get("replayed", 0) > 0
    assert planned_logs == ordinary_logs
    for a, b in zip(planned.get_weights() + planned.optimizer.variables[2:],
                    ordinary.get_weights() + ordinary.optimizer.variables[2:]):
        assert a.tobytes() == b.tobytes()
    np.testing.assert_array_equal(planned.predict(x, verbose=0), ordinary.predict(x, verbose=0))
    return planned


def _chain(inputs, *units_and_activations, use_bias=True):
    def build():
        return keras.Sequential([keras.Input((inputs,))] + [
            layers.Dense(units, activation=activation, use_bias=use_bias)
            for units, activation in units_and_activations])
    return build


RNG = np.random.default_rng(3)


def _data(samples, inputs, outputs, kind="regression"):
    x = RNG.normal(size=(samples, inputs)).astype("float32")
    if kind == "onehot":
        y = np.eye(outputs, dtype="float32")[RNG.integers(0, outputs, samples)]
    elif kind == "binary":
        y = RNG.integers(0, 2, size=(samples, outputs)).astype("float32")
    else:
        y = RNG.normal(size=(samples, outputs)).astype("float32")
    return x, y


def test_the_tiny_regression_of_w5():
    """1 -> 2 -> 1: NumPy's plain loop, gemv and dot products; a last batch of 8."""
    x, y = _data(72, 1, 1)
    _assert_same(_chain(1, (2, "relu"), (1, None)), x, y, optimizer=lambda: keras.optimizers.SGD(0.01),
                 batch_size=32)


def test_a_single_unit_on_a_single_input_and_a_last_batch_of_one():
    x, y = _data(33, 1, 1)
    _assert_same(_chain(1, (1, None)), x, y, optimizer=lambda: keras.optimizers.SGD(0.05), batch_size=16)


@pytest.mark.parametrize("loss, kind, last", [
    ("mse", "regression", None), ("mae", "regression", "tanh"),
    ("categorical_crossentropy", "onehot", "softmax"),
    (keras.losses.CategoricalCrossentropy(from_logits=True), "onehot", None),
    ("binary_crossentropy", "binary", "sigmoid"),
    (keras.losses.BinaryCrossentropy(from_logits=True), "binary", None)])
def test_every_loss_of_the_compiled_step(loss, kind, last):
    x, y = _data(70, 12, 3, kind)
    _assert_same(_chain(12, (8, "relu"), (6, "tanh"), (5, "sigmoid"), (3, last)), x, y, loss=loss)


@pytest.mark.parametrize("loss, kind, last, metric", [
    ("categorical_crossentropy", "onehot", "softmax", "accuracy"),
    (keras.losses.CategoricalCrossentropy(from_logits=True), "onehot", None, "categorical_accuracy"),
    ("binary_crossentropy", "binary", "sigmoid", "accuracy"),
    (keras.losses.BinaryCrossentropy(from_logits=True), "binary", None, "binary_accuracy")])
def test_a_crossentropy_and_its_accuracy_in_one_step(loss, kind, last, metric):
    """The accuracy of every sample comes from the step's loss kernel, as from the loss op."""
    x, y = _data(70, 12, 3, kind)
    model = _assert_same(_chain(12, (8, "relu"), (3, last)), x, y, loss=loss, metrics=[metric])
    assert [name for name in model.history.history if "accuracy" in name]


def test_layers_without_bias_and_a_long_inner_axis():
    """400 inputs: fixed_order's K blocks, NumPy's products in each."""
    x, y = _data(40, 400, 4, "onehot")
    _assert_same(_chain(400, (9, "linear"), (4, "softmax"), use_bias=False), x, y,
                 loss="categorical_crossentropy")


@pytest.mark.parametrize("worker", [True, False], ids=["worker", "halves in turn"])
def test_products_on_two_cores_give_the_same_bits(worker, monkeypatch):
    """W1's shapes: the forward product and the kernel gradient split in two row halves, on
    the worker or (no worker free: one CPU, busy CPUs, another thread using it) in turn."""
    if not worker:
        monkeypatch.setattr(two_cores, "free_worker", lambda wake=True: None)
    x, y = _data(160, 784, 10, "onehot")
    model = _assert_same(_chain(784, (128, "relu"), (10, "softmax")), x, y,
                         loss="categorical_crossentropy", batch_size=32)
    layout = next(plan.dense for plan in model._step_plans._plans.values()
                  if getattr(plan, "dense", None) is not None and plan.dense.reason is None)._layout
    assert layout[0, 5] and layout[0, 7]  # the first layer's forward and kernel gradient split


@pytest.mark.parametrize("build, compile_kwargs, fit_kwargs, reason", [
    (_chain(12, (8, "relu"), (3, "softmax")), {"loss": "sparse_categorical_crossentropy"}, {"sparse": True},
     "the loss has no compiled step"),
    (lambda: keras.Sequential([keras.Input((12,)), layers.Dense(8), layers.LayerNormalization(),
                               layers.Dense(3, activation="softmax")]), {}, {}, "followed by Reshape, GroupNormOp"),
    (_chain(12, (8, "gelu"), (3, "softmax")), {}, {}, "followed by ActivationOp, DenseOp"),
    (_chain(12, (8, "relu"), (3, "softmax")), {}, {"sample_weight": np.linspace(0.5, 1.5, 70)},
     "followed by LossKernelOp, Multiply"),
])
def test_other_steps_replay_their_ops(build, compile_kwargs, fit_kwargs, reason):
    x, y = _data(70, 12, 3, "onehot")
    if fit_kwargs.pop("sparse", False):
        y = y.argmax(axis=1)
    keras.utils.set_random_seed(1)
    model = build()
    model.compile(optimizer="adam", **{"loss": "categorical_crossentropy", **compile_kwargs})
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, **fit_kwargs)
    assert model.step_plan.paths["fit"][0] == "replayed"
    assert COMPILED not in repr(model.step_plan)
    plan = next(plan for plan in model._step_plans._plans.values() if getattr(plan, "dense", None))
    assert reason in plan.dense.reason


def test_a_frozen_layer_replays_the_ops():
    x, y = _data(70, 12, 3)

    def build():
        model = _chain(12, (8, "relu"), (3, None))()
        model.layers[0].trainable = False
        return model

    _assert_same(build, x, y, compiled=False)


def test_without_the_compiled_kernel_the_plan_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(dense_chain, "_loaded", {})
    monkeypatch.setattr(dense_chain, "_load", lambda loss, arguments: False)
    x, y = _data(70, 12, 3)
    model = _assert_same(_chain(12, (8, "relu"), (3, None)), x, y, compiled=False)
    assert "python -m nbkeras warmup" in repr(model.step_plan)
    assert step_plan_dense.NOT_COMPILED in repr(model.step_plan)


def test_info_counts_the_compiled_steps_in_the_cache(monkeypatch):
    steps = len(dense_chain.loss_names()) + sum(map(dense_chain.with_accuracy, range(len(dense_chain.loss_names()))))
    assert steps == 10  # six losses, the four crossentropies also with their accuracy
    assert dense_chain.cached_steps() == (steps, steps)  # compiled by the module's fixture
    monkeypatch.setattr(dense_chain, "_loaded", {})
    monkeypatch.setattr(dense_chain, "_load", lambda step, arguments: False)
    assert dense_chain.cached_steps() == (0, steps)


@pytest.mark.parametrize("optimizer", [
    lambda: keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    lambda: keras.optimizers.RMSprop(momentum=0.5, centered=True), lambda: keras.optimizers.Adam(amsgrad=True),
    keras.optimizers.AdamW, keras.optimizers.Adagrad, keras.optimizers.Adadelta, keras.optimizers.Adamax,
    keras.optimizers.Nadam, keras.optimizers.Lion, lambda: keras.optimizers.Adam(clipnorm=0.1),
    lambda: keras.optimizers.SGD(clipvalue=0.01), lambda: keras.optimizers.SGD(global_clipnorm=0.1),
    lambda: keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.01, 3, 0.5)),
], ids=["sgd-nesterov", "rmsprop-centered", "amsgrad", "adamw", "adagrad", "adadelta", "adamax", "nadam",
        "lion", "clipnorm", "clipvalue", "global_clipnorm", "schedule"])
def test_every_optimizer_after_the_compiled_step(optimizer):
    """The compiled step leaves the gradients; the optimizer's own step updates, as after the ops."""
    x, y = _data(70, 12, 3, "onehot")
    _assert_same(_chain(12, (8, "relu"), (3, "softmax")), x, y, loss="categorical_crossentropy",
                 optimizer=optimizer)


def test_evaluate_and_predict_in_one_compiled_call():
    x, y = _data(160, 12, 3, "onehot")
    planned = _assert_same(_chain(12, (8, "relu"), (3, "softmax")), x, y, loss="categorical_crossentropy",
                           metrics=["accuracy"])
    ordinary = _train(_chain(12, (8, "relu"), (3, "softmax")), x, y, True, "categorical_crossentropy",
                      lambda: keras.optimizers.Adam(1e-2), 16, ["accuracy"])[0]
    for _ in range(2):  # the second calls replay the plans recorded by the first
        predicted = planned.predict(x, batch_size=16, verbose=0)
        evaluated = planned.evaluate(x, y, batch_size=16, verbose=0, return_dict=True)
    report = repr(planned.step_plan)
    assert "step plan (evaluate): replayed, 4 ops forward as one compiled call of 2 Dense layers" in report
    assert "step plan (predict): replayed, 2 ops forward as one compiled call of 2 Dense layers" in report
    assert predicted.tobytes() == ordinary.predict(x, batch_size=16, verbose=0).tobytes()
    assert evaluated == ordinary.evaluate(x, y, batch_size=16, verbose=0, return_dict=True)
