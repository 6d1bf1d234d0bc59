"""Inside views of convolutional networks: filters, feature maps, Grad-CAM, BatchNorm statistics."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nbkeras as keras  # noqa: E402
from nbkeras import display, layers  # noqa: E402


@pytest.fixture(scope="module")
def cnn():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((10, 10, 1)),
        layers.Conv2D(32, 3, activation="relu", name="c1"),
        layers.MaxPooling2D(name="p1"),
        layers.Conv2D(64, 3, padding="same", activation="relu", name="c2"),
        layers.BatchNormalization(name="bn"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(3, activation="softmax"),
    ])
    x = np.random.default_rng(0).random((16, 10, 10, 1)).astype("float32")
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, np.arange(16) % 3, epochs=1, verbose=0)
    return model, x


def test_conv_layer_displays_its_filters_as_png(cnn):
    model, _ = cnn
    png = model.layers[0]._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert layers.Conv2D(2, 3)._repr_png_() is None  # unbuilt: plain text repr instead


def test_plot_filters_one_grid(cnn):
    model, _ = cnn
    figure = display.plot_filters(model.layers[2])
    images = [ax for ax in figure.axes if ax.images]
    assert len(images) == 64
    assert "mean over 32 input channels" in figure._suptitle.get_text()
    assert len([ax for ax in display.plot_filters(model.layers[2], input_channel=3).axes if ax.images]) == 64


def test_feature_maps_one_block_per_conv_or_pool_layer(cnn):
    model, x = cnn
    figure = display.feature_maps(model, x[:1])
    titles = [sub._suptitle.get_text() for sub in figure.subfigs]
    assert [t.split(" ")[0] for t in titles] == ["c1", "p1", "c2"]
    assert len([ax for ax in figure.axes if ax.images]) == 32 + 32 + 64


def test_grad_cam_heatmaps_and_figure(cnn):
    model, x = cnn
    weights_before = [w.copy() for w in model.get_weights()]
    heatmaps, predictions = display.grad_cam_heatmaps(model, x[:4], layer="c2")
    assert heatmaps.shape == (4, 4, 4) and predictions.shape == (4, 3)
    assert heatmaps.min() >= 0.0 and heatmaps.max() <= 1.0
    figure = display.grad_cam(model, x[:4], layer="c2", labels=[0, 1, 2, 0])
    assert len(figure.axes) == 4 and "true" in figure.axes[0].get_title()
    for before, after in zip(weights_before, model.get_weights()):
        np.testing.assert_array_equal(before, after)


def test_grad_cam_matches_the_definition():
    """A model whose score is the sum of one channel: the heatmap is that channel, normalized."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input((5, 5, 1))
    maps = layers.Conv2D(2, 3, padding="same", activation="relu", name="conv")(inputs)
    pooled = layers.GlobalAveragePooling2D()(maps)
    model = keras.Model(inputs, layers.Dense(2, use_bias=False, name="head")(pooled))
    model.get_layer("head").set_weights([np.array([[1.0, 0.0], [0.0, 0.0]], np.float32)])
    x = np.random.default_rng(1).random((1, 5, 5, 1)).astype("float32")
    heatmaps, _ = display.grad_cam_heatmaps(model, x, layer="conv", class_index=0)
    conv = model.get_layer("conv")(x).numpy()[0, :, :, 0]
    np.testing.assert_allclose(heatmaps[0], conv / conv.max(), rtol=1e-5, atol=1e-6)


def test_batchnorm_statistics_histograms(cnn):
    model, _ = cnn
    figure = display.batchnorm_statistics(model)
    titles = [ax.get_title() for ax in figure.axes]
    assert titles[2] == "bn / moving_mean (moving statistic)"
    with pytest.raises(ValueError, match="BatchNormalization"):
        display.batchnorm_statistics(keras.Sequential([keras.Input((2,)), layers.Dense(1)]))
