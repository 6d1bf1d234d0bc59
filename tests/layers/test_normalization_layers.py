"""BatchNormalization, LayerNormalization and GroupNormalization: gradients, statistics, Keras rules."""

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
