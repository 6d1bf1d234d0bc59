"""TrainingPanel: the live ``fit(verbose=1)`` display in a notebook.

One ipywidgets panel shows the epoch and batch progress, the ETA, the
current metrics and the learning curves. It is displayed once and then
only its widgets' values change (comm messages), at most every
``min_interval`` seconds, so the notebook never fills with output. When
training ends the panel is hidden and closed, and two static outputs take
its place: an HTML table of the last epoch and the curves as a PNG. A saved
notebook, reopened without a kernel or exported to HTML, shows those.

``evaluate``/``predict`` with ``verbose=1`` print the text bar's final line.
"""

import functools
import html
import sys
import time

from nbkeras.callbacks.callback import Callback
from nbkeras.callbacks.compile_notice import CompileNotice
from nbkeras.callbacks.progbar import Progbar, format_eta
from nbkeras.callbacks.progbar_logger import ProgbarLogger
from nbkeras.display import history_view
from nbkeras.display.training_summary import TrainingSummary, last_value

PANEL_CLASS = "nbkeras-train-panel"
PANEL_TEXT = "nbkeras training panel (live widget; the final summary is shown below it)"
# What the panel's output becomes when training ends: JupyterLab hides a widget
# view whose model_id is empty, now and when the saved notebook is reopened
# (instead of "Error displaying widget: model not found"). The text stays the
# same, so nbval, which ignores this update, still compares equal.
CLOSED_PANEL_BUNDLE = {
    "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                 "model_id": ""},
    "text/plain": PANEL_TEXT,
}


class TrainingPanel(Callback):
    """Live training display for Jupyter; the progress callback of ``fit(verbose=1)`` there.

    Args:
        display: the function that shows an object (default
            ``IPython.display.display``); tests pass a list's ``append``.
        min_interval: seconds between two updates of the panel (0.2: at most
            five a second).
        clock: the time source (tests pass a fake one).

    Example:
        >>> model.fit(x, y, epochs=20, callbacks=[TrainingPanel()], verbose=0)  # doctest: +SKIP
    """

    def __init__(self, display=None, min_interval=0.2, clock=time.monotonic):
        super().__init__()
        self.display = display
        self.min_interval = min_interval
        self.clock = clock
        self.widgets = None
        self._panel_handle = None
        self.in_fit = False
        self.text_logger = _FinalLineLogger()
        self._render_seconds = 0.0
        self._unbuilt_batch = None  # the batch whose logs it told the trainer not to build
        self.compiles = None  # listens for kernel compilation during fit

    def set_params(self, params):
        super().set_params(params)
        self.text_logger.set_params(params)

    # ------------------------------------------------------------------ fit
    def on_train_begin(self, logs=None):
        self.in_fit = True
        self.history, self.epochs_done = {}, []
        self.epoch, self.first_epoch, self.batch, self.logs = None, None, 0, {}
        self.start = self.clock()
        self._last_refresh = self._last_curves = -float("inf")
        self._curves_figure = None
        self.widgets = _build_widgets(self.params.get("steps"))
        self._panel_handle = self._show(self.widgets["panel"], display_id=True)
        # Steps that made kernels ready (first run: compiling) stay out of the ETA.
        self._last_step_time, self._excluded_seconds, self._excluded_steps = self.start, 0.0, 0
        self.compiles = CompileNotice(self.model, self._show_compiling).start()

    def on_epoch_begin(self, epoch, logs=None):
        if self.first_epoch is None:
            self.first_epoch = epoch
            self.widgets["epoch_bar"].max = max(self.params.get("epochs", 1) - epoch, 1)
        self.epoch, self.batch, self.logs = epoch, 0, {}
        self._refresh()

    def _reads_batch_logs(self, hook, batch):
        """The trainer builds a step's logs for the panel only when it will refresh."""
        if hook == "on_test_batch_end":
            return not self.in_fit and self.text_logger._reads_batch_logs(hook, batch)
        if self.widgets is not None and self.clock() - self._last_refresh >= self.min_interval:
            return True
        self._unbuilt_batch = batch
        return False

    def on_train_batch_end(self, batch, logs=None):
        self.batch = batch + 1
        self._note_kernel_time(steps=1)
        if not logs and self._unbuilt_batch == batch:
            self._unbuilt_batch = None  # no values this step: the next refresh will have some
            return
        self._unbuilt_batch = None
        self.logs = dict(logs or {})
        self._refresh()

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_done.append(epoch)
        self._note_kernel_time(steps=0)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        self.logs = {k: v for k, v in (logs or {}).items() if not k.startswith("val_")}
        now = self.clock()
        if now - self._last_curves >= max(self.min_interval, 4 * self._render_seconds):
            self._draw_curves()
            self._last_curves = self.clock()
        self._refresh()

    def on_train_end(self, logs=None):
        self.in_fit = False
        if self.compiles is not None:
            self.compiles.stop()
        if self.widgets is None:
            return
        seconds = self.clock() - self.start
        if self._panel_handle is not None:
            self._panel_handle.update(CLOSED_PANEL_BUNDLE, raw=True)
        _close(self.widgets)
        self.widgets = None
        self._show(TrainingSummary(self.history, [e + 1 for e in self.epochs_done],
                                   self.params.get("epochs"), seconds))
        if self.epochs_done:
            from IPython.display import Image

            self._show(Image(data=self._curves_png(), format="png"))

    # ------------------------------------------------------------------ evaluate / predict
    def on_test_begin(self, logs=None):
        if not self.in_fit:
            self.text_logger.on_test_begin(logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self.in_fit:
            self.text_logger.on_test_batch_end(batch, logs)

    def on_test_end(self, logs=None):
        if not self.in_fit:
            self.text_logger.on_test_end(logs)

    def on_predict_begin(self, logs=None):
        self.text_logger.on_predict_begin(logs)

    def on_predict_batch_end(self, batch, logs=None):
        self.text_logger.on_predict_batch_end(batch, logs)

    def on_predict_end(self, logs=None):
        self.text_logger.on_predict_end(logs)

    # ------------------------------------------------------------------ drawing
    def _show(self, obj, **kwargs):
        if self.display is None:
            from IPython.display import display

            self.display = display
        return self.display(obj, **kwargs)

    def _note_kernel_time(self, steps):
        """Leaves the time since the last step out of the ETA if kernels were made ready in it."""
        now = self.clock()
        if self.compiles is not None and self.compiles.take_seconds():
            self._excluded_seconds += now - self._last_step_time
            self._excluded_steps += steps
        self._last_step_time = now

    def _show_compiling(self, message):
        """The status line while a kernel compiles: shown at once, whatever the interval."""
        if self.widgets is None or self.epoch is None:
            return
        epochs, steps = self.params.get("epochs", 1), self.params.get("steps")
        batch_text = f"batch {self.batch}/{steps}" if steps else f"batch {self.batch}"
        self.widgets["status"].value = (
            f'<span class="nbkeras-train-status"><b>Epoch {self.epoch + 1}/{epochs}</b> '
            f"&middot; {batch_text} &middot; {html.escape(message)}</span>")

    def _refresh(self):
        """Pushes the current state to the widgets, at most every ``min_interval`` s."""
        now = self.clock()
        if now - self._last_refresh < self.min_interval or self.widgets is None:
            return
        self._last_refresh = now
        epochs, steps = self.params.get("epochs", 1), self.params.get("steps")
        run_length = max(epochs - (self.first_epoch or 0), 1)
        finished = len(self.epochs_done)
        within = self.batch / steps if steps else 0.0
        fraction = min((finished + (0 if self._epoch_finished() else within)) / run_length, 1.0)
        elapsed = now - self.start
        measured = fraction - self._excluded_steps / (steps * run_length) if steps else fraction
        eta = (format_eta((elapsed - self._excluded_seconds) * (1 - fraction) / measured)
               if measured > 0 else "?")
        batch_text = f"batch {self.batch}/{steps}" if steps else f"batch {self.batch}"
        w = self.widgets
        w["status"].value = (f'<span class="nbkeras-train-status"><b>Epoch {self.epoch + 1}/{epochs}'
                             f"</b> &middot; {batch_text} &middot; elapsed {elapsed:.1f}s "
                             f"&middot; ETA {eta}</span>")
        w["epoch_bar"].value = fraction * run_length
        w["batch_bar"].value = min(self.batch, steps) if steps else 0
        w["metrics"].value = _metrics_html(self.logs, self.history)

    def _epoch_finished(self):
        return bool(self.epochs_done) and self.epochs_done[-1] == self.epoch

    def _draw_curves(self):
        first = self._curves_figure is None
        started = time.perf_counter()
        self.widgets["curves"].value = self._curves_png(mark_best=False)
        if first:  # the first drawing also imports matplotlib: not a fair measure
            self.widgets["curves"].layout.display = ""
        else:
            self._render_seconds = time.perf_counter() - started

    def _curves_png(self, mark_best=True):
        from nbkeras.display.figures import offscreen_figure, png_bytes

        names = history_view.metric_names(self.history)
        if self._curves_figure is None:
            self._curves_figure = offscreen_figure((3.6 * max(len(names), 1), 2.6), dpi=80)
        epochs = [e + 1 for e in self.epochs_done]
        history_view.draw_curves(self._curves_figure, epochs, self.history, names, mark_best,
                                 tight=False)
        return png_bytes(self._curves_figure)


class _FinalLineLogger(ProgbarLogger):
    """The text bar's final line only: a live ``\\r`` bar would pile up in a notebook."""

    def _new_bar(self, target):
        self.progbar = Progbar(target, verbose=self.verbose, stream=self.stream or sys.stdout,
                               dynamic=False)


def _metrics_html(logs, history):
    """A small table: this epoch's running values and the last validation values."""
    names = history_view.metric_names({**history, **logs})
    head = "".join(f"<th>{html.escape(name)}</th>" for name in names)
    training = "".join(f"<td>{history_view.format_value(logs.get(name))}</td>" for name in names)
    rows = f"<tr><th>training</th>{training}</tr>"
    if any(key.startswith("val_") for key in history):
        validation = "".join(f"<td>{history_view.format_value(last_value(history.get('val_' + name)))}</td>"
                             for name in names)
        rows += f"<tr><th>validation</th>{validation}</tr>"
    return (f'<table class="nbkeras-train-metrics" style="border-spacing: 14px 2px">'
            f"<tr><th></th>{head}</tr>{rows}</table>")


@functools.lru_cache(maxsize=None)
def _panel_class():
    import ipywidgets as widgets

    class TrainingPanelBox(widgets.VBox):
        """A VBox whose text fallback is one fixed line (what nbval compares)."""

        def __repr__(self):
            return PANEL_TEXT

    return TrainingPanelBox


def _build_widgets(steps):
    import ipywidgets as widgets

    bar_layout = widgets.Layout(width="480px")
    style = {"description_width": "70px"}
    parts = {
        "status": widgets.HTML("<b>Starting…</b>"),
        "epoch_bar": widgets.FloatProgress(0, min=0, max=1, description="epochs",
                                           layout=bar_layout, style=style),
        "batch_bar": widgets.FloatProgress(0, min=0, max=steps or 1, description="batches",
                                           layout=widgets.Layout(width="480px"), style=style),
        "metrics": widgets.HTML(""),
        "curves": widgets.Image(format="png", layout=widgets.Layout(display="none")),
    }
    parts["epoch_bar"].add_class("nbkeras-epoch-progress")
    parts["batch_bar"].add_class("nbkeras-batch-progress")
    parts["panel"] = _panel_class()(children=[parts[k] for k in
                                              ("status", "epoch_bar", "batch_bar", "metrics", "curves")])
    parts["panel"].add_class(PANEL_CLASS)
    return parts


def _close(parts):
    """Hides the panel, drops the large image, closes every widget.

    Hidden first so that widget state stored in the notebook (nbclient,
    nbconvert) renders nothing; closed so the front-end removes the view.
    """
    parts["curves"].value = b""
    parts["panel"].layout.display = "none"
    for name in ("status", "epoch_bar", "batch_bar", "metrics", "curves", "panel"):
        parts[name].close()
