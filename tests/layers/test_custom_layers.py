"""Custom layers as a learner writes them: build/add_weight/call, built directly or by a call."""

import numpy as np
import pytest

import nbkeras as keras


class MyDense(keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)


def test_calling_build_directly_marks_the_layer_built_and_keeps_its_weights():
    layer = MyDense(3, activation="relu")
    layer.build((None, 2))
    assert layer.built
    kernel = layer.kernel.numpy().copy()
    layer(np.ones((4, 2), "float32"))
    np.testing.assert_array_equal(layer.kernel.numpy(), kernel)
    assert len(layer.weights) == 2


def test_custom_dense_equals_builtin_dense_with_the_same_weights():
    mine, builtin = MyDense(4, activation="relu"), keras.layers.Dense(4, activation="relu")
    mine.build((None, 2))
    builtin.build((None, 2))
    builtin.set_weights(mine.get_weights())
    x = np.random.default_rng(0).standard_normal((5, 2)).astype("float32")
    np.testing.assert_allclose(mine(x).numpy(), builtin(x).numpy(), rtol=1e-6)


def test_deferred_build_happens_on_the_first_call_with_its_input_shape():
    layer = MyDense(2)
    assert not layer.built and layer.weights == []
    layer(np.ones((3, 5), "float32"))
    assert layer.built and layer.kernel.shape == (5, 2)


def test_custom_layer_without_get_config_stores_its_plain_arguments():
    class Offset(keras.layers.Layer):
        def __init__(self, amount=1.0, **kwargs):
            super().__init__(**kwargs)
            self.amount = amount

    config = Offset(2.5, name="off").get_config()
    assert config["amount"] == 2.5 and config["name"] == "off"
    assert Offset.from_config(config).amount == 2.5


def test_custom_layer_with_an_object_argument_asks_for_get_config():
    class Holder(keras.layers.Layer):
        def __init__(self, thing, **kwargs):
            super().__init__(**kwargs)
            self.thing = thing

    with pytest.raises(NotImplementedError, match=r"Holder.*must override `get_config\(\)`"):
        Holder(object()).get_config()
