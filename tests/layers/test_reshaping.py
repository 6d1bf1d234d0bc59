"""Reshape, Permute, RepeatVector and Lambda: outputs, shapes, configs and errors.

Golden outputs come from Keras 3.15.1 via tools/capture_merging_golden.py
(tests/golden/merging.{npz,json}).
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers

GOLDEN = Path(__file__).parents[1] / "golden"
ARRAYS = np.load(GOLDEN / "merging.npz")
CASES = json.loads((GOLDEN / "merging.json").read_text())["cases"]
NAMES = ["reshape", "permute", "repeat_vector", "lambda_double"]


def double(x):
    return x * 2


def make(name):
    case = CASES[name]
    if case["class_name"] == "Lambda":
        return layers.Lambda(lambda x: x * 2)  # the function Keras ran
    return getattr(layers, case["class_name"])(**case["kwargs"])


@pytest.mark.parametrize("name", NAMES)
def test_output_equals_keras(name):
    output = make(name)(ARRAYS[f"{name}_in0"]).numpy()
    np.testing.assert_allclose(output, ARRAYS[f"{name}_out"], rtol=1e-6,
                               err_msg=f"{name}: output differs from Keras")


@pytest.mark.parametrize("name", NAMES)
def test_symbolic_output_shape_equals_keras(name):
    input_shape = tuple(CASES[name]["input_shapes"][0])
    expected = tuple(CASES[name]["output_shape"])
    assert make(name)(keras.Input(shape=input_shape[1:])).shape == expected
    assert make(name).compute_output_shape(input_shape) == expected


@pytest.mark.parametrize("name", ["reshape", "permute", "repeat_vector"])
def test_config_equals_keras_and_round_trips(name):
    layer = make(name)
    config = layer.get_config()
    assert {key: config[key] for key in CASES[name]["config"]} == CASES[name]["config"]
    clone = type(layer).from_config(config)
    assert clone.get_config() == config, f"{name}: from_config(get_config()) changed the config"
    x = ARRAYS[f"{name}_in0"]
    np.testing.assert_array_equal(clone(x).numpy(), layer(x).numpy())


def test_lambda_config_round_trips_a_named_function_and_a_lambda():
    from nbkeras import saving

    named = layers.Lambda(double, name="twice")
    clone = saving.deserialize_keras_object(saving.serialize_keras_object(named),
                                            custom_objects={"double": double})
    assert clone.name == "twice" and clone.function is double
    # A lambda is stored as bytecode; loading it must be asked for explicitly.
    with pytest.warns(UserWarning, match="lambda"):
        config = saving.serialize_keras_object(make("lambda_double"))
    assert config["config"]["function"]["class_name"] == "__lambda__"
    with pytest.raises(ValueError, match=r"safe_mode=False"):
        saving.deserialize_keras_object(config, safe_mode=True)
    clone = saving.deserialize_keras_object(config, safe_mode=False)
    np.testing.assert_array_equal(clone(ARRAYS["lambda_double_in0"]).numpy(),
                                  ARRAYS["lambda_double_out"])


def test_lambda_from_config_sends_serialized_functions_through_saving():
    config = {"name": "l", "function": {"class_name": "__lambda__", "config": {}}}
    with pytest.raises(ValueError, match="deserialize_keras_object"):
        layers.Lambda.from_config(config)


def test_lambda_output_shape_argument_overrides_the_trace():
    layer = layers.Lambda(double, output_shape=(2, 2))
    assert layer.compute_output_shape((None, 4)) == (None, 2, 2)
    with pytest.raises(TypeError, match=r"Lambda 'not_a_function'.*callable.*function=3"):
        layers.Lambda(3, name="not_a_function")


def test_reshape_with_an_incompatible_size():
    message = r"Reshape 'rs'.*\(None, 6\) has 6 values per sample.*target_shape=\(5,\)"
    with pytest.raises(ValueError, match=message):
        layers.Reshape((5,), name="rs")(keras.Input((6,)))
    with pytest.raises(ValueError, match=r"Reshape 'rs'.*6 values per sample.*target_shape=\(4, -1\)"):
        layers.Reshape((4, -1), name="rs")(np.zeros((2, 6), "float32"))
    with pytest.raises(ValueError, match=r"Reshape 'rs'.*at most one -1.*\(-1, -1\)"):
        layers.Reshape((-1, -1), name="rs")


@pytest.mark.parametrize("dims", [(1, 3), (0, 1), (1, 1)])
def test_permute_with_invalid_dims(dims):
    expected = rf"Permute 'pm'.*every integer from 1.*dims={re.escape(str(dims))}"
    with pytest.raises(ValueError, match=expected):
        layers.Permute(dims, name="pm")


def test_permute_and_repeat_vector_on_inputs_of_the_wrong_rank():
    with pytest.raises(ValueError, match=r"Permute 'pm'.*needs inputs of rank 3.*\(None, 2, 3, 4\)"):
        layers.Permute((2, 1), name="pm")(keras.Input((2, 3, 4)))
    with pytest.raises(ValueError, match=r"Permute 'pm'.*rank 3.*\(1, 2, 3, 4\)"):
        layers.Permute((2, 1), name="pm")(np.zeros((1, 2, 3, 4), "float32"))
    with pytest.raises(ValueError, match=r"RepeatVector 'rv'.*rank 2.*\(1, 2, 3\)"):
        layers.RepeatVector(3, name="rv")(np.zeros((1, 2, 3), "float32"))
    with pytest.raises(TypeError, match=r"RepeatVector 'rv'.*integer.*n=2.5"):
        layers.RepeatVector(2.5, name="rv")
