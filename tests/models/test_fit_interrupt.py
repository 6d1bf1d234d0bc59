"""Ctrl-C and NaN safety: fit stops after the current batch, keeps consistent weights
and the History of finished epochs, and says so; NaN losses are located."""

import os
import signal

import numpy as np
import pytest

import nbkeras as keras


def setup_model():
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.05), "mse")
    return model, x, y


class InterruptAt(keras.callbacks.Callback):
    """Raises KeyboardInterrupt (as Ctrl-C would) at batch ``batch`` of epoch ``epoch``."""

    def __init__(self, epoch, batch, how="raise"):
        super().__init__()
        self.epoch, self.batch, self.how = epoch, batch, how
        self.weights_at_interrupt = None

    def on_epoch_begin(self, epoch, logs=None):
        self.current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if (self.current_epoch, batch) == (self.epoch, self.batch):
            self.weights_at_interrupt = self.model.get_weights()
            if self.how == "raise":
                raise KeyboardInterrupt
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C


@pytest.mark.parametrize("how", ["raise", "signal"])
def test_keyboard_interrupt_mid_epoch_keeps_history_and_consistent_weights(how, capsys):
    model, x, y = setup_model()
    stopper = InterruptAt(epoch=2, batch=1, how=how)
    ended = []
    history = model.fit(x, y, batch_size=8, epochs=5, verbose=0, callbacks=[
        stopper, keras.callbacks.LambdaCallback(on_train_end=lambda logs: ended.append(True))])
    message = capsys.readouterr().out
    assert "Training interrupted by KeyboardInterrupt in epoch 3, after" in message
    assert "History keeps the 2 finished epoch(s)" in message
    assert history.epoch == [0, 1] and len(history.history["loss"]) == 2
    assert model.history is history
    assert ended == [True], "on_train_end still runs (files closed, weights restored)"
    # Weights: exactly those after the last finished batch, and the model still trains.
    for now, then in zip(model.get_weights(), stopper.weights_at_interrupt):
        np.testing.assert_array_equal(now, then)
    assert model.fit(x, y, epochs=1, verbose=0).epoch == [0]


def test_sigint_handler_is_restored_after_fit():
    model, x, y = setup_model()
    before = signal.getsignal(signal.SIGINT)
    model.fit(x, y, epochs=1, verbose=0)
    assert signal.getsignal(signal.SIGINT) is before


def test_nan_loss_is_reported_with_epoch_and_batch():
    model, x, y = setup_model()
    model.compile(keras.optimizers.SGD(1e3), "mse")
    with pytest.warns(RuntimeWarning, match=r"The loss became (nan|inf) at epoch 1, batch \d+"):
        model.fit(x * 100, y, batch_size=8, epochs=2, verbose=0)


def test_terminate_on_nan_stops_gracefully(capsys):
    model, x, y = setup_model()
    model.compile(keras.optimizers.SGD(1e3), "mse")
    with pytest.warns(RuntimeWarning):
        history = model.fit(x * 100, y, batch_size=8, epochs=5, verbose=0,
                            callbacks=[keras.callbacks.TerminateOnNaN()])
    assert "Invalid loss, terminating training" in capsys.readouterr().out
    assert len(history.epoch) <= 1


def test_terminate_on_nan_raise_error():
    model, x, y = setup_model()
    model.compile(keras.optimizers.SGD(1e3), "mse")
    with pytest.warns(RuntimeWarning), pytest.raises(RuntimeError, match="NaN or Inf loss"):
        model.fit(x * 100, y, batch_size=8, epochs=5, verbose=0,
                  callbacks=[keras.callbacks.TerminateOnNaN(raise_error=True)])
