"""Two Ctrl-C in quick succession: fit stops, the model stays usable, and no interrupt
state outlives the fit that received it (the next fit trains every batch)."""

import os
import random
import signal
import threading
import time

import numpy as np
import pytest

import nbkeras as keras


def _setup():
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.01), "mse")
    return model, x, y


class CountBatches(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        time.sleep(0.003)  # a batch of a real model takes a while: Ctrl-C lands inside fit


@pytest.fixture
def quiet_sigint():
    """Outside fit, a stray SIGINT is recorded instead of interrupting the test."""
    received = []
    previous = signal.signal(signal.SIGINT, lambda *args: received.append(True))
    yield received
    signal.signal(signal.SIGINT, previous)


def _next_fit_trains_normally(model, x, y, capsys):
    capsys.readouterr()
    counter = CountBatches()
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[counter])
    assert counter.batches == 8 and history.epoch == [0]
    assert "interrupted" not in capsys.readouterr().out
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    assert all(np.all(np.isfinite(w)) for w in model.get_weights())


class DoubleInterrupt(keras.callbacks.Callback):
    """Sends SIGINT to this process twice, ``gap`` seconds apart, at batch ``at``."""

    def __init__(self, at, gap=0.005, where="on_train_batch_end"):
        super().__init__()
        self.at, self.gap, self.seen = at, gap, 0
        setattr(self, where, self._maybe_fire)

    def _maybe_fire(self, *args, **kwargs):
        self.seen += 1
        if self.seen == self.at:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(self.gap)
            os.kill(os.getpid(), signal.SIGINT)


@pytest.mark.parametrize("where", ["on_train_batch_end", "on_train_batch_begin",
                                   "on_epoch_end", "on_train_end"])
def test_two_interrupts_5ms_apart_then_the_next_fit_trains(quiet_sigint, capsys, where):
    model, x, y = _setup()
    model.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[DoubleInterrupt(2, where=where)]
              if where != "on_train_end" else [DoubleInterrupt(1, where=where)])
    _next_fit_trains_normally(model, x, y, capsys)


def test_interrupts_from_a_thread_at_random_moments(quiet_sigint, capsys):
    rng = random.Random(5)
    model, x, y = _setup()
    for _ in range(8):
        delay = rng.uniform(0.0, 0.03)

        def fire():
            time.sleep(delay)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.005)
            os.kill(os.getpid(), signal.SIGINT)

        thread = threading.Thread(target=fire)
        thread.start()
        try:
            # long enough that the first Ctrl-C (within 35 ms) always lands inside it, however
            # fast the steps are; it stops there
            model.fit(x, y, batch_size=8, epochs=5000, verbose=0)
            # at once, as a notebook cell "fit(); fit()" would: the second Ctrl-C was meant
            # for the first fit and must not stop this one
            _next_fit_trains_normally(model, x, y, capsys)
        finally:
            thread.join()


class InterruptDuringCleanUp(keras.callbacks.Callback):
    """First Ctrl-C at a batch; a second one while fit is cleaning up (on_train_end)."""

    def on_train_batch_end(self, batch, logs=None):
        if batch == 1:
            os.kill(os.getpid(), signal.SIGINT)

    def on_train_end(self, logs=None):
        os.kill(os.getpid(), signal.SIGINT)


def test_a_second_interrupt_during_clean_up_leaves_the_model_usable(quiet_sigint, capsys):
    model, x, y = _setup()
    try:
        model.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[InterruptDuringCleanUp()])
    except KeyboardInterrupt:
        pass  # a Ctrl-C after training stopped may reach the caller: that is what it asked
    model.predict(x, verbose=0)
    _next_fit_trains_normally(model, x, y, capsys)
