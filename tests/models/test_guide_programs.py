"""The Keras 3 guide programs run unchanged (import aside) and give Keras's numbers.

Programs: "Customizing what happens in fit()" (train_step with compute_loss and
self.metrics, custom Mean trackers and a metrics property, sample weights,
test_step, compute_loss, predict_step), the functional API's endpoint layer
(add_loss, compile without loss, a layer called on two tensors, dict data),
add_loss in a layer, "Writing a training loop from scratch", "Writing your
own callbacks" (the logs each hook receives) and the EarlyStopping and
LearningRateScheduler docstring examples (with ``shuffle=False`` and
``batch_size=1``: see the tests). The TensorFlow guide's
``tf.GradientTape`` is nbkeras's ``keras.GradientTape``. Golden values:
tests/golden/guides.npz from tools/capture_golden_guides.py (the guides'
PyTorch versions in Keras 3.15.1, the same starting weights and data).
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops

GOLDEN_DIR = Path(__file__).parents[1] / "golden"
GOLDEN = np.load(GOLDEN_DIR / "guides.npz", allow_pickle=False)
KERAS = json.loads((GOLDEN_DIR / "guides.json").read_text())
X, Y, SW = GOLDEN["data/x"], GOLDEN["data/y"], GOLDEN["data/sample_weight"]


def start_weights(model):
    rng = np.random.default_rng(0)
    model.set_weights([(rng.normal(size=w.shape) * 0.4).astype("float32")
                       for w in model.get_weights()])


def mlp(cls=keras.Model):
    inputs = keras.Input(shape=(4,))
    hidden = keras.layers.Dense(3, activation="relu")(inputs)
    outputs = keras.layers.Dense(1)(hidden)
    return cls(inputs, outputs)


def fit_history(model, *args, **kwargs):
    history = model.fit(*args, epochs=3, batch_size=16, shuffle=False, verbose=0, **kwargs)
    return history.history


def assert_history(history, expected):
    assert sorted(history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history[key], values, rtol=2e-5, err_msg=key)


# ------------------------------------------------------------------ the guide's classes
class CustomModel(keras.Model):
    def train_step(self, data):
        x, y = data
        with keras.GradientTape() as tape:
            y_pred = self(x, training=True)  # Forward pass
            loss = self.compute_loss(y=y, y_pred=y_pred)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply(gradients, trainable_vars)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


class TrackerModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")

    def train_step(self, data):
        x, y = data
        with keras.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = ops.mean(ops.square(y - y_pred))
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


class WeightedModel(keras.Model):
    def train_step(self, data):
        if len(data) == 3:
            x, y, sample_weight = data
        else:
            sample_weight = None
            x, y = data
        with keras.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply(gradients, trainable_vars)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)
        return {m.name: m.result() for m in self.metrics}


class EvaluatingModel(keras.Model):
    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


class LossModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")

    def compute_loss(self, x, y, y_pred, sample_weight, training=True):
        loss = ops.mean((y_pred - y) ** 2)
        loss += ops.sum(self.losses)
        self.loss_tracker.update_state(loss)
        return loss

    def reset_metrics(self):
        self.loss_tracker.reset_state()

    @property
    def metrics(self):
        return [self.loss_tracker]


class DoublingModel(keras.Model):
    def predict_step(self, data):
        return self(data, training=False) * 2.0


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

    def call(self, targets, logits, sample_weights=None):
        loss = self.loss_fn(targets, logits, sample_weights)
        self.add_loss(loss)
        return ops.softmax(logits)


class ActivityRegularizationLayer(keras.layers.Layer):
    def call(self, inputs):
        self.add_loss(1e-2 * ops.sum(inputs))
        return inputs


# ------------------------------------------------------------------ tests
def test_train_step_with_compute_loss_and_self_metrics():
    model = mlp(CustomModel)
    assert isinstance(model, CustomModel) and type(model).__name__ == "CustomModel"
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    assert_history(fit_history(model, X, Y), KERAS["train_step_compiled"])
    weights = np.concatenate([w.reshape(-1) for w in model.get_weights()])
    np.testing.assert_allclose(weights, GOLDEN["train_step_compiled/weights_after"], rtol=1e-4,
                               atol=1e-6)
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics"]


def test_custom_trackers_metrics_property_and_compile_without_loss():
    model = mlp(TrackerModel)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01))
    assert_history(fit_history(model, X, Y), KERAS["train_step_trackers"])


def test_train_step_with_sample_weight():
    model = mlp(WeightedModel)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    assert_history(fit_history(model, X, Y, sample_weight=SW), KERAS["train_step_sample_weight"])


def test_custom_test_step():
    model = mlp(EvaluatingModel)
    start_weights(model)
    model.compile(loss="mse", metrics=["mae"])
    logs = model.evaluate(X, Y, batch_size=16, verbose=0, return_dict=True)
    assert logs == pytest.approx(KERAS["test_step"], rel=1e-5)


def test_compute_loss_override_with_add_loss_and_reset_metrics():
    inputs = keras.Input(shape=(4,))
    outputs = keras.layers.Dense(1)(ActivityRegularizationLayer()(inputs))
    model = LossModel(inputs, outputs)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01))
    assert_history(fit_history(model, X, Y), KERAS["compute_loss_override"])


def test_predict_step_override():
    model = mlp(DoublingModel)
    start_weights(model)
    np.testing.assert_allclose(model.predict(X, batch_size=16, verbose=0),
                               GOLDEN["predict_step/predictions"], rtol=1e-5, atol=1e-6)


def test_endpoint_layer_on_two_tensors_with_dict_data_and_no_compiled_loss():
    inputs = keras.Input(shape=(3,), name="inputs")
    targets = keras.Input(shape=(10,), name="targets")
    logits = keras.layers.Dense(10)(inputs)
    predictions = LogisticEndpoint(name="predictions")(targets, logits)
    model = keras.Model(inputs=[inputs, targets], outputs=predictions)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01))  # No loss argument!
    data = {"inputs": GOLDEN["endpoint/inputs"], "targets": GOLDEN["endpoint/targets"]}
    assert_history(fit_history(model, data), KERAS["endpoint_layer"])


def test_add_loss_in_a_layer_adds_to_the_compiled_loss():
    inputs = keras.Input(shape=(4,))
    hidden = ActivityRegularizationLayer()(keras.layers.Dense(3, activation="relu")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    assert_history(fit_history(model, X, Y), KERAS["add_loss_layer"])


def test_training_loop_from_scratch():
    model = mlp()
    start_weights(model)
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    loss_fn = keras.losses.MeanSquaredError()
    train_metric = keras.metrics.MeanAbsoluteError()
    epoch_results = []
    for epoch in range(2):
        for step in range(4):
            x_batch = X[step * 16:(step + 1) * 16]
            y_batch = Y[step * 16:(step + 1) * 16]
            with keras.GradientTape() as tape:
                logits = model(x_batch, training=True)
                loss_value = loss_fn(y_batch, logits)
            grads = tape.gradient(loss_value, model.trainable_weights)
            optimizer.apply(grads, model.trainable_weights)
            train_metric.update_state(y_batch, logits)
        epoch_results.append(float(train_metric.result()))
        train_metric.reset_state()
    np.testing.assert_allclose(epoch_results, KERAS["training_loop_from_scratch"]["mae_per_epoch"],
                               rtol=2e-5)
    weights = np.concatenate([w.reshape(-1) for w in model.get_weights()])
    np.testing.assert_allclose(weights, GOLDEN["training_loop_from_scratch/weights_after"],
                               rtol=1e-4, atol=1e-6)


class CustomCallback(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = []

    def _record(self, hook, logs):
        self.seen.append([hook, sorted(logs.keys())])


for _hook in ("on_train_begin", "on_train_end", "on_test_begin", "on_test_end",
              "on_predict_begin", "on_predict_end"):
    setattr(CustomCallback, _hook, (lambda name: lambda self, logs=None: self._record(name, logs))(
        _hook))
for _hook in ("on_epoch_begin", "on_epoch_end", "on_train_batch_begin", "on_train_batch_end",
              "on_test_batch_begin", "on_test_batch_end", "on_predict_batch_begin",
              "on_predict_batch_end"):
    setattr(CustomCallback, _hook, (lambda name: lambda self, index, logs=None: self._record(
        name, logs))(_hook))


def test_every_callback_hook_gets_the_logs_keras_gives():
    model = mlp()
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    callback = CustomCallback()
    model.fit(X[:32], Y[:32], batch_size=16, epochs=1, verbose=0, callbacks=[callback],
              validation_data=(X[32:48], Y[32:48]))
    model.evaluate(X[:32], Y[:32], batch_size=16, verbose=0, callbacks=[callback])
    model.predict(X[:32], batch_size=16, verbose=0, callbacks=[callback])
    assert callback.seen == KERAS["callback_logs_keys"]


def test_single_callback_not_in_a_list_is_accepted():
    model = mlp()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(X, Y, epochs=2, verbose=0,
                        callbacks=keras.callbacks.EarlyStopping(monitor="loss"))
    assert len(history.history["loss"]) == 2


@pytest.mark.filterwarnings("ignore:The loss became")  # the docstring's inputs make it diverge
def test_early_stopping_docstring_example():
    callback = keras.callbacks.EarlyStopping(monitor="loss", patience=3)
    model = keras.models.Sequential([keras.layers.Dense(10)])
    model.compile(keras.optimizers.SGD(), loss="mse")
    model.build((None, 20))
    start_weights(model)
    with np.errstate(over="ignore", invalid="ignore"):
        history = model.fit(np.arange(100).reshape(5, 20), np.zeros(5), epochs=10, batch_size=1,
                            shuffle=False, callbacks=[callback], verbose=0)
    expected = KERAS["early_stopping_docstring"]
    assert len(history.history["loss"]) == expected["epochs_run"]
    np.testing.assert_allclose(history.history["loss"][0], expected["loss"][0], rtol=1e-4)


def test_learning_rate_scheduler_docstring_example():
    def scheduler(epoch, lr):
        if epoch < 10:
            return lr
        return lr * math.exp(-0.1)

    model = keras.models.Sequential([keras.layers.Dense(10)])
    model.compile(keras.optimizers.SGD(), loss="mse")
    model.build((None, 20))
    start_weights(model)
    callback = keras.callbacks.LearningRateScheduler(scheduler)
    history = model.fit(np.arange(100).reshape(5, 20) / 100, np.zeros(5), epochs=15,
                        batch_size=1, shuffle=False, callbacks=[callback], verbose=0)
    expected = KERAS["lr_scheduler_docstring"]
    assert round(float(model.optimizer.learning_rate), 5) == expected["learning_rate"]
    np.testing.assert_allclose(history.history["loss"], expected["loss"], rtol=1e-4)
    # With the default batch (5 labels against 5 x 10 predictions) Keras's torch backend fails
    # to broadcast; nbkeras refuses too, with a message naming the shapes.
    assert KERAS["broadcast_batch_5_fails"]
    with pytest.raises(ValueError, match="same shape"):
        model.fit(np.arange(100).reshape(5, 20) / 100, np.zeros(5), epochs=1, verbose=0)


def test_fit_on_a_py_dataset_ignores_batch_size():
    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 4

        def __getitem__(self, index):
            return X[index * 16:(index + 1) * 16], Y[index * 16:(index + 1) * 16]

    model = mlp()
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    history = model.fit(Batches(), batch_size=64, epochs=3, shuffle=False, verbose=0)
    assert_history(history.history, KERAS["train_step_compiled"])


def test_model_from_config_with_custom_objects_keeps_the_subclass():
    model = mlp(CustomModel)
    config = model.get_config()
    rebuilt = keras.Model.from_config(config, custom_objects={"CustomModel": CustomModel})
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    again = CustomModel.from_config(config)
    assert isinstance(again, CustomModel)
    assert [w.shape for w in again.get_weights()] == [w.shape for w in model.get_weights()]
