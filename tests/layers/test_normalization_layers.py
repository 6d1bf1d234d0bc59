"""BatchNormalization, LayerNormalization, GroupNormalization and RMSNormalization: gradients, statistics, Keras rules."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from tests.layers.conv_helpers import layer_gradient_check

RNG = np.random.default_rng(2)
F64 = {"dtype": "float64"}


@pytest.mark.parametrize("make, shape, training", [
    (lambda: layers.BatchNormalization(**F64), (6, 3), True),
    (lambda: layers.BatchNormalization(**F64), (2, 3, 4, 3), False),
    (lambda: layers.BatchNormalization(axis=1, center=False, **F64), (2, 3, 4, 2), True),
    (lambda: layers.LayerNormalization(**F64), (4, 5), False),
    (lambda: layers.LayerNormalization(axis=1, scale=False, **F64), (2, 3, 4), False),
    (lambda: layers.GroupNormalization(groups=2, **F64), (2, 3, 3, 4), False),
    (lambda: layers.GroupNormalization(groups=-1, **F64), (2, 5, 3), False),
    (lambda: layers.LayerNormalization(axis=[1, 2, 3], **F64), (2, 3, 2, 4), False),
    (lambda: layers.LayerNormalization(axis=[-1, 1], center=False, **F64), (2, 3, 2, 4), False),
    pytest.param(lambda: layers.LayerNormalization(axis=[-2, -1], rms_scaling=True, **F64), (3, 2, 4), False,
                 marks=pytest.mark.filterwarnings("ignore:.*rms_scaling=True is deprecated")),
    (lambda: layers.RMSNormalization(**F64), (3, 5), False),
    (lambda: layers.RMSNormalization(axis=[1, 2], **F64), (2, 3, 4), False),
])
def test_gradients_and_configs(make, shape, training):
    layer = make()
    layer_gradient_check(layer, RNG.normal(size=shape), training=training)
    assert type(layer).from_config(layer.get_config()).get_config() == layer.get_config()


def test_batch_norm_moving_statistics_update_only_in_training():
    layer = layers.BatchNormalization(momentum=0.9)
    x = RNG.normal(loc=2.0, scale=3.0, size=(32, 4)).astype(np.float32)
    layer(x)  # inference: statistics unchanged
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(4))
    layer(x, training=True)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.1 * x.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.9 + 0.1 * x.var(axis=0), rtol=1e-5)
    assert [w.name for w in layer.non_trainable_weights] == ["moving_mean", "moving_variance"]


def test_frozen_batch_norm_runs_in_inference_mode():
    layer = layers.BatchNormalization()
    x = RNG.normal(loc=5.0, size=(16, 2)).astype(np.float32)
    layer(x)
    layer.trainable = False
    y = layer(x, training=True).numpy()
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(2))
    np.testing.assert_allclose(y, x / np.sqrt(1.0 + 1e-3), rtol=1e-6)
    assert layer.trainable_weights == []


def test_batch_norm_in_fit_updates_statistics():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), layers.BatchNormalization(), layers.Dense(1)])
    model.compile("sgd", "mse")
    x = RNG.normal(loc=4.0, size=(64, 3)).astype(np.float32)
    model.fit(x, x[:, :1], epochs=1, batch_size=16, verbose=0)
    assert np.all(model.layers[0].moving_mean.numpy() > 0.1)
    assert model.count_params() == 16 and len(model.non_trainable_weights) == 2


def test_group_norm_checks_groups():
    with pytest.raises(ValueError, match="divide"):
        layers.GroupNormalization(groups=3)(np.ones((1, 2, 4)))


def test_layer_norm_over_several_axes_standardizes_each_sample_over_them():
    x = RNG.normal(size=(2, 3, 2, 4)).astype("float32")
    layer = layers.LayerNormalization(axis=[3, 1], epsilon=1e-5)
    y = layer(x).numpy()
    expected = (x - x.mean(axis=(1, 3), keepdims=True)) / np.sqrt(x.var(axis=(1, 3), keepdims=True) + 1e-5)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)
    assert layer.gamma.shape == (3, 4) and layer.get_config()["axis"] == [1, 3]


def test_layer_norm_lays_gamma_over_its_axes_in_their_order():
    """Keras sorts [-1, 1] as given, so gamma is (input[-1], input[1]); it then reshapes gamma
    onto the axes in the input's order (1 before -1): the same memory read as (3, 4)."""
    x = RNG.normal(size=(2, 3, 2, 4)).astype("float32")
    layer = layers.LayerNormalization(axis=[-1, 1], center=False, epsilon=1e-5)
    layer.build(x.shape)
    assert layer.gamma.shape == (4, 3)
    gamma = np.arange(12, dtype="float32").reshape(4, 3)
    layer.set_weights([gamma])
    x_hat = (x - x.mean(axis=(1, 3), keepdims=True)) / np.sqrt(x.var(axis=(1, 3), keepdims=True) + 1e-5)
    np.testing.assert_allclose(layer(x).numpy(), x_hat * gamma.reshape(1, 3, 1, 4), rtol=1e-5, atol=1e-5)


def test_layer_norm_rms_scaling_divides_by_the_standard_deviation_without_beta():
    x = RNG.normal(size=(4, 5)).astype("float32") + 3.0
    with pytest.warns(UserWarning, match="RMSNormalization"):
        layer = layers.LayerNormalization(rms_scaling=True, epsilon=1e-5)
    y = layer(x).numpy()
    np.testing.assert_allclose(y, x / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5), rtol=1e-5)
    assert [w.name for w in layer.weights] == ["gamma"]


def test_rms_normalization_divides_by_the_root_mean_square():
    x = RNG.normal(size=(3, 2, 4)).astype("float32")
    layer = layers.RMSNormalization(axis=[1, 2], epsilon=1e-6)
    y = layer(x).numpy()
    np.testing.assert_allclose(y, x / np.sqrt((x ** 2).mean(axis=(1, 2), keepdims=True) + 1e-6), rtol=1e-5)
    assert [w.name for w in layer.weights] == ["scale"] and layer.scale.shape == (2, 4)


@pytest.mark.parametrize("make, shape, message", [
    (lambda: layers.LayerNormalization(axis=[1, 5]), (2, 3, 4), "axis 5 is out of bounds"),
    (lambda: layers.LayerNormalization(axis=[0, 1]), (2, 3, 4), "non-batch"),
    (lambda: layers.LayerNormalization(axis=[1, -2]), (2, 3, 4), "named once"),
    (lambda: layers.RMSNormalization(axis=3), (2, 3, 4), "axis 3 is out of bounds"),
    (lambda: layers.RMSNormalization(axis=0), (2, 3), "non-batch"),
    # An axis past the input's rank used to wrap around silently (axis 3 of a rank-2 input was axis 1).
    (lambda: layers.BatchNormalization(axis=3), (2, 3), "axis 3 is out of bounds"),
    (lambda: layers.GroupNormalization(groups=1, axis=-4), (2, 3, 4), "axis -4 is out of bounds"),
    (lambda: layers.BatchNormalization(axis=0), (2, 3), "non-batch"),
])
def test_normalization_axes_are_checked(make, shape, message):
    with pytest.raises(ValueError, match=message):
        make()(np.ones(shape, "float32"))


@pytest.mark.parametrize("make", [lambda: layers.LayerNormalization(axis="last"),
                                  lambda: layers.RMSNormalization(axis=1.5)])
def test_normalization_axis_must_be_ints(make):
    with pytest.raises(TypeError, match="axis"):
        make()
