"""The live panel on a first run: it says it is compiling, and its ETA leaves that time out."""

import os

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from nbkeras.callbacks.compile_notice import MESSAGE  # noqa: E402
from nbkeras.display.live_panel import TrainingPanel  # noqa: E402
from tests.display.test_live_panel import FakeClock, FakeDisplay  # noqa: E402

pytestmark = pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1",
                                reason="with NUMBA_DISABLE_JIT=1 nothing compiles")


def compile_a_new_kernel():
    from numba import njit

    @njit
    def new_kernel(x):
        return x + 1.0

    new_kernel(np.float64(1.0))


def panel_in_first_epoch(clock, epochs):
    """A panel (updating without delay) whose fit of 10 steps an epoch has just begun."""
    panel = TrainingPanel(display=FakeDisplay(), clock=clock, min_interval=0)
    panel.set_params({"verbose": 1, "epochs": epochs, "steps": 10})
    panel.on_train_begin()
    panel.on_epoch_begin(0)
    return panel


def test_panel_says_compiling_during_the_step_that_compiles():
    panel = panel_in_first_epoch(FakeClock(), epochs=2)
    statuses = []
    panel.widgets["status"].observe(lambda change: statuses.append(change["new"]), "value")
    compile_a_new_kernel()
    assert len(statuses) == 1 and "Epoch 1/2" in statuses[0] and "batch 0/10" in statuses[0]
    assert MESSAGE.split("~")[0] + "~" in statuses[0]
    panel.on_train_batch_end(0, {"loss": 1.0})
    assert MESSAGE.split("~")[0] not in panel.widgets["status"].value
    panel.on_train_end()


def test_panel_eta_leaves_out_the_step_that_compiled():
    clock = FakeClock()
    panel = panel_in_first_epoch(clock, epochs=4)
    for batch in range(5):
        clock.now += 30.25 if batch == 0 else 0.25
        if batch == 0:
            compile_a_new_kernel()  # a first step that compiled for 30 s
        panel.on_train_batch_end(batch, {"loss": 0.5})
    status = panel.widgets["status"].value
    assert "ETA 8s" in status, status  # 35 steps left at 0.25 s, not at 31.25 s / 5
    panel.on_train_end()
