"""Captures callback and fit-semantics golden values from real Keras 3.

Run with the reference environment (Keras, torch; CPU, one thread):

    KERAS_BACKEND=torch $PEER tools/capture_golden_callbacks.py

Writes tests/golden/callbacks.json (histories, stop/restore epochs, printed
messages, CSV text) and tests/golden/callbacks.npz (data, initial and final
weights, and the bytes of a .weights.h5 file written by Keras). Every case
starts from the stored initial weights and trains without shuffling, so
nbkeras can replay it exactly.
"""

import contextlib
import io
import json
import os
import platform
import sys
import tempfile
import warnings

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
warnings.simplefilter("ignore")
import keras  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden")


def data():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(40, 3)).astype("float32")
    x_val = rng.normal(size=(16, 3)).astype("float32")
    true_w = np.array([[1.5], [-2.0], [0.5]], dtype="float32")
    y = x @ true_w + 0.3
    # Validation targets follow a different rule: val_loss first falls, then rises.
    y_val = x_val @ (0.3 * true_w) - 0.2
    labels = (x[:, :1] > 0).astype("float32")
    return {"x": x, "y": y, "x_val": x_val, "y_val": y_val.astype("float32"),
            "labels": labels, "sample_weight": np.linspace(0.5, 1.5, 40).astype("float32")}


def initial_weights(units_out=1):
    rng = np.random.default_rng(3)
    return [(0.1 * rng.normal(size=(3, units_out))).astype("float32"),
            np.zeros(units_out, dtype="float32")]


def make_model(lr=0.01, metrics=None, loss="mse", activation=None, optimizer="sgd"):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation=activation)])
    model.set_weights(initial_weights())
    opt = keras.optimizers.SGD(learning_rate=lr) if optimizer == "sgd" else \
        keras.optimizers.Adam(learning_rate=lr)
    model.compile(optimizer=opt, loss=loss, metrics=metrics)
    return model


def run(model, cases, name, arrays, fit_kwargs, extra=None):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        history = model.fit(**fit_kwargs)
    record = {"history": history.history, "epoch": history.epoch,
              "params": history.params, "stdout": out.getvalue()}
    record.update(extra(model) if extra else {})
    cases[name] = record
    for i, w in enumerate(model.get_weights()):
        arrays[f"{name}/final_weight_{i}"] = w
    return model


def main():
    d = data()
    cases, arrays = {}, {f"data/{k}": v for k, v in d.items()}
    for i, w in enumerate(initial_weights()):
        arrays[f"data/initial_weight_{i}"] = w
    base = dict(x=d["x"], y=d["y"], batch_size=8, shuffle=False, verbose=0,
                validation_data=(d["x_val"], d["y_val"]))

    def early_stopping_case(name, epochs=30, model_kwargs=None, **es_kwargs):
        es = keras.callbacks.EarlyStopping(verbose=1, **es_kwargs)
        run(make_model(**(model_kwargs or {})), cases, name, arrays,
            dict(base, epochs=epochs, callbacks=[es]),
            lambda m: {"stopped_epoch": es.stopped_epoch, "best_epoch": es.best_epoch,
                       "es_kwargs": es_kwargs})

    early_stopping_case("es_restore", patience=2, restore_best_weights=True)
    early_stopping_case("es_no_restore", patience=2)
    early_stopping_case("es_patience0", patience=0)
    early_stopping_case("es_min_delta", patience=1, min_delta=0.05, restore_best_weights=True)
    early_stopping_case("es_baseline", patience=3, baseline=0.01, restore_best_weights=True)
    early_stopping_case("es_start_from_epoch", patience=1, start_from_epoch=8,
                        restore_best_weights=True)
    early_stopping_case("es_mode_max_loss", monitor="loss", mode="max", patience=2)
    early_stopping_case("es_monitor_val_mae", monitor="val_mae", patience=2,
                        restore_best_weights=True, model_kwargs={"metrics": ["mae"]})
    es = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, verbose=1,
                                       restore_best_weights=True)
    run(make_model(metrics=["accuracy"], loss="binary_crossentropy", activation="sigmoid",
                   lr=0.5), cases, "es_val_accuracy", arrays,
        dict(base, y=d["labels"], validation_data=(d["x_val"], (d["x_val"][:, :1] > 0.5)
                                                   .astype("float32")),
             epochs=20, callbacks=[es]),
        lambda m: {"stopped_epoch": es.stopped_epoch, "best_epoch": es.best_epoch})

    lr_plateau = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1,
                                                   min_delta=1e-3, cooldown=1, min_lr=0.004,
                                                   verbose=1)
    run(make_model(lr=0.05), cases, "reduce_lr", arrays, dict(base, epochs=12, callbacks=[lr_plateau]))

    scheduler = keras.callbacks.LearningRateScheduler(
        lambda epoch, lr: lr if epoch < 2 else lr * 0.5, verbose=1)
    run(make_model(), cases, "lr_scheduler", arrays, dict(base, epochs=5, callbacks=[scheduler]))

    with tempfile.TemporaryDirectory() as tmp:
        for name, kwargs in (("csv_no_val", dict(base, validation_data=None)),
                             ("csv_val", base)):
            path = os.path.join(tmp, f"{name}.csv")
            run(make_model(metrics=["mae"]), cases, name, arrays,
                dict(kwargs, epochs=3, callbacks=[keras.callbacks.CSVLogger(path)]))
            cases[name]["csv"] = open(path).read()
        weights_path = os.path.join(tmp, "keras_model.weights.h5")
        model = make_model(optimizer="adam")
        model.fit(d["x"], d["y"], batch_size=8, epochs=2, shuffle=False, verbose=0)
        model.save_weights(weights_path)
        arrays["keras_file/weights_h5_bytes"] = np.frombuffer(open(weights_path, "rb").read(),
                                                              dtype=np.uint8)
        for i, w in enumerate(model.get_weights()):
            arrays[f"keras_file/weight_{i}"] = w
        arrays["keras_file/optimizer_iterations"] = np.int64(model.optimizer.iterations.numpy())

    # fit semantics
    run(make_model(), cases, "uneven_batches", arrays,
        dict(x=d["x"][:10], y=d["y"][:10], batch_size=4, epochs=2, shuffle=False, verbose=0))
    batches = []
    recorder = keras.callbacks.LambdaCallback(
        on_train_batch_begin=lambda b, logs: batches.append(b),
        on_epoch_end=lambda e, logs: batches.append(f"end{e}"))
    run(make_model(), cases, "steps_per_epoch_arrays", arrays,
        dict(x=d["x"][:24], y=d["y"][:24], batch_size=8, epochs=4, steps_per_epoch=2,
             shuffle=False, verbose=0, callbacks=[recorder]))
    cases["steps_per_epoch_arrays"]["batches"] = list(batches)
    run(make_model(), cases, "sample_weight", arrays,
        dict(base, sample_weight=d["sample_weight"], epochs=2))
    run(make_model(loss="binary_crossentropy", activation="sigmoid", metrics=["accuracy"]),
        cases, "class_weight", arrays,
        dict(base, y=d["labels"], validation_data=None, class_weight={0: 0.3, 1: 2.0},
             epochs=2))

    def generator():
        for start in range(0, 40, 8):
            yield d["x"][start:start + 8], d["y"][start:start + 8], \
                d["sample_weight"][start:start + 8]

    run(make_model(), cases, "generator_weighted", arrays, dict(x=generator(), epochs=1,
                                                                 verbose=0))
    run(make_model(), cases, "validation_freq", arrays,
        dict(base, epochs=4, validation_freq=[2, 4]))
    run(make_model(), cases, "initial_epoch", arrays, dict(base, epochs=3, initial_epoch=1))

    meta = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "numpy_version": np.__version__, "python_version": platform.python_version(),
            "generated_by": "tools/capture_golden_callbacks.py"}
    for key, value in meta.items():
        arrays[f"meta/{key}"] = np.array(value)
    with open(os.path.join(OUT, "callbacks.json"), "w") as file:
        json.dump({"meta": meta, "cases": cases}, file, indent=1, sort_keys=True)
    np.savez(os.path.join(OUT, "callbacks.npz"), **arrays)
    print("wrote", len(cases), "cases", file=sys.stderr)


if __name__ == "__main__":
    main()
