"""The pictures: heatmap colours, the PNG writer, the SVG views, the static figure."""

import io
import re

import numpy as np
import pytest

from nbkeras.playground import Playground
from nbkeras.playground.probe import grid_points, pictures, probe
from nbkeras.playground.raster import BLUE, GREY, ORANGE, colorize, png_bytes
from nbkeras.playground.views import frame_html, render_frame


def test_colours_run_orange_grey_blue_and_clip():
    rgb = colorize(np.array([-5.0, -1.0, 0.0, 1.0, 7.0, np.nan]))
    assert [tuple(c) for c in rgb] == [ORANGE, ORANGE, GREY, BLUE, BLUE, GREY]


def test_png_writer_round_trips_through_matplotlib():
    import matplotlib.image

    rgb = np.random.default_rng(0).integers(0, 256, (5, 7, 3)).astype(np.uint8)
    decoded = matplotlib.image.imread(io.BytesIO(png_bytes(rgb)), format="png")
    np.testing.assert_array_equal(np.round(decoded * 255).astype(np.uint8), rgb)


def test_grid_runs_from_top_left_to_bottom_right():
    points = grid_points(3)
    np.testing.assert_array_equal(points[0], [-6, 6])
    np.testing.assert_array_equal(points[-1], [6, -6])


def test_probe_matches_the_model_output_and_has_one_column_per_layer():
    pg = Playground(dataset="xor", hidden=[3, 2], dropout=0.3, features=["x1", "x2", "x1*x2"]).train(2)
    columns = probe(pg.model, pg.config.features, resolution=5)
    assert [c.shape for c in columns] == [(5, 5, 3), (5, 5, 3), (5, 5, 2), (5, 5, 1)]
    points = grid_points(5)
    features = np.stack([points[:, 0], points[:, 1], points[:, 0] * points[:, 1]], axis=1)
    expected = pg.model.predict(features, verbose=0).reshape(5, 5)
    np.testing.assert_allclose(columns[-1][..., 0], expected, rtol=1e-5, atol=1e-6)
    scaled = pictures(pg, resolution=5)
    np.testing.assert_allclose(scaled[-1][..., 0], 2 * expected - 1, rtol=1e-5, atol=1e-6)
    assert np.abs(scaled[0]).max() == pytest.approx(1.0)


def test_network_view_draws_every_weight_with_its_value():
    pg = Playground(dataset="circle", hidden=[3, 2])
    frame = render_frame(pg, resolution=8)
    network = frame["network"]
    assert network.count("<line") == 2 * 3 + 3 * 2 + 2 * 1
    assert network.count('class="nbkeras-pg-neuron"') == 2 + 3 + 2 + 1
    kernel = pg.model.get_weights()[0]
    assert f"weight x₁ → neuron 1.1: {kernel[0, 0]:.3f}" in network
    widths = [float(w) for w in re.findall(r'stroke-width="([\d.]+)" opacity', network)]
    assert min(widths) >= 0.5 and max(widths) == pytest.approx(6.0)


def test_boundary_view_shows_training_and_test_points():
    pg = Playground(dataset="gaussian", n_samples=40, ratio=0.7)
    frame = render_frame(pg, resolution=8)
    assert frame["boundary"].count("<circle") == 40
    assert frame["boundary"].count("<title>test") == 12
    assert render_frame(pg, 8, show_test=False)["boundary"].count("<circle") == 28


def test_status_and_curves_follow_training():
    pg = Playground(dataset="xor", hidden=[2])
    assert "Epoch 000,000" in render_frame(pg, 8)["status"]
    pg.train(3)
    frame = render_frame(pg, 8)
    assert "Epoch 000,003" in frame["status"] and f"{pg.history['val_loss'][-1]:.3f}" in frame["status"]
    assert "nbkeras-pg-training-curve" in frame["curves"] and "nbkeras-pg-test-curve" in frame["curves"]
    assert frame_html(pg, 8).startswith('<div class="nbkeras-pg-snapshot">')


def test_png_export_and_snapshot(tmp_path):
    pg = Playground(dataset="plane", hidden=[2]).train(2)
    data = pg.to_png(tmp_path / "pg.png", resolution=10)
    assert data.startswith(b"\x89PNG") and (tmp_path / "pg.png").read_bytes() == data
    snapshot = pg.show()
    assert snapshot._repr_png_().startswith(b"\x89PNG")
    assert repr(snapshot) == "Playground snapshot: plane, 2 tanh, sgd lr 0.03, epoch 2"


def test_point_markup_is_reused_only_for_the_same_points():
    from nbkeras.playground.svg_plots import points_svg

    pg = Playground(dataset="xor", n_samples=20)
    first = points_svg(pg.points, "classification")
    assert points_svg(pg.points, "classification") is first
    pg.set(seed=1)  # new points
    assert points_svg(pg.points, "classification") != first
