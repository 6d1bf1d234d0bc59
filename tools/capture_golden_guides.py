"""Capture what the Keras 3 guide programs compute, for tests/models/test_guide_programs.py.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_guides.py

Writes tests/golden/guides.npz and tests/golden/guides.json. Each program
is the one of the Keras 3 guides ("Customizing what happens in fit()",
"Writing a training loop from scratch", "Writing your own callbacks", the
functional API's endpoint layer, and docstring examples of EarlyStopping and
LearningRateScheduler) in its PyTorch form (``loss.backward()``); the test
runs the same program with nbkeras's ``keras.GradientTape``. Every model
starts from the same weights (``start_weights``), data is made locally,
``shuffle=False``.
"""

import math

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from keras import ops  # noqa: E402

RESULTS = {}
RNG = np.random.default_rng(5)
X = RNG.normal(size=(64, 4)).astype("float32")
Y = (X @ RNG.normal(size=(4, 1)) + 0.1 * RNG.normal(size=(64, 1))).astype("float32")
SW = RNG.uniform(0.2, 2.0, size=(64,)).astype("float32")


def start_weights(model):
    """The same starting weights in Keras and nbkeras: a fixed draw per weight, in order."""
    rng = np.random.default_rng(0)
    model.set_weights([(rng.normal(size=w.shape) * 0.4).astype("float32")
                       for w in model.get_weights()])


def mlp(cls=keras.Model):
    inputs = keras.Input(shape=(4,))
    hidden = keras.layers.Dense(3, activation="relu")(inputs)
    outputs = keras.layers.Dense(1)(hidden)
    return cls(inputs, outputs)


def gradients_step(model, loss):
    loss.backward()
    trainable_weights = [v for v in model.trainable_weights]
    gradients = [v.value.grad for v in trainable_weights]
    with torch.no_grad():
        model.optimizer.apply(gradients, trainable_weights)


# ------------------------------------------------------------------ guide programs
class CustomModel(keras.Model):
    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        gradients_step(self, loss)
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
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = ops.mean(ops.square(y - y_pred))
        gradients_step(self, loss)
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
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
        gradients_step(self, loss)
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


class CustomCallback(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = []

    def _record(self, hook, logs):
        self.seen.append([hook, sorted(logs.keys())])

    def on_train_begin(self, logs=None):
        self._record("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._record("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._record("on_epoch_begin", logs)

    def on_epoch_end(self, epoch, logs=None):
        self._record("on_epoch_end", logs)

    def on_test_begin(self, logs=None):
        self._record("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._record("on_test_end", logs)

    def on_predict_begin(self, logs=None):
        self._record("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._record("on_predict_end", logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._record("on_train_batch_begin", logs)

    def on_train_batch_end(self, batch, logs=None):
        self._record("on_train_batch_end", logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._record("on_test_batch_begin", logs)

    def on_test_batch_end(self, batch, logs=None):
        self._record("on_test_batch_end", logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._record("on_predict_batch_begin", logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._record("on_predict_batch_end", logs)


def fit_history(model, *args, **kwargs):
    history = model.fit(*args, epochs=3, batch_size=16, shuffle=False, verbose=0, **kwargs)
    return {key: [float(v) for v in values] for key, values in history.history.items()}


def run_guides(golden):
    keras.backend.clear_session()
    model = mlp(CustomModel)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    RESULTS["train_step_compiled"] = fit_history(model, X, Y)
    golden.add("train_step_compiled/weights_after", np.concatenate(
        [w.reshape(-1) for w in model.get_weights()]))

    model = mlp(TrackerModel)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01))
    RESULTS["train_step_trackers"] = fit_history(model, X, Y)

    model = mlp(WeightedModel)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    RESULTS["train_step_sample_weight"] = fit_history(model, X, Y, sample_weight=SW)

    model = mlp(EvaluatingModel)
    start_weights(model)
    model.compile(loss="mse", metrics=["mae"])
    RESULTS["test_step"] = {k: float(v) for k, v in model.evaluate(
        X, Y, batch_size=16, verbose=0, return_dict=True).items()}

    inputs = keras.Input(shape=(4,))
    outputs = keras.layers.Dense(1)(ActivityRegularizationLayer()(inputs))
    model = LossModel(inputs, outputs)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01))
    RESULTS["compute_loss_override"] = fit_history(model, X, Y)

    model = mlp(DoublingModel)
    start_weights(model)
    golden.add("predict_step/predictions", model.predict(X, batch_size=16, verbose=0))

    inputs = keras.Input(shape=(3,), name="inputs")
    targets = keras.Input(shape=(10,), name="targets")
    logits = keras.layers.Dense(10)(inputs)
    predictions = LogisticEndpoint(name="predictions")(targets, logits)
    model = keras.Model(inputs=[inputs, targets], outputs=predictions)
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01))  # No loss argument!
    data_rng = np.random.default_rng(3)
    data = {"inputs": data_rng.random((48, 3)).astype("float32"),
            "targets": data_rng.random((48, 10)).astype("float32")}
    golden.add("endpoint/inputs", data["inputs"])
    golden.add("endpoint/targets", data["targets"])
    RESULTS["endpoint_layer"] = fit_history(model, data)

    inputs = keras.Input(shape=(4,))
    hidden = ActivityRegularizationLayer()(keras.layers.Dense(3, activation="relu")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    RESULTS["add_loss_layer"] = fit_history(model, X, Y)


def training_loop_from_scratch(golden):
    keras.backend.clear_session()
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
            logits = model(x_batch, training=True)
            loss_value = loss_fn(y_batch, logits)
            model.zero_grad()
            loss_value.backward()
            trainable_weights = [v for v in model.trainable_weights]
            gradients = [v.value.grad for v in trainable_weights]
            with torch.no_grad():
                optimizer.apply(gradients, trainable_weights)
            train_metric.update_state(y_batch, logits)
        epoch_results.append(float(train_metric.result()))
        train_metric.reset_state()
    RESULTS["training_loop_from_scratch"] = {"mae_per_epoch": epoch_results}
    golden.add("training_loop_from_scratch/weights_after", np.concatenate(
        [w.reshape(-1) for w in model.get_weights()]))


def callbacks_guide():
    keras.backend.clear_session()
    model = mlp()
    start_weights(model)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    callback = CustomCallback()
    model.fit(X[:32], Y[:32], batch_size=16, epochs=1, verbose=0, callbacks=[callback],
              validation_data=(X[32:48], Y[32:48]))
    model.evaluate(X[:32], Y[:32], batch_size=16, verbose=0, callbacks=[callback])
    model.predict(X[:32], batch_size=16, verbose=0, callbacks=[callback])
    RESULTS["callback_logs_keys"] = callback.seen


def docstring_examples():
    keras.backend.clear_session()
    callback = keras.callbacks.EarlyStopping(monitor="loss", patience=3)
    model = keras.models.Sequential([keras.layers.Dense(10)])
    model.compile(keras.optimizers.SGD(), loss="mse")
    model.build((None, 20))
    start_weights(model)
    history = model.fit(np.arange(100).reshape(5, 20), np.zeros(5), epochs=10, batch_size=1,
                        shuffle=False, callbacks=[callback], verbose=0)
    RESULTS["early_stopping_docstring"] = {"epochs_run": len(history.history["loss"]),
                                           "loss": [float(v) for v in history.history["loss"]]}

    def scheduler(epoch, lr):
        if epoch < 10:
            return lr
        return lr * math.exp(-0.1)

    keras.backend.clear_session()
    model = keras.models.Sequential([keras.layers.Dense(10)])
    model.compile(keras.optimizers.SGD(), loss="mse")
    model.build((None, 20))
    start_weights(model)
    callback = keras.callbacks.LearningRateScheduler(scheduler)
    # The docstring fits with the default batch size; labels (5,) against predictions (5, 10)
    # then do not broadcast on the torch backend (nor in nbkeras): batch_size=1 does.
    history = model.fit(np.arange(100).reshape(5, 20) / 100, np.zeros(5), epochs=15,
                        batch_size=1, shuffle=False, callbacks=[callback], verbose=0)
    try:
        model.fit(np.arange(100).reshape(5, 20) / 100, np.zeros(5), epochs=1, verbose=0)
        RESULTS["broadcast_batch_5_fails"] = False
    except Exception:  # noqa: BLE001 (torch raises RuntimeError)
        RESULTS["broadcast_batch_5_fails"] = True
    RESULTS["lr_scheduler_docstring"] = {
        "learning_rate": round(float(model.optimizer.learning_rate), 5),
        "loss": [float(v) for v in history.history["loss"]]}


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("guides", __file__)
    golden.add("data/x", X)
    golden.add("data/y", Y)
    golden.add("data/sample_weight", SW)
    run_guides(golden)
    training_loop_from_scratch(golden)
    callbacks_guide()
    docstring_examples()
    golden.structure.update(RESULTS)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
