"""Pooling and spatial reshaping layers: gradients, shapes, configs, Keras's counting rules."""

import numpy as np
import pytest

from nbkeras import layers
from tests.layers.conv_helpers import layer_gradient_check

RNG = np.random.default_rng(1)
F64 = {"dtype": "float64"}

CASES = [
    (lambda: layers.MaxPooling2D(**F64), (2, 6, 5, 3)),
    (lambda: layers.MaxPooling2D((3, 2), strides=(2, 1), padding="same", **F64), (2, 6, 5, 3)),
    (lambda: layers.AveragePooling2D(2, padding="same", **F64), (2, 5, 5, 3)),
    (lambda: layers.AveragePooling2D(3, strides=1, data_format="channels_first", **F64), (2, 3, 5, 5)),
    (lambda: layers.MaxPooling1D(3, strides=2, padding="same", **F64), (2, 7, 3)),
    (lambda: layers.AveragePooling1D(2, **F64), (2, 7, 3)),
    (lambda: layers.GlobalMaxPooling2D(**F64), (2, 4, 5, 3)),
    (lambda: layers.GlobalAveragePooling2D(keepdims=True, **F64), (2, 4, 5, 3)),
    (lambda: layers.GlobalMaxPooling1D(keepdims=True, **F64), (2, 6, 3)),
    (lambda: layers.GlobalAveragePooling1D(data_format="channels_first", **F64), (2, 3, 6)),
    (lambda: layers.MaxPooling3D(**F64), (2, 4, 5, 4, 2)),
    (lambda: layers.MaxPooling3D((3, 2, 2), strides=(2, 1, 2), padding="same", **F64), (2, 5, 4, 5, 2)),
    (lambda: layers.AveragePooling3D(2, padding="same", **F64), (2, 3, 5, 4, 2)),
    (lambda: layers.AveragePooling3D((2, 1, 2), data_format="channels_first", **F64), (2, 2, 4, 3, 5)),
    (lambda: layers.GlobalMaxPooling3D(keepdims=True, **F64), (2, 3, 4, 2, 3)),
    (lambda: layers.GlobalAveragePooling3D(**F64), (2, 3, 4, 2, 3)),
    (lambda: layers.UpSampling1D(3, **F64), (2, 4, 3)),
    (lambda: layers.UpSampling2D((2, 3), **F64), (2, 3, 4, 2)),
    (lambda: layers.UpSampling2D(2, interpolation="bilinear", **F64), (2, 3, 4, 2)),
    (lambda: layers.ZeroPadding1D((1, 2), **F64), (2, 4, 3)),
    (lambda: layers.ZeroPadding2D(((1, 0), (2, 1)), **F64), (2, 3, 4, 2)),
    (lambda: layers.Cropping1D((1, 2), **F64), (2, 6, 3)),
    (lambda: layers.Cropping2D(((1, 0), (0, 2)), data_format="channels_first", **F64), (2, 2, 4, 5)),
]


@pytest.mark.parametrize("make, shape", CASES)
def test_gradients_shapes_and_configs(make, shape):
    layer = make()
    layer_gradient_check(layer, RNG.normal(size=shape))
    y = layer(RNG.normal(size=shape))
    assert layer.compute_output_shape((None,) + shape[1:]) == (None,) + y.shape[1:]
    assert type(layer).from_config(layer.get_config()).get_config() == layer.get_config()


def test_average_pooling_same_counts_only_valid_cells():
    x = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)
    y = layers.AveragePooling2D(2, padding="same")(x).numpy()[0, :, :, 0]
    np.testing.assert_allclose(y, [[(0 + 1 + 3 + 4) / 4, (2 + 5) / 2], [(6 + 7) / 2, 8]])


def test_average_pooling_3d_same_counts_only_valid_cells():
    x = np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2, 1)
    y = layers.AveragePooling3D(3, strides=2, padding="same")(x).numpy()
    np.testing.assert_allclose(y.ravel(), [np.mean(x)])  # one window, 8 cells inside, 19 padding


def test_max_pooling_defaults_and_strides():
    layer = layers.MaxPooling2D()
    assert layer.pool_size == (2, 2) and layer.strides == (2, 2) and layer.padding == "valid"
    with pytest.raises(TypeError):
        layers.AveragePooling2D()  # Keras: pool_size has no default here


def test_bilinear_upsampling_half_pixel_centres():
    x = np.array([0.0, 4.0], np.float32).reshape(1, 1, 2, 1)
    y = layers.UpSampling2D((1, 2), interpolation="bilinear")(x).numpy().ravel()
    np.testing.assert_allclose(y, [0.0, 1.0, 3.0, 4.0])
