"""The hooks fit/evaluate/predict call, in Keras 3's order, and the smaller callbacks."""

import numpy as np
import pytest

import nbkeras as keras


def small_model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


X = np.arange(20, dtype="float32").reshape(10, 2) / 20
Y = X.sum(axis=1, keepdims=True)


class Recorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_"):
            calls = object.__getattribute__(self, "calls")
            return lambda *args: calls.append((name,) + tuple(a for a in args
                                                              if isinstance(a, int)))
        return object.__getattribute__(self, name)


def test_hook_order_in_fit_with_validation():
    recorder = Recorder()
    small_model().fit(X, Y, batch_size=5, epochs=1, verbose=0, validation_data=(X, Y),
                      callbacks=[recorder])
    assert recorder.calls == [
        ("on_train_begin",), ("on_epoch_begin", 0),
        ("on_train_batch_begin", 0), ("on_train_batch_end", 0),
        ("on_train_batch_begin", 1), ("on_train_batch_end", 1),
        ("on_test_begin",), ("on_test_batch_begin", 0), ("on_test_batch_end", 0),
        ("on_test_batch_begin", 1), ("on_test_batch_end", 1),
        ("on_test_end",), ("on_epoch_end", 0), ("on_train_end",)]
    assert recorder.params == {"verbose": 0, "epochs": 1, "steps": 2}


def test_predict_and_evaluate_hooks():
    recorder = Recorder()
    model = small_model()
    model.predict(X, batch_size=5, verbose=0, callbacks=[recorder])
    model.evaluate(X, Y, batch_size=10, verbose=0, callbacks=[recorder])
    assert recorder.calls == [
        ("on_predict_begin",), ("on_predict_batch_begin", 0), ("on_predict_batch_end", 0),
        ("on_predict_batch_begin", 1), ("on_predict_batch_end", 1), ("on_predict_end",),
        ("on_test_begin",), ("on_test_batch_begin", 0), ("on_test_batch_end", 0),
        ("on_test_end",)]


def test_lambda_callback_accepts_any_hook_by_keyword():
    seen = []
    callback = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(("epoch", epoch, sorted(logs))),
        on_test_end=lambda logs: seen.append(("test", sorted(logs))))
    small_model().fit(X, Y, epochs=1, verbose=0, validation_split=0.2, callbacks=[callback])
    assert seen == [("test", ["loss"]), ("epoch", 0, ["loss", "val_loss"])]
    with pytest.raises(ValueError, match="unknown hook"):
        keras.callbacks.LambdaCallback(on_whatever=print)


def test_stop_training_from_a_callback_ends_after_the_batch():
    class StopAtSecondBatch(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    history = small_model().fit(X, Y, batch_size=2, epochs=5, verbose=0,
                                callbacks=[StopAtSecondBatch()])
    assert history.epoch == [0], "the epoch is closed (logs of 2 batches), then fit stops"


def test_early_stopping_warns_about_a_missing_monitor():
    with pytest.warns(UserWarning, match="Available metrics are: loss"):
        small_model().fit(X, Y, epochs=2, verbose=0,
                          callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss")])


def test_monitor_mode_auto_refuses_unknown_metric_names():
    stop = keras.callbacks.EarlyStopping(monitor="my_score")
    with pytest.raises(ValueError, match="mode='max'"):
        small_model().fit(X, Y, epochs=1, verbose=0, callbacks=[stop])


def test_reduce_lr_and_scheduler_argument_errors():
    with pytest.raises(ValueError, match="factor >= 1.0"):
        keras.callbacks.ReduceLROnPlateau(factor=1.5)
    scheduler = keras.callbacks.LearningRateScheduler(lambda epoch: "fast")
    with pytest.raises(ValueError, match="should be a float"):
        small_model().fit(X, Y, epochs=1, verbose=0, callbacks=[scheduler])


def test_one_argument_schedule_sets_the_rate():
    model = small_model()
    history = model.fit(X, Y, epochs=3, verbose=0, callbacks=[
        keras.callbacks.LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))])
    np.testing.assert_allclose(history.history["learning_rate"], [0.1, 0.05, 0.1 / 3], rtol=1e-6)


def test_backup_and_restore_resumes_after_an_interrupt(tmp_path, capsys):
    class InterruptInEpoch(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 2:
                raise KeyboardInterrupt

    model = small_model()
    backup = keras.callbacks.BackupAndRestore(str(tmp_path / "backup"))
    first = model.fit(X, Y, epochs=4, verbose=0, callbacks=[backup, InterruptInEpoch()])
    assert first.epoch == [0, 1]
    resumed_model = small_model()
    second = resumed_model.fit(X, Y, epochs=4, verbose=0, callbacks=[backup])
    assert second.epoch == [2, 3], "resumes at the epoch after the backup"
    assert not (tmp_path / "backup" / "latest.weights.h5").exists(), "deleted after success"
    assert capsys.readouterr().out.count("Training interrupted") == 1
