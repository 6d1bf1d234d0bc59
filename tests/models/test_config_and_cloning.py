"""get_config/from_config for every layer and model kind, to_json/model_from_json, clone_model."""

import json

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers

LAYERS = {
    "Activation": lambda: layers.Activation("tanh"),
    "ActivityRegularization": lambda: layers.ActivityRegularization(l1=0.01, l2=0.02),
    "AlphaDropout": lambda: layers.AlphaDropout(0.2, seed=1),
    "Dense": lambda: layers.Dense(3, activation="relu", use_bias=False,
                                  kernel_regularizer=keras.regularizers.L2(0.01),
                                  kernel_constraint=keras.constraints.MaxNorm(2.0)),
    "Dropout": lambda: layers.Dropout(0.3, noise_shape=(None, 1), seed=2),
    "Flatten": lambda: layers.Flatten(),
    "GaussianDropout": lambda: layers.GaussianDropout(0.1),
    "GaussianNoise": lambda: layers.GaussianNoise(0.5),
    "Permute": lambda: layers.Permute((2, 1)),
    "RepeatVector": lambda: layers.RepeatVector(4),
    "Reshape": lambda: layers.Reshape((2, -1)),
    "SpatialDropout1D": lambda: layers.SpatialDropout1D(0.2),
    "SpatialDropout2D": lambda: layers.SpatialDropout2D(0.2),
    "Add": layers.Add,
    "Subtract": layers.Subtract,
    "Multiply": layers.Multiply,
    "Average": layers.Average,
    "Maximum": layers.Maximum,
    "Minimum": layers.Minimum,
    "Concatenate": lambda: layers.Concatenate(axis=1),
    "Dot": lambda: layers.Dot(axes=(1, 2), normalize=True),
    "InputLayer": lambda: layers.InputLayer(shape=(3, 2)),
}


def test_every_exported_layer_is_covered():
    exported = {name for name in dir(layers) if isinstance(getattr(layers, name), type)
                and issubclass(getattr(layers, name), layers.Layer)}
    assert exported - {"Layer", "Lambda"} == set(LAYERS)  # Lambda: see test_lambda_config


@pytest.mark.parametrize("name", LAYERS)
def test_layer_config_round_trip(name):
    layer = LAYERS[name]()
    config = layer.get_config()
    json.dumps(config)  # plain JSON values only
    copy = type(layer).from_config(config)
    assert type(copy) is type(layer)
    assert copy.get_config() == config


def test_lambda_config_needs_unsafe_loading_for_a_python_lambda():
    model = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t * 3.0, name="triple")])
    text = model.to_json()
    with pytest.raises(ValueError, match="safe_mode"):
        keras.models.model_from_json(text)
    with keras.saving.serialization.SafeModeScope(False):
        rebuilt = keras.models.model_from_json(text)
    np.testing.assert_allclose(rebuilt.predict(np.ones((1, 2)), verbose=0), [[3.0, 3.0]])


def _functional():
    wide, deep = keras.Input((5,), name="wide"), keras.Input((3,), name="deep")
    shared = layers.Dense(4, activation="relu", name="shared")
    inner_input = keras.Input((4,), name="inner_in")
    inner = keras.Model(inner_input, layers.Dense(4, name="inner_dense")(inner_input), name="inner")
    joined = layers.Concatenate(name="join")([wide, inner(shared(deep)), shared(layers.Dense(3)(wide))])
    return keras.Model({"wide": wide, "deep": deep},
                       {"score": layers.Dense(1, name="score")(joined),
                        "parts": layers.Dense(2, name="parts")(joined)}, name="wide_deep")


def _sequential():
    return keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"),
                             layers.Dropout(0.2), layers.Dense(2)], name="seq")


def _inputs(model):
    rng = np.random.default_rng(0)
    if isinstance(model.input, dict):
        return {k: rng.standard_normal((3,) + tuple(t.shape[1:])).astype("float32")
                for k, t in model.input.items()}
    return rng.standard_normal((3, 4)).astype("float32")


def _assert_same(a, b):
    if isinstance(a, dict):
        for key in a:
            np.testing.assert_allclose(a[key], b[key], rtol=1e-6)
    else:
        np.testing.assert_allclose(a, b, rtol=1e-6)


@pytest.mark.parametrize("make", [_sequential, _functional], ids=["sequential", "functional"])
def test_json_round_trip_predicts_the_same_with_the_same_weights(make):
    model = make()
    rebuilt = keras.models.model_from_json(model.to_json())
    assert rebuilt.name == model.name
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    assert rebuilt.count_params() == model.count_params()
    rebuilt.set_weights(model.get_weights())
    x = _inputs(model)
    _assert_same(rebuilt.predict(x, verbose=0), model.predict(x, verbose=0))


def test_functional_config_keeps_the_shared_layer_shared():
    model = keras.models.model_from_json(_functional().to_json())
    shared = model.get_layer("shared")
    assert len(shared.inbound_nodes) == 2
    assert sum(1 for layer in model.layers if layer.name == "shared") == 1


@pytest.mark.parametrize("make", [_sequential, _functional], ids=["sequential", "functional"])
def test_clone_has_the_same_architecture_and_new_weights(make):
    model = make()
    clone = keras.models.clone_model(model)
    assert [type(layer) for layer in clone.layers] == [type(layer) for layer in model.layers]
    assert all(a is not b for a, b in zip(clone.layers, model.layers))
    assert [w.shape for w in clone.get_weights()] == [w.shape for w in model.get_weights()]
    kernels = [(a, b) for a, b in zip(clone.get_weights(), model.get_weights()) if a.ndim == 2]
    assert all(not np.array_equal(a, b) for a, b in kernels), "a clone starts from new weights"
    clone.set_weights(model.get_weights())
    x = _inputs(model)
    _assert_same(clone.predict(x, verbose=0), model.predict(x, verbose=0))


def test_clone_function_can_change_layers():
    model = _sequential()

    def without_dropout(layer):
        if isinstance(layer, layers.Dropout):
            return layers.Activation("linear", name=layer.name)
        return layer.__class__.from_config(layer.get_config())

    clone = keras.models.clone_model(model, clone_function=without_dropout)
    assert [type(layer).__name__ for layer in clone.layers] == ["Dense", "Activation", "Dense"]


def test_registered_custom_layer_round_trips_through_json():
    @keras.saving.register_keras_serializable(package="tests")
    class Offset(layers.Layer):
        def __init__(self, amount=1.0, **kwargs):
            super().__init__(**kwargs)
            self.amount = amount

        def call(self, inputs):
            return inputs + self.amount

        def get_config(self):
            return {**super().get_config(), "amount": self.amount}

    model = keras.Sequential([keras.Input((2,)), Offset(2.5, name="offset")])
    config = json.loads(model.to_json())
    layer_config = config["config"]["layers"][-1]
    assert layer_config["registered_name"] == "tests>Offset"
    rebuilt = keras.models.model_from_json(model.to_json())
    assert rebuilt.get_layer("offset").amount == 2.5
    np.testing.assert_allclose(rebuilt.predict(np.zeros((1, 2)), verbose=0), [[2.5, 2.5]])


def test_enable_unsafe_deserialization_allows_lambdas_for_the_session():
    from nbkeras.saving import serialization

    model = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t + 1.0)])
    keras.config.enable_unsafe_deserialization()
    try:
        rebuilt = keras.models.model_from_json(model.to_json())
    finally:
        serialization._state["unsafe_enabled"] = False
    np.testing.assert_allclose(rebuilt.predict(np.zeros((1, 2)), verbose=0), [[1.0, 1.0]])
