"""Callbacks against real Keras 3: the epoch EarlyStopping stops at, the weights it
restores, learning-rate logs, CSV files, messages (tests/golden/callbacks.*)."""

import numpy as np
import pytest

import nbkeras as keras
from tests.callbacks.golden_replay import (assert_final_weights, assert_history_close, data,
                                           fit_capturing, load, make_model)

CASES, ARRAYS = load()
D = data(ARRAYS)
BASE = dict(x=D["x"], y=D["y"], batch_size=8, shuffle=False, verbose=0,
            validation_data=(D["x_val"], D["y_val"]))

EARLY_STOPPING = {
    "es_restore": ({}, dict(patience=2, restore_best_weights=True)),
    "es_no_restore": ({}, dict(patience=2)),
    "es_patience0": ({}, dict(patience=0)),
    "es_min_delta": ({}, dict(patience=1, min_delta=0.05, restore_best_weights=True)),
    "es_baseline": ({}, dict(patience=3, baseline=0.01, restore_best_weights=True)),
    "es_start_from_epoch": ({}, dict(patience=1, start_from_epoch=8, restore_best_weights=True)),
    "es_mode_max_loss": ({}, dict(monitor="loss", mode="max", patience=2)),
    "es_monitor_val_mae": ({"metrics": ["mae"]},
                           dict(monitor="val_mae", patience=2, restore_best_weights=True)),
}


@pytest.mark.parametrize("case", sorted(EARLY_STOPPING))
def test_early_stopping_stops_and_restores_like_keras(case):
    model_kwargs, es_kwargs = EARLY_STOPPING[case]
    expected = CASES[case]
    stop = keras.callbacks.EarlyStopping(verbose=1, **es_kwargs)
    model = make_model(ARRAYS, **model_kwargs)
    history, printed = fit_capturing(model, **BASE, epochs=30, callbacks=[stop])
    assert stop.stopped_epoch == expected["stopped_epoch"], "stopped at another epoch than Keras"
    assert stop.best_epoch == expected["best_epoch"], "best epoch differs from Keras"
    assert printed == expected["stdout"]
    assert_history_close(history, expected)
    assert_final_weights(model, ARRAYS, case)


def test_early_stopping_on_val_accuracy_restores_keras_weights():
    expected = CASES["es_val_accuracy"]
    stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, verbose=1,
                                         restore_best_weights=True)
    model = make_model(ARRAYS, metrics=["accuracy"], loss="binary_crossentropy",
                       activation="sigmoid", lr=0.5)
    y_val = (D["x_val"][:, :1] > 0.5).astype("float32")
    history, printed = fit_capturing(model, **dict(BASE, y=D["labels"],
                                                   validation_data=(D["x_val"], y_val)),
                                     epochs=20, callbacks=[stop])
    assert (stop.stopped_epoch, stop.best_epoch) == (expected["stopped_epoch"],
                                                     expected["best_epoch"])
    assert printed == expected["stdout"]
    assert_history_close(history, expected)
    assert_final_weights(model, ARRAYS, "es_val_accuracy")


def test_reduce_lr_on_plateau_logs_learning_rate_like_keras():
    expected = CASES["reduce_lr"]
    callback = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1,
                                                 min_delta=1e-3, cooldown=1, min_lr=0.004,
                                                 verbose=1)
    model = make_model(ARRAYS, lr=0.05)
    history, printed = fit_capturing(model, **BASE, epochs=12, callbacks=[callback])
    assert printed == expected["stdout"]
    assert_history_close(history, expected)
    assert_final_weights(model, ARRAYS, "reduce_lr")


def test_learning_rate_scheduler_like_keras():
    expected = CASES["lr_scheduler"]
    scheduler = keras.callbacks.LearningRateScheduler(
        lambda epoch, lr: lr if epoch < 2 else lr * 0.5, verbose=1)
    model = make_model(ARRAYS)
    history, printed = fit_capturing(model, **BASE, epochs=5, callbacks=[scheduler])
    assert printed == expected["stdout"]
    assert_history_close(history, expected)
    assert_final_weights(model, ARRAYS, "lr_scheduler")


@pytest.mark.parametrize("case", ["csv_no_val", "csv_val"])
def test_csv_logger_columns_and_values_like_keras(case, tmp_path):
    expected = CASES[case]
    path = tmp_path / "log.csv"
    kwargs = dict(BASE, validation_data=None) if case == "csv_no_val" else BASE
    fit_capturing(make_model(ARRAYS, metrics=["mae"]), **kwargs, epochs=3,
                  callbacks=[keras.callbacks.CSVLogger(str(path))])
    ours = [line.split(",") for line in path.read_text().splitlines()]
    theirs = [line.split(",") for line in expected["csv"].splitlines()]
    assert ours[0] == theirs[0], "CSV header differs from Keras"
    for row_ours, row_theirs in zip(ours[1:], theirs[1:]):
        assert row_ours[0] == row_theirs[0]
        for a, b in zip(row_ours[1:], row_theirs[1:]):
            assert (a == b == "NA") or np.isclose(float(a), float(b), rtol=1e-5, atol=1e-6)
    assert len(ours) == len(theirs)
