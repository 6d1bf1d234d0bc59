"""Step plans: replayed steps give bit-identical results to the ordinary path, and fall back visibly.

Each test trains (or evaluates, predicts) the same model twice from the same
seed: once with step plans, once with ``run_eagerly=True`` (the ordinary
path), then compares every weight, every log and every prediction bit for bit.
"""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from nbkeras.models import step_plan_fused

RNG = np.random.default_rng(7)
X_FLAT = RNG.normal(size=(70, 12)).astype("float32")  # 70 = 4 batches of 16 and one of 6
X_IMAGE = RNG.normal(size=(70, 8, 8, 2)).astype("float32")
X_TOKENS = RNG.integers(1, 20, size=(70, 6))
X_SEQUENCE = RNG.normal(size=(70, 5, 3)).astype("float32")
Y_CLASS = RNG.integers(0, 3, size=70)


@pytest.fixture(autouse=True)
def _fuse_every_variable(monkeypatch):
    """Small test models: every variable is updated inside backward, as large ones are."""
    monkeypatch.setattr(step_plan_fused, "FUSE_FROM_SIZE", 0)


def _train(build, x, y, run_eagerly, optimizer="adam", loss="sparse_categorical_crossentropy",
           epochs=2, **fit_kwargs):
    keras.utils.set_random_seed(3)
    model = build()
    model.compile(optimizer=optimizer() if callable(optimizer) else optimizer, loss=loss,
                  metrics=["accuracy"] if loss == "sparse_categorical_crossentropy" else None,
                  run_eagerly=run_eagerly)
    history = model.fit(x, y, batch_size=16, epochs=epochs, verbose=0, **fit_kwargs)
    return model, history.history


def _assert_same_training(build, x, y, expect="replayed", **kwargs):
    planned, planned_logs = _train(build, x, y, False, **kwargs)
    ordinary, ordinary_logs = _train(build, x, y, True, **kwargs)
    assert planned.step_plan.paths["fit"][0] == expect, planned.step_plan
    assert planned_logs == ordinary_logs
    for a, b in zip(planned.get_weights(), ordinary.get_weights()):
        np.testing.assert_array_equal(a, b)
    if planned.optimizer.built:
        for a, b in zip(planned.optimizer.variables, ordinary.optimizer.variables):
            np.testing.assert_array_equal(a, b)
    return planned, ordinary


def _mlp():
    return keras.Sequential([keras.Input((12,)), layers.Dense(8, activation="relu"),
                             layers.Dense(6, activation="tanh"), layers.Activation("gelu"),
                             layers.LeakyReLU(), layers.Dense(3, activation="softmax")])


def _cnn():
    return keras.Sequential([keras.Input((8, 8, 2)), layers.Conv2D(4, 3, activation="relu"),
                             layers.MaxPooling2D(), layers.Conv2D(4, 2, padding="same"),
                             layers.AveragePooling2D(2), layers.Flatten(),
                             layers.Dense(3, activation="softmax")])


def _recurrent(kind):
    def build():
        return keras.Sequential([keras.Input((6,)), layers.Embedding(20, 4),
                                 getattr(layers, kind)(5), layers.Dense(3, activation="softmax")])
    return build


def _bidirectional():
    return keras.Sequential([keras.Input((5, 3)), layers.Bidirectional(layers.LSTM(4)),
                             layers.Dense(3, activation="softmax")])


def _merging():
    inputs = keras.Input((12,))
    a = layers.Dense(5, activation="relu")(inputs)
    b = layers.Dense(5)(inputs)
    merged = layers.Concatenate()([layers.Add()([a, b]), layers.Multiply()([a, b]),
                                   layers.Subtract()([a, b]), layers.Average()([a, b]),
                                   layers.Maximum()([a, b])])
    return keras.Model(inputs, layers.Dense(3, activation="softmax")(merged))


def _regularized():
    return keras.Sequential([keras.Input((8, 8, 2)), layers.Conv2D(4, 3),
                             layers.BatchNormalization(), layers.Activation("relu"),
                             layers.SpatialDropout2D(0.3), layers.Flatten(),
                             layers.GaussianNoise(0.1), layers.Dropout(0.4, seed=5),
                             layers.Dense(6), layers.BatchNormalization(momentum=0.5),
                             layers.GaussianDropout(0.2), layers.Dropout(0.3),
                             layers.Dense(3, activation="softmax")])


def _penalized():
    return keras.Sequential([keras.Input((12,)),
                             layers.Dense(8, activation="relu", kernel_regularizer="l2",
                                          activity_regularizer="l1", bias_constraint="non_neg"),
                             layers.ActivityRegularization(l2=0.01), layers.LayerNormalization(),
                             layers.Dense(3, activation="softmax", kernel_constraint="max_norm")])


def _normalized():
    return keras.Sequential([keras.Input((12,)), layers.Normalization(mean=0.5, variance=2.0),
                             layers.Rescaling(0.5, offset=0.1),
                             layers.Dense(3, activation="softmax")])


@pytest.mark.parametrize("build, x", [
    (_mlp, X_FLAT), (_cnn, X_IMAGE), (_recurrent("LSTM"), X_TOKENS),
    (_recurrent("GRU"), X_TOKENS), (_recurrent("SimpleRNN"), X_TOKENS),
    (_bidirectional, X_SEQUENCE), (_merging, X_FLAT), (_normalized, X_FLAT),
    (_regularized, X_IMAGE), (_penalized, X_FLAT),
], ids=["dense-activations", "conv-pooling", "embedding-lstm", "gru", "simple_rnn",
        "bidirectional", "merging", "normalization", "batchnorm-dropout-noise",
        "regularizers-constraints"])
def test_replayed_training_is_bit_identical(build, x):
    _assert_same_training(build, x, Y_CLASS)


@pytest.mark.parametrize("optimizer", [
    "sgd", lambda: keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True), "rmsprop",
    lambda: keras.optimizers.RMSprop(momentum=0.5, centered=True), "adam",
    lambda: keras.optimizers.Adam(amsgrad=True), "adamw", "adagrad", "adadelta", "adamax",
    "nadam", "lion", lambda: keras.optimizers.Adam(clipnorm=0.1),
    lambda: keras.optimizers.SGD(clipvalue=0.01), lambda: keras.optimizers.SGD(global_clipnorm=0.1),
    lambda: keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.01, 3, 0.5)),
], ids=["sgd", "sgd-nesterov", "rmsprop", "rmsprop-centered", "adam", "amsgrad", "adamw",
        "adagrad", "adadelta", "adamax", "nadam", "lion", "clipnorm", "clipvalue",
        "global_clipnorm", "schedule"])
def test_every_optimizer_trains_bit_identically_on_a_plan(optimizer):
    _assert_same_training(_mlp, X_FLAT, Y_CLASS, optimizer=optimizer, epochs=3)


def test_sample_weights_class_weights_and_multiple_outputs_replay_bit_identically():
    def two_heads():
        inputs = keras.Input((12,))
        hidden = layers.Dense(6, activation="relu")(inputs)
        return keras.Model(inputs, [layers.Dense(1, name="a")(hidden),
                                    layers.Dense(3, activation="softmax", name="b")(hidden)])

    weights = RNG.uniform(size=70).astype("float32")
    _assert_same_training(_mlp, X_FLAT, Y_CLASS, sample_weight=weights)
    _assert_same_training(_mlp, X_FLAT, Y_CLASS, class_weight={0: 1.0, 1: 2.0, 2: 0.5})
    targets = {"a": RNG.normal(size=(70, 1)).astype("float32"), "b": Y_CLASS}
    _assert_same_training(two_heads, X_FLAT, targets,
                          loss={"a": "mse", "b": "sparse_categorical_crossentropy"})


def test_evaluate_and_predict_replay_bit_identically():
    planned, ordinary = _assert_same_training(_regularized, X_IMAGE, Y_CLASS)
    big = np.concatenate([X_IMAGE] * 3)
    labels = np.concatenate([Y_CLASS] * 3)
    assert planned.evaluate(big, labels, batch_size=16, verbose=0) == \
        ordinary.evaluate(big, labels, batch_size=16, verbose=0)
    np.testing.assert_array_equal(planned.predict(big, batch_size=16, verbose=0),
                                  ordinary.predict(big, batch_size=16, verbose=0))
    assert planned.step_plan.paths["evaluate"][0] == "replayed"
    assert planned.step_plan.paths["predict"][0] == "replayed"
    assert planned.step_plan.steps["predict"] == {"recorded": 3, "replayed": 11}
    assert ordinary.step_plan.paths["predict"][0] == "ordinary"


class _Scale(layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


class _ReplaySafeScale(_Scale):
    replay_safe = True


class _CustomStep(keras.Model):
    def train_step(self, data):
        return super().train_step(data)


@pytest.mark.parametrize("build, reason", [
    (lambda: keras.Sequential([keras.Input((12,)), _Scale(), layers.Dense(3)]),
     "is user code whose call may depend on the data"),
    (lambda: keras.Sequential([keras.Input((12,)), layers.Lambda(lambda t: t * 2.0),
                               layers.Dense(3)]), "(Lambda) runs a Python function"),
    (lambda: keras.Sequential([keras.Input((12,)), layers.AlphaDropout(0.1), layers.Dense(3)]),
     "draws its mask in Python while training"),
    (lambda: keras.Sequential([keras.Input((6,)), layers.Embedding(20, 4, mask_zero=True),
                               layers.LSTM(3), layers.Dense(3)]),
     "computes its mask in Python"),
    (lambda: keras.Sequential([keras.Input((6,)), layers.Embedding(20, 4),
                               layers.LSTM(3, recurrent_dropout=0.2), layers.Dense(3)]),
     "draws its recurrent_dropout masks in Python while training"),
    (lambda: keras.Sequential([keras.Input((12,)), layers.Reshape((3, 4)),
                               layers.Softmax(axis=(1, 2)), layers.Flatten(), layers.Dense(3)]),
     "is computed from the data outside ops"),
], ids=["user-layer", "lambda", "noise", "mask", "rnn-dropout", "value-from-numpy"])
def test_unsafe_models_fall_back_visibly_and_train_identically(build, reason):
    x = X_TOKENS if "Embedding" in repr(build().layers) else X_FLAT
    planned, _ = _assert_same_training(build, x, Y_CLASS, expect="ordinary")
    assert reason in planned.step_plan.paths["fit"][1]
    assert reason in repr(planned.step_plan)


def test_a_layer_declared_replay_safe_is_replayed():
    build = lambda: keras.Sequential([keras.Input((12,)), _ReplaySafeScale(), layers.Dense(3)])  # noqa: E731
    _assert_same_training(build, X_FLAT, Y_CLASS)


def test_an_overridden_train_step_and_run_eagerly_fall_back():
    def build():
        inputs = keras.Input((12,))
        return _CustomStep(inputs, layers.Dense(3, activation="softmax")(inputs))

    planned, _ = _assert_same_training(build, X_FLAT, Y_CLASS, expect="ordinary")
    assert "train_step is overridden" in planned.step_plan.paths["fit"][1]
    model = _mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    model.run_eagerly = True
    model.fit(X_FLAT, Y_CLASS, epochs=2, batch_size=16, verbose=0)
    assert model.step_plan.paths["fit"] == ("ordinary", "run_eagerly=True asks for the ordinary path")


def test_the_plan_is_dropped_when_trainability_changes():
    planned, ordinary = _assert_same_training(_mlp, X_FLAT, Y_CLASS)
    for model in (planned, ordinary):
        keras.utils.set_random_seed(5)  # the same shuffles
        model.layers[0].trainable = False
        model.compile("adam", "sparse_categorical_crossentropy", run_eagerly=model is ordinary)
        model.fit(X_FLAT, Y_CLASS, epochs=2, batch_size=16, verbose=0)
    assert planned.step_plan.paths["fit"][0] == "replayed"
    for a, b in zip(planned.get_weights(), ordinary.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_step_plan_prints_what_runs():
    model = _mlp()
    assert "nothing run yet" in repr(model.step_plan)
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(X_FLAT[:64], Y_CLASS[:64], epochs=1, batch_size=16, verbose=0)
    assert repr(model.step_plan) == (
        "step plan (fit): replayed, 7 ops forward, 7 backward, 4 updates fused into backward "
        "[steps: 2 recorded, 2 replayed]")


def test_the_optimizer_update_is_fused_into_backward_unless_global_clipnorm():
    planned, _ = _assert_same_training(_mlp, X_FLAT, Y_CLASS)
    assert "4 updates fused into backward" in planned.step_plan.paths["fit"][1]
    clipped, _ = _assert_same_training(
        _mlp, X_FLAT, Y_CLASS, optimizer=lambda: keras.optimizers.SGD(global_clipnorm=0.1))
    assert "1 optimizer update after backward (global_clipnorm needs every gradient" in \
        clipped.step_plan.paths["fit"][1]


def test_only_large_variables_are_updated_inside_backward(monkeypatch):
    # The 8x6 kernel: the larger 12x8 one is read by the first op, whose backward ends the walk.
    monkeypatch.setattr(step_plan_fused, "FUSE_FROM_SIZE", 40)
    planned, _ = _assert_same_training(_mlp, X_FLAT, Y_CLASS)
    assert "1 updates fused into backward" in planned.step_plan.paths["fit"][1]
    monkeypatch.setattr(step_plan_fused, "FUSE_FROM_SIZE", 10 ** 6)
    planned, _ = _assert_same_training(_mlp, X_FLAT, Y_CLASS)
    assert planned.step_plan.paths["fit"][1].endswith("1 optimizer update after backward")


def test_weights_loaded_between_calls_are_seen_by_a_new_plan():
    """Normalization derives its constants from its weights in Python: a new call records anew."""
    def build():
        normalization = layers.Normalization()
        normalization.adapt(X_FLAT)
        return keras.Sequential([keras.Input((12,)), normalization,
                                 layers.Dense(3, activation="softmax")])

    planned, ordinary = _assert_same_training(build, X_FLAT, Y_CLASS)
    for model in (planned, ordinary):
        model.predict(X_FLAT, batch_size=16, verbose=0)
        mean, variance, *rest = model.get_weights()
        model.set_weights([mean + 0.5, variance * 2.0, *rest])
    np.testing.assert_array_equal(planned.predict(X_FLAT, batch_size=16, verbose=0),
                                  ordinary.predict(X_FLAT, batch_size=16, verbose=0))


class _SharedWeight(layers.Layer):
    """Uses its kernel twice: once through stop_gradient (a view), once as a weight."""

    replay_safe = True

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], input_shape[-1]))

    def call(self, inputs):
        frozen = keras.ops.matmul(inputs, keras.ops.stop_gradient(self.kernel))
        return keras.ops.tanh(keras.ops.matmul(frozen, self.kernel))


def test_a_weight_read_through_a_view_is_updated_after_backward():
    """Updated early, the kernel would change under the backward of the first product."""
    def build():
        return keras.Sequential([keras.Input((12,)), layers.Dense(6), _SharedWeight(),
                                 layers.Dense(3, activation="softmax")])

    planned, _ = _assert_same_training(build, X_FLAT, Y_CLASS)
    assert "reads a view of a weight" in planned.step_plan.paths["fit"][1]


def test_checks_routed_through_host_calls_run_at_every_replayed_step():
    build = _recurrent("GRU")
    tokens = X_TOKENS.astype("float32")
    _assert_same_training(build, tokens, Y_CLASS)
    tokens[60, 2] = 1.5  # in the fourth batch: steps 1-2 are recorded, 3-4 replayed
    model = build()
    model.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="expects integer token indices"):
        model.fit(tokens, Y_CLASS, batch_size=16, epochs=1, verbose=0, shuffle=False)
    assert model.step_plan.steps["fit"] == {"recorded": 2, "replayed": 2}


def _with_dropout():
    return keras.Sequential([keras.Input((12,)), layers.Dense(8, activation="relu"), layers.Dropout(0.3),
                             layers.Dense(3, activation="softmax")])


def _fit_again(planned, ordinary, change=lambda model: None):
    for model in (planned, ordinary):
        change(model)
        keras.utils.set_random_seed(5)  # the same shuffles and masks
        model.fit(X_FLAT, Y_CLASS, epochs=2, batch_size=16, verbose=0)
    for a, b in zip(planned.get_weights(), ordinary.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_plans_are_kept_from_call_to_call():
    planned, ordinary = _assert_same_training(_with_dropout, X_FLAT, Y_CLASS)
    _fit_again(planned, ordinary)
    assert planned.step_plan.steps["fit"] == {"replayed": 10}  # 2 epochs of 5 batches, none recorded
    assert planned.step_plan.paths["fit"][0] == "replayed"
    np.testing.assert_array_equal(planned.predict(X_FLAT, verbose=0), ordinary.predict(X_FLAT, verbose=0))
    planned.predict(X_FLAT, verbose=0)  # batches of 32, 32, 6: the last shape's second recording
    assert planned.step_plan.steps["predict"] == {"recorded": 1, "replayed": 2}


def _set_rate(model):
    model.layers[1].rate = 0.6


@pytest.mark.parametrize("change", [_set_rate, lambda model: keras.config.set_epsilon(1e-3)],
                         ids=["a layer attribute", "a setting"])
def test_a_change_between_calls_records_the_steps_anew(change):
    planned, ordinary = _assert_same_training(_with_dropout, X_FLAT, Y_CLASS)
    try:
        _fit_again(planned, ordinary, change)
    finally:
        keras.config.reset()
    assert planned.step_plan.steps["fit"] == {"recorded": 4, "replayed": 6}  # as in a first call


def test_plans_reading_values_computed_in_python_are_recorded_at_each_call():
    def build():
        normalization = layers.Normalization()
        normalization.adapt(X_FLAT)
        return keras.Sequential([keras.Input((12,)), normalization, layers.Dense(3, activation="softmax")])

    model = build()
    model.compile("adam", "sparse_categorical_crossentropy")
    for _ in range(2):
        model.predict(X_FLAT, batch_size=16, verbose=0)
        assert model.step_plan.steps["predict"] == {"recorded": 3, "replayed": 2}
