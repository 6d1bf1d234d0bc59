"""Softmax/ReLU/LeakyReLU/PReLU/ELU, Identity, UnitNormalization and the merge functions as Keras 3.

Golden values: tests/golden/layer_catalogue.npz from
tools/capture_golden_layer_catalogue.py (outputs, gradients of
``sum(output * cotangent)`` for every input and weight, configs with the
auto-generated names). Float64 finite-difference checks cover the backward
passes independently of Keras.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops
from nbkeras.utils import check_gradients

GOLDEN = np.load(Path(__file__).parents[1] / "golden" / "layer_catalogue.npz", allow_pickle=False)
CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.endswith("/y")})
TOLERANCE = dict(rtol=1e-5, atol=1e-6)


def get(case, what):
    return GOLDEN[f"{case}/{what}"]


def inputs_of(case):
    return [get(case, f"x{i}") for i in range(int(get(case, "num_inputs")))]


def weights_of(case):
    return [get(case, f"weight{i}") for i in range(int(get(case, "num_weights")))]


def make(case, arrays):
    """The nbkeras layer of ``case``, called on Variables; returns (layer, variables, output)."""
    keras.backend.clear_session()
    variables = [keras.Variable(a) for a in arrays]
    kwargs = json.loads(str(get(case, "kwargs")))
    if f"{case}/function" in GOLDEN.files:
        symbolic = [keras.Input(shape=a.shape[1:]) for a in arrays]
        output = getattr(keras.layers, str(get(case, "function")))(symbolic, **kwargs)
        model = keras.Model(symbolic, output)
        return model.layers[-1], variables, lambda: model(variables)
    layer = getattr(keras.layers, str(get(case, "class_name")))(**kwargs)
    layer.build(arrays[0].shape)
    if layer.weights:
        layer.set_weights(weights_of(case))
    mask_key = f"{case}/mask"
    call_kwargs = {"mask": GOLDEN[mask_key].astype(bool)} if mask_key in GOLDEN.files else {}
    return layer, variables, lambda: layer(*variables, **call_kwargs)


@pytest.mark.parametrize("case", CASES)
def test_output_gradients_and_config_match_keras(case):
    layer, variables, run = make(case, inputs_of(case))
    with keras.GradientTape() as tape:
        y = run()
        objective = ops.sum(ops.multiply(y, get(case, "cotangent")))
    targets = variables + list(layer.trainable_weights)
    grads = tape.gradient(objective, targets)
    np.testing.assert_allclose(y.numpy(), get(case, "y"), **TOLERANCE, err_msg=f"{case}: output")
    for i in range(len(variables)):
        np.testing.assert_allclose(grads[i], get(case, f"grad_x{i}"), **TOLERANCE,
                                   err_msg=f"{case}: gradient of input {i}")
    for i in range(int(get(case, "num_weights"))):
        np.testing.assert_allclose(grads[len(variables) + i], get(case, f"grad_weight{i}"),
                                   **TOLERANCE, err_msg=f"{case}: gradient of weight {i}")
    expected = json.loads(str(get(case, "config")))
    assert layer.get_config() == expected, f"{case}: config differs from Keras"
    rebuilt = type(layer).from_config(layer.get_config())
    assert rebuilt.get_config() == expected


def test_every_case_was_captured():
    assert len(CASES) >= 25


@pytest.fixture
def float64():
    keras.config.set_floatx("float64")
    yield
    keras.config.reset()


RNG = np.random.default_rng(3)


@pytest.mark.parametrize("make_layer, shape", [
    (lambda: keras.layers.Softmax(axis=1), (2, 3, 4)),
    (lambda: keras.layers.Softmax(axis=(1, 2)), (2, 3, 4)),
    (lambda: keras.layers.ReLU(max_value=0.8, negative_slope=0.1, threshold=0.2), (4, 5)),
    (lambda: keras.layers.LeakyReLU(0.2), (4, 5)),
    (lambda: keras.layers.ELU(0.7), (4, 5)),
    (lambda: keras.layers.UnitNormalization(axis=[1, 2]), (2, 3, 4)),
], ids=["softmax_axis1", "softmax_axes", "relu", "leaky_relu", "elu", "unit_normalization"])
def test_float64_gradients(float64, make_layer, shape):
    layer = make_layer()
    x = RNG.uniform(-1, 1, size=shape)
    x[np.abs(x - 0.2) < 0.02] += 0.05  # stay off the kinks (threshold, 0, max_value)
    x[np.abs(x) < 0.02] += 0.05
    x[np.abs(x - 0.8) < 0.02] += 0.05
    assert check_gradients(layer, [x])["ok"]


def test_prelu_float64_gradients_for_input_and_alpha(float64):
    layer = keras.layers.PReLU(shared_axes=[1])
    layer.build((2, 3, 4))
    x = RNG.uniform(-1, 1, size=(2, 3, 4))

    layer.alpha.assign(RNG.uniform(0.1, 0.5, size=(1, 4)))
    result = check_gradients(lambda inputs: layer(inputs), [x])
    assert result["ok"], result
    # alpha's gradient: sum over the shared axis of min(x, 0) * dy
    with keras.GradientTape() as tape:
        y = layer(keras.Variable(x))
        objective = ops.sum(y)
    (grad_alpha,) = tape.gradient(objective, [layer.alpha])
    np.testing.assert_allclose(grad_alpha, np.minimum(x, 0).sum(axis=(0, 1), keepdims=True)[0])


@pytest.mark.parametrize("function, kwargs, shapes", [
    ("add", {}, [(2, 3), (2, 3)]), ("subtract", {}, [(2, 3), (2, 3)]),
    ("multiply", {}, [(2, 3), (2, 3)]), ("average", {}, [(2, 3), (2, 3)]),
    ("maximum", {}, [(2, 3), (2, 3)]), ("minimum", {}, [(2, 3), (2, 3)]),
    ("concatenate", {"axis": 1}, [(2, 3), (2, 2)]), ("dot", {"axes": 1}, [(2, 3), (2, 3)]),
    ("dot", {"axes": 1, "normalize": True}, [(2, 3), (2, 3)]),
])
def test_merge_functions_float64_gradients(float64, function, kwargs, shapes):
    arrays = [RNG.uniform(-1, 1, size=s) for s in shapes]
    if function in ("maximum", "minimum"):
        arrays[1] = arrays[0] + np.where(RNG.uniform(size=shapes[0]) < 0.5, -0.3, 0.3)
    result = check_gradients(lambda *xs: getattr(keras.layers, function)(list(xs), **kwargs),
                             arrays)
    assert result["ok"], result


def test_relu_and_leaky_relu_validate_arguments():
    with pytest.raises(ValueError, match="max_value"):
        keras.layers.ReLU(max_value=-1.0)
    with pytest.raises(ValueError, match="negative_slope"):
        keras.layers.LeakyReLU(negative_slope=-0.1)
    with pytest.warns(UserWarning, match="alpha"):
        assert keras.layers.LeakyReLU(alpha=0.2).negative_slope == 0.2


def test_softmax_mask_gives_masked_entries_no_probability():
    y = keras.layers.Softmax()(np.zeros((1, 4), "float32"), mask=np.array([[1, 0, 1, 1]], bool))
    np.testing.assert_allclose(y.numpy(), [[1 / 3, 0, 1 / 3, 1 / 3]], atol=1e-7)


def test_new_layers_round_trip_through_a_keras_file(tmp_path):
    inputs = keras.Input(shape=(4,))
    x = keras.layers.PReLU()(keras.layers.Dense(3)(inputs))
    x = keras.layers.concatenate([keras.layers.ReLU(max_value=6.0)(x), keras.layers.ELU()(x)])
    x = keras.layers.UnitNormalization()(keras.layers.Identity()(x))
    model = keras.Model(inputs, keras.layers.Softmax()(keras.layers.LeakyReLU()(x)))
    path = tmp_path / "catalogue.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    data = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    np.testing.assert_allclose(loaded.predict(data, verbose=0), model.predict(data, verbose=0))
