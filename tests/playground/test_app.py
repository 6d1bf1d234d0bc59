"""The widget app: every control reaches the Playground; play runs as an asyncio task."""

import asyncio

import pytest

from nbkeras.playground import Playground
from nbkeras.playground.app import APP_TEXT


@pytest.fixture
def app():
    return Playground(dataset="spiral", hidden=[2, 2]).app()


def test_data_and_training_controls_change_the_playground(app):
    c = app.controls
    changes = {"dataset": "xor", "ratio": 30, "noise": 25, "batch_size": 5, "activation": "relu",
               "learning_rate": 0.1, "regularization": "l2", "regularization_rate": 0.01,
               "dropout": 0.2, "optimizer": "adam"}
    for name, value in changes.items():
        c[name].value = value
    config = app.pg.config
    assert (config.dataset, config.ratio, config.noise, config.batch_size) == ("xor", 0.3, 0.25, 5)
    assert (config.activation, config.learning_rate, config.optimizer) == ("relu", 0.1, "adam")
    assert (config.regularization, config.regularization_rate, config.dropout) == ("l2", 0.01, 0.2)


def test_feature_toggles(app):
    app.controls["features"]["sin(x1)"].value = True
    app.controls["features"]["x1"].value = False
    assert app.pg.config.features == ("x2", "sin(x1)")
    app.controls["features"]["x2"].value = False
    app.controls["features"]["sin(x1)"].value = False
    assert "non-empty subset" in app.controls["message"].value  # the last one is kept
    assert app.pg.config.features == ("sin(x1)",)


def test_layer_and_neuron_buttons(app):
    c = app.controls
    c["add_layer"].click()
    assert app.pg.config.hidden == (2, 2, 2) and "3 hidden layers" in c["layers_label"].value
    plus = c["neurons"].children[2].children[0].children[0]  # [0] is the spacer
    for _ in range(10):
        plus.click() if not plus.disabled else None
        plus = c["neurons"].children[2].children[0].children[0]  # [0] is the spacer
    assert app.pg.config.hidden == (2, 8, 2) and plus.disabled
    for _ in range(4):
        c["remove_layer"].click()
    assert app.pg.config.hidden == () and c["remove_layer"].disabled
    assert "0 hidden layers" in c["layers_label"].value


def test_problem_type_switches_the_datasets(app):
    app.controls["problem"].value = "regression"
    assert app.pg.config.dataset == "plane"
    assert tuple(app.controls["dataset"].options) == ("plane", "multi_gaussian")
    app.controls["problem"].value = "classification"
    assert app.pg.config.problem == "classification" and app.pg.config.dataset == "circle"


def test_step_reset_and_the_epoch_counter(app):
    app.controls["step"].click()
    app.controls["step"].click()
    assert app.pg.epoch == 2 and "Epoch 000,002" in app.views["status"].value
    app.controls["reset"].click()
    assert app.pg.epoch == 0 and "Epoch 000,000" in app.views["status"].value


def test_play_loop_trains_redraws_and_can_be_paused(app):
    app.playing = True
    asyncio.run(app.run(max_epochs=6))
    assert app.pg.epoch == 6 and app.frames >= 1 and not app.playing
    redraws, epochs = app.frame_rate()
    assert redraws > 0 and epochs > 0

    async def pause_soon():
        app.playing = True
        task = asyncio.ensure_future(app.run())
        for _ in range(3):
            await asyncio.sleep(0)
        app.pause()
        await task

    asyncio.run(pause_soon())
    assert 6 < app.pg.epoch < 20 and app.controls["play"].description == "Play"


def test_play_button_starts_a_task_on_the_running_loop(app):
    async def press_play():
        app.controls["play"].value = True
        assert app.playing and app.controls["play"].description == "Pause"
        await asyncio.sleep(0.05)
        app.controls["play"].value = False
        await app.task

    asyncio.run(press_play())
    assert app.pg.epoch >= 1 and not app.playing


def test_compare_trains_a_frozen_copy_side_by_side(app):
    app.controls["compare"].value = True
    assert app.pinned.config == app.pg.config and app.compare_box.layout.display == ""
    app.controls["activation"].value = "relu"
    app.step()
    assert app.pinned.config.activation == "tanh" and app.pg.config.activation == "relu"
    assert app.pinned.epoch == app.pg.epoch == 1
    assert "nbkeras-pg-b-boundary" in app.compare_views["boundary"].value
    app.controls["compare"].value = False
    assert app.pinned is None and app.compare_box.layout.display == "none"


def test_export_and_code_view(app, tmp_path):
    path = app.export_png(str(tmp_path / "picture.png"))
    assert open(path, "rb").read(4) == b"\x89PNG" and "picture.png" in app.controls["message"].value
    app.controls["code"].value = True
    assert app.controls["code_view"].value == app.pg.to_code()


def test_display_bundle_has_the_widget_a_png_and_fixed_text(app):
    bundle = app._bundle()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == app.box.model_id
    assert bundle["image/png"].startswith("iVBOR") and bundle["text/plain"] == APP_TEXT
    assert repr(app) == APP_TEXT and app.pg.app() is app


def test_regenerate_moves_the_seed_and_draws_new_data(app):
    points = app.pg.points[0].copy()
    app.controls["regenerate"].click()
    assert app.pg.config.seed == 1 and app.pg.epoch == 0
    assert not (app.pg.points[0] == points).all()


def test_a_playground_shown_as_a_cell_result_displays_the_app(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, **kwargs: shown.append((obj, kwargs)) or "handle")
    pg = Playground(dataset="xor", hidden=[2])
    pg._ipython_display_()
    bundle, options = shown[0]
    assert options == {"raw": True, "display_id": True} and bundle["text/plain"] == APP_TEXT
    assert pg.app().handle == "handle"
