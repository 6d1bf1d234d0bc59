"""PlaygroundApp: the ipywidgets app, trained live without blocking the kernel.

"Play" starts an asyncio task on the kernel's event loop. Each turn of the
task trains one epoch (``fit`` with ``initial_epoch``, a few milliseconds
for these networks), then awaits, so the kernel handles clicks and other
cells between epochs. The views are redrawn at most every ``min_interval``
seconds (frame drawing costs more than an epoch). The displayed output
carries a PNG snapshot beside the widget, refreshed when training pauses,
so a saved notebook shows the picture without a kernel.
"""

import asyncio
import base64
import time

from nbkeras.playground import controls as ui
from nbkeras.playground import datasets
from nbkeras.playground.config import MAX_LAYERS, MAX_NEURONS
from nbkeras.playground.views import render_frame

APP_TEXT = "nbkeras Playground (interactive widget; a PNG snapshot stands in without a kernel)"


class PlaygroundApp:
    """TF Playground's controls and views around a ``Playground``.

    Args:
        pg: the Playground to drive.
        min_interval: seconds between two redraws while playing.
        resolution: grid points per side of the pictures.
    """

    def __init__(self, pg, min_interval=0.1, resolution=40):
        import ipywidgets as widgets

        self.pg, self.pinned = pg, None
        self.min_interval, self.resolution = min_interval, resolution
        self.playing, self.task, self.handle = False, None, None
        self.frames, self.play_started, self.play_epochs = 0, None, 0
        self.controls = ui.build_controls(pg.config)
        self._spacer = widgets.Box(layout=widgets.Layout(width=f"{ui.NEURON_OFFSET}px"))
        self.views = {name: widgets.HTML() for name in ("status", "network", "boundary", "curves")}
        self.compare_views = {name: widgets.HTML() for name in ("status", "boundary", "curves")}
        self.compare_box = widgets.VBox(list(self.compare_views.values()),
                                        layout=widgets.Layout(display="none"))
        self.box = self._layout(widgets)
        self.box.add_class("nbkeras-playground")
        self._wire()
        self._rebuild_neurons()
        self.redraw()

    # ------------------------------------------------------------------ layout and wiring
    def _layout(self, widgets):
        c, v = self.controls, self.views
        buttons = widgets.HBox([c[name] for name in ("play", "step", "reset", "regenerate", "compare",
                                                         "export", "code")])
        data = widgets.VBox([widgets.HTML("<b>Data</b>"), c["problem"], c["dataset"], c["ratio"],
                             c["noise"], c["batch_size"], c["show_test"]])
        training = widgets.VBox([widgets.HTML("<b>Training</b>"), c["learning_rate"], c["activation"],
                                 c["regularization"], c["regularization_rate"], c["dropout"],
                                 c["optimizer"]])
        features = widgets.VBox([widgets.HTML("<b>Features</b>"),
                                 widgets.GridBox(list(c["features"].values()), layout=widgets.Layout(
                                     grid_template_columns="repeat(2, 68px)"))])
        network = widgets.VBox([widgets.HBox([c["remove_layer"], c["add_layer"], c["layers_label"]]),
                                c["neurons"], v["network"]])
        output = widgets.VBox([widgets.HTML("<b>Output</b>"), v["boundary"], v["curves"]])
        views = widgets.HBox([features, network, output, self.compare_box])
        return widgets.VBox([buttons, v["status"], widgets.HBox([data, training]), views,
                             c["message"], c["code_view"]])

    def _wire(self):
        c = self.controls
        c["play"].observe(lambda change: self.play() if change["new"] else self.pause(), "value")
        c["step"].on_click(lambda _: self.step())
        c["reset"].on_click(lambda _: self.reset())
        c["regenerate"].on_click(lambda _: self.set(seed=self.pg.config.seed + 1))
        c["export"].on_click(lambda _: self.export_png())
        c["compare"].observe(lambda change: self.compare(change["new"]), "value")
        c["code"].observe(lambda change: self._show_code(change["new"]), "value")
        c["show_test"].observe(lambda _: self.redraw(), "value")
        c["problem"].observe(self._problem_changed, "value")
        c["add_layer"].on_click(lambda _: self._change_layers(+1))
        c["remove_layer"].on_click(lambda _: self._change_layers(-1))
        simple = {"dataset": None, "ratio": 0.01, "noise": 0.01, "batch_size": None, "activation": None,
                  "learning_rate": None, "regularization": None, "regularization_rate": None,
                  "dropout": None, "optimizer": None}
        for name, scale in simple.items():
            c[name].observe(lambda change, name=name, scale=scale: self.set(
                **{name: change["new"] * scale if scale else change["new"]}), "value")
        for toggle in c["features"].values():
            toggle.observe(self._features_changed, "value")

    # ------------------------------------------------------------------ settings
    def set(self, **changes):
        """Changes settings of the Playground (A in compare mode), starts it over and redraws."""
        try:
            self.pg.set(**changes)
        except ValueError as error:  # e.g. every feature switched off
            self.controls["message"].value = f'<span style="color:#c00">{error}</span>'
            return
        self.controls["message"].value = ""
        if self.pinned is not None:  # side by side from epoch 0
            self.pinned.reset()
        self._sync_controls()
        self.redraw()

    def _problem_changed(self, change):
        kinds = datasets.REGRESSION if change["new"] == "regression" else datasets.CLASSIFICATION
        if self.pg.config.dataset not in kinds:
            self.set(dataset=kinds[0])

    def _features_changed(self, _change):
        self.set(features=[name for name, toggle in self.controls["features"].items() if toggle.value])

    def _change_layers(self, delta):
        hidden = list(self.pg.config.hidden)
        if delta > 0 and len(hidden) < MAX_LAYERS:
            self.set(hidden=hidden + [hidden[-1] if hidden else 4])
        elif delta < 0 and hidden:
            self.set(hidden=hidden[:-1])

    def _change_neurons(self, layer, delta):
        hidden = list(self.pg.config.hidden)
        hidden[layer] = min(max(hidden[layer] + delta, 1), MAX_NEURONS)
        self.set(hidden=hidden)

    def _sync_controls(self):
        """Puts the controls in line with the config (without firing their handlers twice)."""
        config, c = self.pg.config, self.controls
        kinds = datasets.REGRESSION if config.problem == "regression" else datasets.CLASSIFICATION
        if tuple(c["dataset"].options) != kinds:
            with c["dataset"].hold_trait_notifications():
                c["dataset"].options = list(kinds)
        for name, value in (("problem", config.problem), ("dataset", config.dataset)):
            if c[name].value != value:
                c[name].value = value
        self._rebuild_neurons()

    def _rebuild_neurons(self):
        hidden = self.pg.config.hidden
        columns, plus, minus = ui.neuron_buttons(hidden)
        for index, (add, remove) in enumerate(zip(plus, minus)):
            add.on_click(lambda _, index=index: self._change_neurons(index, +1))
            remove.on_click(lambda _, index=index: self._change_neurons(index, -1))
        old = self.controls["neurons"].children[1:]
        self.controls["neurons"].children = [self._spacer] + columns  # each column above its layer
        for column in old:  # close the replaced buttons so their models do not pile up
            for child in column.children[0].children + column.children[1:]:
                child.close()
            column.children[0].close()
            column.close()
        self.controls["layers_label"].value = ui.layers_text(hidden)
        self.controls["add_layer"].disabled = len(hidden) >= MAX_LAYERS
        self.controls["remove_layer"].disabled = not hidden

    # ------------------------------------------------------------------ training
    def step(self):
        """One epoch (also for B in compare mode), then a redraw."""
        for pg in self._playgrounds():
            pg.step()
        self.redraw()

    def train(self, epochs):
        """Trains ``epochs`` epochs from code (no animation), then redraws and refreshes the snapshot."""
        for pg in self._playgrounds():
            pg.train(epochs)
        self.redraw()
        self.update_snapshot()
        return self

    def reset(self):
        """Starts over from the same initial weights."""
        for pg in self._playgrounds():
            pg.reset()
        self.redraw()

    def play(self):
        """Starts training in the background (an asyncio task on the kernel's loop)."""
        if self.playing:
            return
        self.playing = True
        self.controls["play"].value, self.controls["play"].icon = True, "pause"
        self.controls["play"].description = "Pause"
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        self.task = loop.create_task(self.run())

    def pause(self):
        """Stops the background training after the current epoch and refreshes the snapshot."""
        was_playing, self.playing = self.playing, False
        self.controls["play"].value, self.controls["play"].icon = False, "play"
        self.controls["play"].description = "Play"
        if was_playing:
            self.redraw()
            self.update_snapshot()

    async def run(self, max_epochs=None):
        """The play loop: one epoch per turn, a redraw every ``min_interval`` s, then yield.

        Args:
            max_epochs: stop after this many epochs (tests); None plays until paused.
        """
        self.frames, self.play_epochs, self.play_started = 0, 0, time.perf_counter()
        last_draw = -float("inf")
        while self.playing and (max_epochs is None or self.play_epochs < max_epochs):
            trained = [pg.train(1) for pg in self._playgrounds()]
            self.play_epochs += 1
            if time.perf_counter() - last_draw >= self.min_interval:
                self.redraw()
                last_draw = time.perf_counter()
            if all(pg.diverged for pg in trained):
                break
            await asyncio.sleep(0.001)  # let the kernel handle clicks and cells
        if self.playing:
            self.pause()
        else:
            self.redraw()

    def frame_rate(self):
        """``(redraws per second, epochs per second)`` of the last play run."""
        if not self.play_started:
            return 0.0, 0.0
        seconds = max(time.perf_counter() - self.play_started, 1e-9)
        return self.frames / seconds, self.play_epochs / seconds

    # ------------------------------------------------------------------ views
    def redraw(self):
        """Renders the views of the Playground (and of B in compare mode) into the widgets."""
        show_test = self.controls["show_test"].value
        frame = render_frame(self.pg, self.resolution, show_test)
        for name, widget in self.views.items():
            widget.value = frame[name]
        if self.pinned is not None:
            pinned = render_frame(self.pinned, self.resolution, show_test)
            for name, widget in self.compare_views.items():
                widget.value = pinned[name].replace("nbkeras-pg-", "nbkeras-pg-b-")
        self.frames += 1

    def compare(self, on=True):
        """Compare mode: B is a frozen copy of the current settings; A follows the controls.

        Both start over from the same seed and data and train side by side.
        """
        if on and self.pinned is None:
            self.pinned = type(self.pg)(**self.pg.config.__dict__)  # same class, no import circle
            self.pg.reset()
        elif not on:
            self.pinned = None
        self.compare_box.layout.display = "" if self.pinned is not None else "none"
        if self.controls["compare"].value != on:
            self.controls["compare"].value = on
        self.redraw()

    def _playgrounds(self):
        return [self.pg] + ([self.pinned] if self.pinned is not None else [])

    def export_png(self, path=None):
        """Writes the current picture (both rows in compare mode) to a PNG file; returns its path."""
        from nbkeras.playground.figure import figure_png

        path = path or f"playground-{self.pg.config.dataset}-epoch{self.pg.epoch}.png"
        figure_png(self._playgrounds(), path)
        self.controls["message"].value = f"saved <code>{path}</code>"
        return path

    def _show_code(self, on):
        self.controls["code_view"].value = self.pg.to_code() if on else ""
        self.controls["code_view"].layout.display = "" if on else "none"

    # ------------------------------------------------------------------ display
    def _bundle(self):
        from nbkeras.playground.figure import figure_png

        png = figure_png(self._playgrounds(), resolution=self.resolution)
        return {"application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                             "model_id": self.box.model_id},
                "image/png": base64.b64encode(png).decode("ascii"), "text/plain": APP_TEXT}

    def _ipython_display_(self):
        from IPython.display import display

        self.handle = display(self._bundle(), raw=True, display_id=True)

    def update_snapshot(self):
        """Refreshes the PNG stored beside the widget in the notebook (when displayed)."""
        if self.handle is not None:
            self.handle.update(self._bundle(), raw=True)

    def __repr__(self):
        return APP_TEXT

