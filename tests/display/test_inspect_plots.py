"""Looking inside a model: weight histograms, activations, a Dense kernel image."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nbkeras as keras  # noqa: E402
from nbkeras import display  # noqa: E402


@pytest.fixture
def model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten(name="flatten"),
                             keras.layers.Dense(16, activation="relu", name="dense"),
                             keras.layers.Dense(3, activation="softmax", name="dense_1")])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_weights_draws_a_histogram_per_weight(model):
    figure = display.plot_weights(model)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles == ["dense / kernel (4, 16)", "dense / bias (16,)",
                      "dense_1 / kernel (16, 3)", "dense_1 / bias (3,)"]
    kernel_counts = sum(patch.get_height() for patch in figure.axes[0].patches)
    assert kernel_counts == 64, "every kernel value lands in the histogram"


def test_plot_weights_needs_a_built_model():
    with pytest.raises(ValueError, match="no weights yet"):
        display.plot_weights(keras.Sequential([keras.layers.Dense(2)]))


def test_plot_activations_shows_each_layer_for_the_batch(model):
    x = np.random.rand(8, 2, 2).astype("float32")
    figure = display.plot_activations(model, x)
    heatmaps = [ax for ax in figure.axes if ax.images and ax.get_title()]
    assert [ax.get_title() for ax in heatmaps] == ["flatten", "dense (relu)", "dense_1 (softmax)"]
    assert heatmaps[1].images[0].get_array().shape == (8, 16)
    assert np.allclose(heatmaps[2].images[0].get_array().sum(axis=1), 1.0, atol=1e-5)


def test_layer_outputs_match_the_model_and_leave_it_unchanged(model):
    x = np.random.rand(5, 2, 2).astype("float32")
    outputs = display.layer_outputs(model, x)
    assert [(layer.name, values.shape) for layer, values in outputs] == [
        ("flatten", (5, 4)), ("dense", (5, 16)), ("dense_1", (5, 3))]
    np.testing.assert_allclose(outputs[-1][1], model.predict(x, verbose=0), rtol=1e-6)
    assert all("call" not in layer.__dict__ for layer in model.layers)


def test_plot_kernel_shows_the_kernel_as_an_image(model):
    figure = display.plot_kernel(model.layers[1])
    image = figure.axes[0].images[0]
    np.testing.assert_array_equal(image.get_array(), model.layers[1].kernel.numpy())
    low, high = image.get_clim()
    assert low == -high, "the colour scale is centred on zero"


def test_plot_kernel_refuses_layers_without_a_2d_kernel(model):
    with pytest.raises(ValueError, match='Flatten "flatten" with kernel shape None'):
        display.plot_kernel(model.layers[0])
