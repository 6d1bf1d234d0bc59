"""Subclassed models and layers: tracking, add_weight options, the training flag, freezing."""

import json
import re
from pathlib import Path

import numpy as np

import nbkeras as keras
from nbkeras import layers

# What Keras 3.15.1 gives for the same programs (tools/capture_golden_fidelity.py, subclassing()).
KERAS = json.loads((Path(__file__).parents[1] / "golden" / "fidelity.json").read_text())["subclassing"]


class Blocks(keras.Model):
    def __init__(self):
        super().__init__(name="blocks")
        self.first = layers.Dense(4, activation="relu", name="first")
        self.stack = [layers.Dense(4, name=f"stack_{i}") for i in range(2)]
        self.heads = {"out": layers.Dense(1, name="out")}

    def call(self, x, training=False):
        x = self.first(x)
        for layer in self.stack:
            x = layer(x)
        return self.heads["out"](x)


def test_layers_in_attributes_lists_and_dicts_are_tracked_in_order():
    model = Blocks()
    model(np.ones((2, 3), "float32"))
    assert [layer.name for layer in model.layers] == KERAS["blocks_layer_names"]
    assert [list(w.shape) for w in model.weights] == KERAS["blocks_weight_shapes"]
    assert model.count_params() == KERAS["blocks_count_params"]


class Weighted(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w",
                                 regularizer=keras.regularizers.L2(0.5),
                                 constraint=keras.constraints.NonNeg())
        self.frozen = self.add_weight(shape=(), initializer="zeros", name="frozen", trainable=False)

    def call(self, x):
        return x * self.w + self.frozen


def test_add_weight_regularizer_constraint_and_trainable():
    layer = Weighted()
    model = keras.Sequential([keras.Input((2,)), layer])
    assert [w.name for w in layer.trainable_weights] == ["w"]
    assert [w.name for w in layer.non_trainable_weights] == ["frozen"]
    np.testing.assert_allclose(float(model.losses[0].numpy()), 0.5 * 2.0)  # L2: 0.5 * sum(w**2)
    model.compile(keras.optimizers.SGD(1.0), "mse")
    # A target far below pushes w negative; the constraint clips it back to zero.
    model.fit(np.ones((4, 2)), -10 * np.ones((4, 2)), epochs=1, batch_size=4, verbose=0)
    assert np.all(layer.w.numpy() >= 0)
    assert float(layer.frozen.numpy()) == 0.0


class RecordsTraining(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, x, training=False):
        self.seen.append(training)
        return x


def test_training_flag_is_true_in_fit_and_false_in_evaluate_and_predict():
    probe = RecordsTraining()
    model = keras.Sequential([keras.Input((2,)), probe, layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.ones((4, 2)), np.ones((4, 1))
    model.fit(x, y, batch_size=4, verbose=0)
    assert probe.seen[-1] is True
    model.evaluate(x, y, verbose=0)
    assert probe.seen[-1] is False
    model.predict(x, verbose=0)
    assert probe.seen[-1] is False


def test_compute_output_shape_drives_symbolic_calls():
    class Pairs(keras.layers.Layer):
        def call(self, x):
            return keras.ops.reshape(x, (-1, x.shape[-1] // 2, 2))

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[-1] // 2, 2)

    out = Pairs()(keras.Input((6,)))
    assert out.shape == (None, 3, 2)


def test_freezing_a_layer_and_a_model():
    model = Blocks()
    model(np.ones((2, 3), "float32"))
    model.first.trainable = False
    before = model.first.get_weights()
    model.compile(keras.optimizers.SGD(0.1), "mse")
    model.fit(np.ones((8, 3)), np.zeros((8, 1)), verbose=0)
    for old, new in zip(before, model.first.get_weights()):
        np.testing.assert_array_equal(old, new)
    assert _footer(model) == KERAS["blocks_first_frozen_footer"]

    model.trainable = False
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 8


def test_the_issue_mlp_and_scale_train():
    class MLP(keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = layers.Dense(5, activation="relu")
            self.d2 = layers.Dense(2)

        def call(self, x, training=False):
            return self.d2(self.d1(x))

    class Scale(keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

        def call(self, x):
            return x * self.w

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype("float32")
    y = np.stack([x[:, 0] - x[:, 1], 2 * x[:, 2]], axis=1)
    for model in (MLP(), keras.Sequential([keras.Input((3,)), Scale(), layers.Dense(2)])):
        model.compile(keras.optimizers.Adam(0.05), "mse")
        history = model.fit(x, y, epochs=20, verbose=0)
        assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


class MixedWeights(keras.layers.Layer):
    def build(self, input_shape):
        self.a = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="a")
        self.f = self.add_weight(shape=(), initializer="zeros", name="f", trainable=False)
        self.b = self.add_weight(shape=(), initializer="zeros", name="b")

    def call(self, x):
        return x * self.a + self.f + self.b


class Net(keras.Model):
    def __init__(self):
        super().__init__(name="net")
        self.d = layers.Dense(2, name="d")
        self.mixed = MixedWeights(name="mixed")
        self.last = [layers.Dense(1, name="last")]

    def call(self, x, training=False):
        return self.last[0](self.mixed(self.d(x)))


def test_deferred_build_on_first_call():
    model = Net()
    assert not model.built and not model.d.built and model.weights == []
    model(np.ones((2, 3), "float32"))
    assert model.built and model.d.built and model.d.kernel.shape == (3, 2)


def test_weights_order_matches_keras():
    # Keras: layer by layer in tracking order; inside a layer, trainable first.
    model = Net()
    model(np.ones((2, 3), "float32"))
    assert [w.name for w in model.weights] == KERAS["net_weight_names"]
    assert [w.name for w in model.non_trainable_weights] == KERAS["net_non_trainable_names"]
    assert [list(w.shape) for w in model.get_weights()] == KERAS["net_weight_shapes"]


def test_regularizer_of_a_nested_layer_reaches_model_losses():
    class Penalized(keras.layers.Layer):
        def build(self, input_shape):
            self.k = self.add_weight(shape=(input_shape[-1], 2), initializer="ones",
                                     regularizer=keras.regularizers.L1(0.1))

        def call(self, x):
            return keras.ops.matmul(x, self.k)

    class Outer(keras.Model):
        def __init__(self):
            super().__init__()
            self.inner = Penalized()

        def call(self, x):
            return self.inner(x)

    model = Outer()
    model(np.ones((1, 3), "float32"))
    assert len(model.losses) == 1
    np.testing.assert_allclose(float(np.asarray(model.losses[0])), 0.1 * 6)


def test_subclassed_call_gets_training_true_in_fit_false_elsewhere_never_none():
    class Records(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)
            self.seen = []

        def call(self, x, training=None):
            self.seen.append(training)
            return self.dense(x)

    model = Records()
    model.compile("sgd", "mse")
    x, y = np.ones((4, 3)), np.ones((4, 1))
    model.fit(x, y, batch_size=4, verbose=0)
    assert set(model.seen) == {False, True}  # False: the building pass, as in Keras
    model.seen.clear()
    model.predict(x, verbose=0)
    model.evaluate(x, y, verbose=0)
    assert set(model.seen) == {False}


def _footer(model):
    lines = []
    model.summary(print_fn=lines.append)
    return [line for line in "".join(lines).splitlines() if "params:" in line]


def test_freezing_a_whole_model_keeps_its_weights_and_shows_in_the_summary():
    model = Net()
    model(np.ones((2, 3), "float32"))
    model.d.trainable = False
    assert _footer(model) == KERAS["net_d_frozen_footer"]
    model.trainable = False
    assert _footer(model) == KERAS["net_frozen_footer"]
    assert not model.mixed.trainable and model.trainable_weights == []
    before = model.get_weights()
    model.compile(keras.optimizers.SGD(0.5), "mse")
    model.fit(np.ones((8, 3)), np.full((8, 1), 5.0), verbose=0)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
    model.trainable = True
    assert model.d.trainable and len(model.trainable_weights) == 6


def test_subclassed_summary_shows_the_first_batch_size_like_keras():
    class MLP(keras.Model):
        def __init__(self):
            super().__init__(name="mlp")
            self.d1 = layers.Dense(5, activation="relu")
            self.d2 = layers.Dense(2)

        def call(self, x, training=False):
            return self.d2(self.d1(x))

    model = MLP()
    model.compile("sgd", "mse")
    model.fit(np.ones((64, 3)), np.ones((64, 2)), batch_size=32, verbose=0)
    lines = []
    model.summary(print_fn=lines.append)
    shapes = re.findall(r"\((?:None|\d+)(?:, (?:None|\d+))*\)", "\n".join(lines))
    assert shapes == KERAS["mlp_summary_shapes"]
