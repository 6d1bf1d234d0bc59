"""The live training panel without a browser: its outputs, its throttle, and who gets it."""

import re
import sys
import textwrap

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import nbkeras as keras  # noqa: E402
from nbkeras.callbacks.progbar_logger import ProgbarLogger, make_progress_callback  # noqa: E402
from nbkeras.display.live_panel import (  # noqa: E402
    CLOSED_PANEL_BUNDLE,
    PANEL_CLASS,
    PANEL_TEXT,
    TrainingPanel,
    TrainingSummary,
)

SANITIZE = re.compile(r"\b\d+(\.\d+)?\s?(s|ms|us|sec|seconds)\b")


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class FakeHandle:
    def __init__(self):
        self.updates = []

    def update(self, obj, **kwargs):
        self.updates.append((obj, kwargs))


class FakeDisplay:
    """Records what would be displayed; ``display_id=True`` returns a handle, as IPython's."""

    def __init__(self):
        self.shown, self.handles, self.bundles = [], [], []

    def __call__(self, obj, display_id=None):
        self.shown.append(obj)
        render = getattr(obj, "_repr_mimebundle_", None)
        self.bundles.append(render() if render else {"text/plain": repr(obj)})
        if display_id:
            self.handles.append(FakeHandle())
            return self.handles[-1]
        return None


def run_hooks(panel, epochs=3, steps=4, clock=None, step_seconds=0.1):
    panel.set_params({"verbose": 1, "epochs": epochs, "steps": steps})
    panel.on_train_begin()
    for epoch in range(epochs):
        panel.on_epoch_begin(epoch)
        for batch in range(steps):
            if clock is not None:
                clock.now += step_seconds
            panel.on_train_batch_end(batch, {"accuracy": 0.5 + 0.1 * epoch, "loss": 1.0 - 0.2 * epoch})
        panel.on_epoch_end(epoch, {"accuracy": 0.5 + 0.1 * epoch, "loss": 1.0 - 0.2 * epoch,
                                   "val_accuracy": 0.45 + 0.1 * epoch,
                                   "val_loss": 1.1 - 0.2 * epoch})
    panel.on_train_end()


def test_panel_shows_widget_then_summary_table_then_png():
    display, clock = FakeDisplay(), FakeClock()
    run_hooks(TrainingPanel(display=display, clock=clock), clock=clock)
    widget, summary, image = display.shown
    bundle = display.bundles[0]
    assert bundle["text/plain"] == PANEL_TEXT
    assert len(bundle["application/vnd.jupyter.widget-view+json"]["model_id"]) == 32
    assert PANEL_CLASS in widget._dom_classes
    assert isinstance(summary, TrainingSummary)
    assert type(image).__name__ == "Image" and image.data.startswith(b"\x89PNG")
    assert repr(summary) == textwrap.dedent("""\
        Trained 3 epochs in 1.2 s.
        metric    training  validation
        loss      0.6000    0.7000
        accuracy  0.7000    0.6500
        best val_loss 0.7000 at epoch 3""")
    html = summary._repr_html_()
    assert '<div class="nbkeras-train-summary">' in html
    assert "<tr><th>loss</th><td>0.6000</td><td>0.7000</td></tr>" in html


def test_panel_output_is_hidden_and_widgets_closed_at_the_end():
    display = FakeDisplay()
    panel = TrainingPanel(display=display, clock=FakeClock())
    run_hooks(panel)
    (handle,) = display.handles
    assert handle.updates == [(CLOSED_PANEL_BUNDLE, {"raw": True})]
    assert CLOSED_PANEL_BUNDLE["text/plain"] == PANEL_TEXT, "nbval sees the first text only"
    widget = display.shown[0]
    assert widget.comm is None, "the panel widget should be closed when training ends"
    assert widget.layout.display == "none"


def test_summary_text_is_deterministic_after_sanitizing():
    texts = set()
    for seconds in (0.31, 12.5):
        clock = FakeClock()
        display = FakeDisplay()
        run_hooks(TrainingPanel(display=display, clock=clock), clock=clock, step_seconds=seconds)
        texts.add(SANITIZE.sub("<TIME>", repr(display.shown[1])))
        texts.add(SANITIZE.sub("<TIME>", display.shown[1]._repr_html_()))
    assert len(texts) == 2, texts


def test_panel_updates_at_most_every_min_interval():
    clock, display = FakeClock(), FakeDisplay()
    panel = TrainingPanel(display=display, clock=clock, min_interval=0.2)
    panel.set_params({"verbose": 1, "epochs": 2, "steps": 100})
    panel.on_train_begin()
    changes = []
    panel.widgets["status"].observe(lambda change: changes.append(change["new"]), "value")
    for epoch in range(2):
        panel.on_epoch_begin(epoch)
        for batch in range(100):
            clock.now += 0.01  # one second of batches per epoch
            panel.on_train_batch_end(batch, {"loss": 1.0})
        panel.on_epoch_end(epoch, {"loss": 1.0})
    assert 8 <= len(changes) <= 11, f"{len(changes)} updates in 2 s of training: {changes[:3]}"
    assert "Epoch 2/2" in changes[-1]


def test_panel_status_shows_epoch_batch_and_eta():
    clock = FakeClock()
    panel = TrainingPanel(display=FakeDisplay(), clock=clock, min_interval=0)
    panel.set_params({"verbose": 1, "epochs": 4, "steps": 10})
    panel.on_train_begin()
    panel.on_epoch_begin(0)
    clock.now = 1.0
    panel.on_train_batch_end(4, {"loss": 0.5})
    status = panel.widgets["status"].value
    assert "Epoch 1/4" in status and "batch 5/10" in status and "ETA 7s" in status, status
    assert panel.widgets["batch_bar"].value == 5
    assert panel.widgets["epoch_bar"].value == pytest.approx(0.5)
    assert "<td>0.5000</td>" in panel.widgets["metrics"].value


def test_fit_with_panel_keeps_history_and_shows_three_outputs():
    keras.utils.set_random_seed(0)
    x = np.random.rand(64, 3).astype("float32")
    y = (x.sum(axis=1, keepdims=True) > 1.5).astype("float32")
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    display = FakeDisplay()
    history = model.fit(x, y, epochs=3, validation_split=0.25, verbose=0,
                        callbacks=[TrainingPanel(display=display)])
    assert [type(o).__name__ for o in display.shown] == ["TrainingPanelBox", "TrainingSummary",
                                                         "Image"]
    assert len(history.history["val_loss"]) == 3
    assert "Trained 3 epochs" in repr(display.shown[1])


def test_evaluate_and_predict_print_one_final_line(capsys):
    panel = TrainingPanel(display=FakeDisplay())
    panel.set_params({"verbose": 1, "epochs": 1, "steps": 3})
    panel.on_test_begin()
    for batch in range(3):
        panel.on_test_batch_end(batch, {"loss": 0.25})
    panel.on_test_end({"loss": 0.25})
    panel.on_predict_begin()
    for batch in range(3):
        panel.on_predict_batch_end(batch, {})
    panel.on_predict_end()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2 and "\r" not in out and "\b" not in out and "\x1b" not in out, out
    assert lines[0].startswith("3/3 ") and lines[0].endswith("- loss: 0.2500")


def test_stopped_run_says_where_it_stopped():
    summary = TrainingSummary({"loss": [0.5, 0.4]}, [1, 2], 10, 0.5)
    assert repr(summary).splitlines()[0] == "Stopped after epoch 2 of 10 (2 epochs) in 0.5 s."
    assert "before the first epoch" in repr(TrainingSummary({}, [], 10, 0.1))


class FakeShell:
    kernel = object()


@pytest.fixture
def fake_kernel(monkeypatch):
    import IPython

    monkeypatch.setitem(sys.modules, "ipykernel", sys.modules.get("ipykernel", object()))
    monkeypatch.setattr(IPython, "get_ipython", lambda: FakeShell())
    monkeypatch.delenv("NBKERAS_PROGRESS", raising=False)


def test_terminal_gets_the_text_bar(monkeypatch):
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    assert type(make_progress_callback(1)) is ProgbarLogger


def test_notebook_kernel_gets_the_panel_for_verbose_1_only(fake_kernel):
    assert isinstance(make_progress_callback(1), TrainingPanel)
    assert isinstance(make_progress_callback("auto"), TrainingPanel)
    assert type(make_progress_callback(2)) is ProgbarLogger


def test_nbkeras_progress_text_forces_the_text_bar(fake_kernel, monkeypatch):
    monkeypatch.setenv("NBKERAS_PROGRESS", "text")
    assert type(make_progress_callback(1)) is ProgbarLogger
