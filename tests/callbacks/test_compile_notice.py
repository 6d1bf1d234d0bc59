"""A first run says it is compiling, and its ETA leaves the compiling steps out."""

import io
import os
import re

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.callbacks import Callback, ProgbarLogger
from nbkeras.callbacks.compile_notice import MESSAGE, expected_kernels
from nbkeras.callbacks.progbar import Progbar
from tests.callbacks.test_progbar import FakeClock, Terminal

JIT_DISABLED = os.environ.get("NUMBA_DISABLE_JIT") == "1"


def drawn(stream):
    """What the terminal shows now: the last redraw, without colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue().rsplit("\r", 1)[-1]).strip()


def test_eta_leaves_out_a_step_that_compiled():
    stream, clock = Terminal(), FakeClock()
    bar = Progbar(10, stream=stream, clock=clock, interval=0)
    for step in range(1, 6):
        clock.now += 5.1 if step == 4 else 0.1
        bar.update(step, compile_seconds=5.0 if step == 4 else 0.0)
    assert drawn(stream).split()[2:4] == ["0s", "100ms/step"]  # not 1s/step


def test_first_step_time_leaves_out_compilation():
    stream, clock = Terminal(), FakeClock()
    bar = Progbar(10, stream=stream, clock=clock, interval=0)
    clock.now = 8.2
    bar.update(1, compile_seconds=8.0)
    assert drawn(stream).split()[2:4] == ["1s", "200ms/step"]  # not 1:13 and 8s/step


def test_message_shows_after_the_bar_on_a_terminal_only():
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        Progbar(25, stream=stream, clock=FakeClock()).show_message("Compiling kernels …")
    assert drawn(terminal) == "0/25 " + "━" * 20 + " Compiling kernels …"
    assert pipe.getvalue() == ""  # a pipe, a log, a checked notebook: the same text cold or warm


def seed_model():
    model = keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten(),
                              keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


def test_expected_kernels_of_the_seed_model():
    # Dense: relu and softmax forward and backward, the bias gradient; the loss: 2; Adam: 1
    assert expected_kernels(seed_model()) == 8


def test_expected_kernels_counts_an_activation_once():
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(2, activation="relu")])
    model.compile(optimizer="adam", loss="mse")
    assert expected_kernels(model) == 6


class CompileOnFirstBatch(Callback):
    """Makes Numba compile a kernel it has never seen during the first batch, as a cold run does."""

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            from numba import njit

            @njit
            def new_kernel(x):
                return x + 1.0

            new_kernel(np.float64(1.0))


def fit_on_terminal(*callbacks):
    stream = Terminal()
    x = np.zeros((8, 2, 2), dtype=np.float32)
    y = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2, 0, 1]]
    seed_model().fit(x, y, batch_size=4, epochs=1, verbose=1,
                     callbacks=[*callbacks, ProgbarLogger(stream=stream)])
    return stream.getvalue()


@pytest.mark.skipif(JIT_DISABLED, reason="with NUMBA_DISABLE_JIT=1 nothing compiles")
def test_bar_says_compiling_while_a_kernel_compiles_and_not_otherwise():
    fit_on_terminal()  # the model's own kernels are ready after this
    prefix = MESSAGE.split("~")[0]
    cold = fit_on_terminal(CompileOnFirstBatch())
    assert f"\r\x1b[1m0/2\x1b[0m \x1b[37m{'━' * 20}\x1b[0m {prefix}~" in cold
    assert cold.count(prefix) == 1 and drawn(io.StringIO(cold)).startswith("2/2")
    assert prefix not in fit_on_terminal()
