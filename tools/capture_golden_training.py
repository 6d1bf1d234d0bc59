"""Capture end-to-end training goldens (fit/evaluate/predict/summary) from Keras 3.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_training.py

Writes tests/golden/training.npz and tests/golden/training.json.
Every case starts from stored initial weights (set_weights), uses fixed data
from `np.random.default_rng(0)`, `shuffle=False` and 50 samples in batches of
16 (16 + 16 + 16 + 2), so the last batch is uneven. See tests/golden/README.md.
"""

import os
import warnings
import zlib

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402

NUM_SAMPLES = 50
BATCH_SIZE = 16
EPOCHS = 3


def f32(array):
    return np.asarray(array, dtype=np.float32)


def make_data():
    """All datasets, drawn from one default_rng(0) stream in this fixed order."""
    rng = np.random.default_rng(0)
    x_grid = f32(rng.normal(size=(NUM_SAMPLES, 2, 2)))
    labels = rng.integers(0, 3, size=(NUM_SAMPLES,))
    x_scalar = f32(rng.normal(size=(NUM_SAMPLES, 1)))
    y_binary = f32((x_scalar + 0.5 * rng.normal(size=(NUM_SAMPLES, 1))) > 0)
    x_features = f32(rng.normal(size=(NUM_SAMPLES, 3)))
    y_regression = f32(x_features @ np.array([[1.0], [-2.0], [0.5]])
                       + 0.1 * rng.normal(size=(NUM_SAMPLES, 1)))
    return {
        "grid": (x_grid, f32(np.eye(3)[labels])),
        "grid_sparse": (x_grid, labels.astype(np.int64)),
        "binary": (x_scalar, y_binary),
        "regression": (x_features, y_regression),
    }


def initial_weights(model, seed):
    """Glorot-uniform kernels, small random biases (NumPy), get_weights order."""
    rng = np.random.default_rng(seed)
    weights = []
    for weight in model.get_weights():
        if weight.ndim == 2:
            limit = np.sqrt(6.0 / (weight.shape[0] + weight.shape[1]))
            weights.append(f32(rng.uniform(-limit, limit, size=weight.shape)))
        else:
            weights.append(f32(rng.normal(size=weight.shape) * 0.1))
    return weights


def grid_model():
    return keras.Sequential([
        keras.Input(shape=(2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])


def binary_model():
    # The legacy input_dim= form on purpose (it is what the issue uses).
    return keras.Sequential([
        keras.layers.Dense(2, activation="relu", input_dim=1),
        keras.layers.Dense(1, activation="sigmoid"),
    ])


def regression_model():
    return keras.Sequential([
        keras.Input(shape=(3,)),
        keras.layers.Dense(2, activation="relu"),
        keras.layers.Dense(1),
    ])


def regularized_model():
    return keras.Sequential([
        keras.Input(shape=(3,)),
        keras.layers.Dense(4, activation="relu",
                           kernel_regularizer=keras.regularizers.L2(0.01),
                           activity_regularizer=keras.regularizers.L1(0.01)),
        keras.layers.Dense(1),
    ])


def dropout_model():
    return keras.Sequential([
        keras.Input(shape=(3,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(1),
    ])


# case -> model builder, data name, compile kwargs, extra fit kwargs (None = no fit)
TRAINING_CASES = {
    "seed_adam": (grid_model, "grid", {
        "optimizer": "adam", "loss": "categorical_crossentropy",
        "metrics": ["accuracy"]}, {}),
    "binary_sgd": (binary_model, "binary", {
        "optimizer": "sgd", "loss": "binary_crossentropy",
        "metrics": ["accuracy"]}, {}),
    "regression_sgd": (regression_model, "regression", {
        "optimizer": {"SGD": {"learning_rate": 0.01}}, "loss": "mse",
        "metrics": ["mae"]}, {}),
    "seed_adam_validation_split": (grid_model, "grid", {
        "optimizer": "adam", "loss": "categorical_crossentropy",
        "metrics": ["accuracy"]}, {"validation_split": 0.2}),
    "sparse_adam": (grid_model, "grid_sparse", {
        "optimizer": "adam", "loss": "sparse_categorical_crossentropy",
        "metrics": ["accuracy"]}, {}),
    "seed_rmsprop": (grid_model, "grid", {
        "optimizer": "rmsprop", "loss": "categorical_crossentropy",
        "metrics": ["accuracy"]}, {}),
    "seed_adagrad": (grid_model, "grid", {
        "optimizer": "adagrad", "loss": "categorical_crossentropy",
        "metrics": ["accuracy"]}, {}),
    "regularized_sgd": (regularized_model, "regression", {
        "optimizer": {"SGD": {"learning_rate": 0.01}}, "loss": "mse",
        "metrics": ["mae"]}, {}),
    "dropout_inference": (dropout_model, "regression", {
        "optimizer": "sgd", "loss": "mse", "metrics": ["mae"]}, None),
}


def build_optimizer(spec):
    """A string stays a string; {"SGD": {...}} becomes keras.optimizers.SGD(...)."""
    if isinstance(spec, str):
        return spec
    ((class_name, kwargs),) = spec.items()
    return getattr(keras.optimizers, class_name)(**kwargs)


class Recorder(keras.callbacks.Callback):
    """Keeps the logs of every train batch and the weights after every epoch."""

    def __init__(self):
        super().__init__()
        self.batch_logs = []
        self.epoch_weights = []

    def on_train_batch_end(self, batch, logs=None):
        self.batch_logs.append({k: float(v) for k, v in (logs or {}).items()})

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_weights.append([f32(w) for w in self.model.get_weights()])


def capture_summary(model, columns=None, **kwargs):
    """Every string handed to print_fn (Keras 3 passes the whole table at once).

    Without a terminal, rich renders into an 80-column console, so a table
    wider than 80 (line_length=88) is cropped at column 80. `columns` sets
    $COLUMNS while rendering to show the uncropped table.
    """
    pieces = []
    if columns is not None:
        os.environ["COLUMNS"] = str(columns)
    try:
        model.summary(print_fn=lambda text, *args, **kw: pieces.append(text),
                      **kwargs)
    finally:
        os.environ.pop("COLUMNS", None)
    return pieces


def add_weights(golden, key, weights):
    for index, weight in enumerate(weights):
        golden.add(f"{key}_{index}", weight)


def run_case(golden, case, builder, data_name, compile_kwargs, fit_kwargs, data):
    keras.backend.clear_session()  # layer names dense, dense_1, ... every case
    x, y = data[data_name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = builder()
    # Seeded by architecture: every grid_model case starts from the same weights.
    weights = initial_weights(model, seed=zlib.crc32(builder.__name__.encode()))
    model.set_weights(weights)
    model.compile(**{**compile_kwargs,
                     "optimizer": build_optimizer(compile_kwargs["optimizer"])})
    golden.add(f"{case}/x", x)
    if np.issubdtype(y.dtype, np.integer):
        golden.add_int(f"{case}/y", y)
    else:
        golden.add(f"{case}/y", y)
    add_weights(golden, f"{case}/weights_initial", weights)
    info = {
        "data": data_name, "compile": compile_kwargs, "fit": None,
        "num_weights": len(weights),
        "construction_warnings": [str(w.message) for w in caught],
        "model_config": model.get_config(),
    }
    golden.add_json(f"{case}/model_config", model.get_config())
    golden.add_json(f"{case}/compile_kwargs", compile_kwargs)
    golden.add_int(f"{case}/num_weights", len(weights))

    if fit_kwargs is not None:
        fit_kwargs = {"batch_size": BATCH_SIZE, "epochs": EPOCHS,
                      "shuffle": False, "verbose": 0, **fit_kwargs}
        info["fit"] = fit_kwargs
        if case == "seed_adam":
            info["summary_before_fit"] = capture_summary(model, line_length=88)
        recorder = Recorder()
        history = model.fit(x, y, callbacks=[recorder], **fit_kwargs)
        info["history"] = history.history
        info["history_params"] = history.params
        info["history_epoch"] = history.epoch
        info["batch_logs"] = recorder.batch_logs
        for name, values in history.history.items():
            golden.add(f"{case}/history_{name}", values)
        for name in recorder.batch_logs[0]:
            golden.add(f"{case}/batch_logs_{name}",
                       [logs[name] for logs in recorder.batch_logs])
        for epoch, epoch_weights in enumerate(recorder.epoch_weights):
            add_weights(golden, f"{case}/weights_epoch{epoch}", epoch_weights)
        add_weights(golden, f"{case}/weights_final", model.get_weights())
        golden.add_json(f"{case}/history_params", history.params)
        golden.add_json(f"{case}/fit_kwargs", fit_kwargs)
        golden.add_text(f"{case}/history_keys", " ".join(history.history))
        golden.add_json(f"{case}/optimizer_config", model.optimizer.get_config())
        info["optimizer_config"] = model.optimizer.get_config()

    evaluate_list = model.evaluate(x, y, batch_size=BATCH_SIZE, verbose=0)
    evaluate_dict = model.evaluate(x, y, batch_size=BATCH_SIZE, verbose=0,
                                   return_dict=True)
    predictions = model.predict(x, batch_size=BATCH_SIZE, verbose=0)
    golden.add(f"{case}/evaluate", np.atleast_1d(evaluate_list))
    golden.add_json(f"{case}/evaluate_dict", evaluate_dict)
    golden.add(f"{case}/predict", predictions)
    info.update(evaluate=evaluate_list, evaluate_dict=evaluate_dict,
                metrics_names=model.metrics_names,
                compile_config=model.get_compile_config())

    if case == "seed_adam":
        summaries = {
            "summary_before_fit": info["summary_before_fit"],
            "summary": capture_summary(model, line_length=88),
            "summary_columns100": capture_summary(model, columns=100,
                                                  line_length=88),
            "summary_default_width": capture_summary(model),
        }
        for name, pieces in summaries.items():
            info[f"{name}_print_fn_calls"] = len(pieces)
            info[name] = "".join(pieces)
            golden.add_text(f"{case}/{name}", info[name])
    golden.structure["cases"][case] = info


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("training", __file__)
    golden.structure["cases"] = {}
    golden.structure["batch_size"] = BATCH_SIZE
    golden.structure["epochs"] = EPOCHS
    data = make_data()
    for case, (builder, data_name, compile_kwargs, fit_kwargs) in (
            TRAINING_CASES.items()):
        run_case(golden, case, builder, data_name, compile_kwargs, fit_kwargs, data)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
