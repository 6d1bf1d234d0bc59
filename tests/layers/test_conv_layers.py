"""Conv1D/2D/3D, transposed, depthwise and separable layers: shapes, gradients, configs, errors."""

import re

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from tests.layers.conv_helpers import layer_gradient_check

RNG = np.random.default_rng(0)
F64 = {"dtype": "float64"}

GRADIENT_CASES = [
    lambda: layers.Conv2D(3, 3, **F64),
    lambda: layers.Conv2D(4, (2, 3), strides=(2, 1), padding="same", activation="relu", **F64),
    lambda: layers.Conv2D(4, 3, dilation_rate=2, padding="same", groups=2, activation="tanh", **F64),
    lambda: layers.Conv2D(2, 2, use_bias=False, activation="elu", data_format="channels_first", **F64),
    lambda: layers.Conv1D(3, 3, padding="causal", dilation_rate=2, **F64),
    lambda: layers.Conv1D(4, 2, strides=2, groups=2, activation="sigmoid", **F64),
    lambda: layers.Conv1DTranspose(2, 3, strides=2, padding="same", **F64),
    lambda: layers.Conv2DTranspose(3, 3, strides=2, **F64),
    lambda: layers.Conv2DTranspose(2, 2, strides=2, padding="same", activation="relu", **F64),
    lambda: layers.Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=1, **F64),
    lambda: layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", **F64),
    lambda: layers.DepthwiseConv1D(2, strides=2, **F64),
    lambda: layers.SeparableConv2D(3, 3, depth_multiplier=2, activation="relu", **F64),
    lambda: layers.SeparableConv1D(2, 3, padding="same", **F64),
    lambda: layers.Conv3D(3, 2, **F64),
    lambda: layers.Conv3D(4, (3, 2, 3), strides=(2, 1, 2), padding="same", groups=2,
                          activation="relu", **F64),
    lambda: layers.Conv3D(2, 2, dilation_rate=(2, 1, 2), padding="same", activation="tanh", **F64),
    lambda: layers.Conv3D(2, (2, 1, 2), use_bias=False, data_format="channels_first", **F64),
]
SHAPES = {1: (2, 7, 4), 2: (2, 6, 5, 4), 3: (2, 5, 4, 5, 4)}


def input_shape(layer):
    shape = SHAPES[layer.rank]
    return shape[:1] + shape[-1:] + shape[1:-1] if layer.data_format == "channels_first" else shape


@pytest.mark.parametrize("make", GRADIENT_CASES)
def test_conv_layer_gradients(make):
    layer = make()
    layer_gradient_check(layer, RNG.normal(size=input_shape(layer)))


@pytest.mark.parametrize("make", GRADIENT_CASES)
def test_conv_config_round_trip_and_output_shape(make):
    layer = make()
    shape = input_shape(layer)
    y = layer(RNG.normal(size=shape))
    assert layer.compute_output_shape((None,) + shape[1:]) == (None,) + y.shape[1:]
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_weight_shapes_follow_keras():
    x = np.ones((1, 8, 8, 6), np.float32)
    cases = {
        layers.Conv2D(4, 3, groups=2): [(3, 3, 3, 4), (4,)],
        layers.Conv2DTranspose(5, (2, 3)): [(2, 3, 5, 6), (5,)],
        layers.DepthwiseConv2D(3, depth_multiplier=2): [(3, 3, 6, 2), (12,)],
        layers.SeparableConv2D(7, 3, depth_multiplier=2): [(3, 3, 6, 2), (1, 1, 12, 7), (7,)],
        layers.Conv3D(6, (1, 3, 2), groups=3): [(1, 3, 2, 2, 6), (6,)],
    }
    for layer, shapes in cases.items():
        layer(x[:, None] if layer.rank == 3 else x)
        assert [w.shape for w in layer.get_weights()] == shapes, type(layer).__name__


def test_depthwise_equals_grouped_conv():
    x = RNG.normal(size=(2, 5, 5, 3)).astype(np.float32)
    depthwise = layers.DepthwiseConv2D(3, depth_multiplier=2)
    depthwise(x)
    grouped = layers.Conv2D(6, 3, groups=3)
    grouped(x)
    kernel = depthwise.get_weights()[0]
    grouped.set_weights([kernel.reshape(3, 3, 1, 6), depthwise.get_weights()[1]])
    np.testing.assert_allclose(depthwise(x).numpy(), grouped(x).numpy(), rtol=1e-5, atol=1e-6)


def test_channels_first_matches_channels_last():
    x = RNG.normal(size=(2, 6, 6, 3)).astype(np.float32)
    last, first = layers.Conv2D(4, 3, strides=2), layers.Conv2D(4, 3, strides=2, data_format="channels_first")
    last(x)
    first(x.transpose(0, 3, 1, 2))
    first.set_weights(last.get_weights())
    np.testing.assert_allclose(first(x.transpose(0, 3, 1, 2)).numpy().transpose(0, 2, 3, 1),
                               last(x).numpy(), rtol=1e-5, atol=1e-6)


def test_errors_name_the_layer_and_the_fix():
    with pytest.raises(ValueError, match=r'Conv2D "conv_a" expects inputs of rank 4.*x\[None\]'):
        layers.Conv2D(2, 3, name="conv_a")(np.ones((28, 28, 1)))
    with pytest.raises(ValueError, match=r"rank 5 \(batch, depth, height, width, channels\)"):
        layers.Conv3D(2, 3)(np.ones((2, 8, 8, 1)))
    with pytest.raises(ValueError, match="evenly divisible"):
        layers.Conv2D(3, 3, groups=2)
    with pytest.raises(ValueError, match="padding"):
        layers.Conv2D(3, 3, padding="causal")
    with pytest.raises(ValueError, match="dilation_rate"):
        layers.Conv2D(3, 3, strides=2, dilation_rate=2)


@pytest.mark.parametrize("make, suggestion", [
    (lambda: layers.DepthwiseConv2D(3, filters=8, name="dw"), r"SeparableConv2D\(filters.*Conv2D\(filters"),
    (lambda: layers.DepthwiseConv1D(3, pointwise_initializer="zeros"), r"SeparableConv1D\(filters"),
    (lambda: layers.DepthwiseConv2D(3, pointwise_constraint="non_neg"), "no pointwise weights"),
])
def test_depthwise_convs_refuse_separable_arguments(make, suggestion):
    """Keras raises TypeError for these; ignoring ``filters`` would silently give another width."""
    with pytest.raises(TypeError, match="unexpected argument") as error:
        make()
    assert re.search(suggestion, str(error.value))


def test_issue_program_runs():
    keras.utils.set_random_seed(0)
    x = RNG.random((64, 12, 12, 1)).astype("float32")
    y = RNG.integers(0, 10, 64)
    model = keras.Sequential([
        keras.Input(shape=(12, 12, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.BatchNormalization(),
        layers.GlobalAveragePooling2D(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, validation_split=0.1, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    bn = model.layers[3]
    assert [v.name for v in bn.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert not np.allclose(bn.moving_mean.numpy(), 0.0)
    drawing = keras.utils.plot_model(model, show_shapes=True)
    assert "Conv2D" in drawing._repr_svg_() and "(None, 5, 5, 16)" in drawing._repr_svg_()
