"""Merging layers (Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot).

Outputs, symbolic shapes and configs are compared with Keras 3.15.1's, captured by
tools/capture_merging_golden.py into tests/golden/merging.{npz,json}.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers

GOLDEN = Path(__file__).parents[1] / "golden"
ARRAYS = np.load(GOLDEN / "merging.npz")
CASES = json.loads((GOLDEN / "merging.json").read_text())["cases"]
MERGING = ["Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot"]
NAMES = [name for name, case in CASES.items() if case["class_name"] in MERGING]


def make(name):
    case = CASES[name]
    return getattr(layers, case["class_name"])(**case["kwargs"])


def golden_inputs(name):
    return [ARRAYS[f"{name}_in{i}"] for i in range(len(CASES[name]["input_shapes"]))]


def test_every_merging_layer_has_a_golden_case():
    assert {CASES[name]["class_name"] for name in NAMES} == set(MERGING)


@pytest.mark.parametrize("name", NAMES)
def test_output_equals_keras(name):
    output = make(name)(golden_inputs(name)).numpy()
    # atol: Dot on 3-D inputs sums float32 products in another order than torch.
    np.testing.assert_allclose(output, ARRAYS[f"{name}_out"], rtol=1e-6, atol=1e-6,
                               err_msg=f"{name}: output differs from Keras")


@pytest.mark.parametrize("name", NAMES)
def test_symbolic_output_shape_equals_keras(name):
    case = CASES[name]
    expected = tuple(case["output_shape"])
    symbolic = [keras.Input(shape=tuple(shape[1:])) for shape in case["input_shapes"]]
    assert make(name)(symbolic).shape == expected, f"{name}: shape of the symbolic output"
    shapes = [tuple(shape) for shape in case["input_shapes"]]
    assert make(name).compute_output_shape(shapes) == expected, f"{name}: compute_output_shape"


@pytest.mark.parametrize("name", NAMES)
def test_config_equals_keras_and_round_trips(name):
    layer = make(name)
    config = layer.get_config()
    assert {key: config[key] for key in CASES[name]["config"]} == CASES[name]["config"]
    clone = type(layer).from_config(config)
    assert clone.get_config() == config, f"{name}: from_config(get_config()) changed the config"
    inputs = golden_inputs(name)
    np.testing.assert_array_equal(clone(inputs).numpy(), layer(inputs).numpy(),
                                  err_msg=f"{name}: the clone computes something else")


def test_concatenate_names_the_axis_and_the_mismatched_shapes():
    join = layers.Concatenate(axis=1, name="join")
    with pytest.raises(ValueError, match=r"'join'.*matching shapes except for the concatenation "
                                         r"axis \(1\).*\(None, 3, 4\), \(None, 2, 5\)"):
        join([keras.Input((3, 4)), keras.Input((2, 5))])
    with pytest.raises(ValueError, match=r"'join'.*axis \(1\).*\(2, 3, 4\), \(2, 2, 5\)"):
        join([np.zeros((2, 3, 4), "float32"), np.zeros((2, 2, 5), "float32")])


@pytest.mark.parametrize("merge", [layers.Add, layers.Multiply, layers.Maximum])
def test_elementwise_merge_with_different_shapes(merge):
    layer = merge(name="plus")
    with pytest.raises(ValueError, match=rf"{merge.__name__} layer 'plus'.*incompatible shapes.*"
                                         r"\(None, 4\) and \(None, 3\)"):
        layer([keras.Input((4,)), keras.Input((3,))])


def test_a_built_add_checks_shapes_on_every_call():
    add = layers.Add(name="plus")
    add([np.ones((2, 4), "float32"), np.ones((2, 4), "float32")])
    with pytest.raises(ValueError, match=r"'plus'.*incompatible shapes.*\(2, 4\) and \(2, 3\)"):
        add([np.ones((2, 4), "float32"), np.ones((2, 3), "float32")])


def test_subtract_takes_exactly_two_inputs():
    three = [keras.Input((4,)) for _ in range(3)]
    with pytest.raises(ValueError, match=r"`Subtract` layer \('minus'\).*exactly 2 inputs.*"
                                         r"Received 3 inputs"):
        layers.Subtract(name="minus")(three)
    with pytest.raises(ValueError, match=r"'minus'.*exactly 2 inputs.*Received 3 inputs"):
        layers.Subtract(name="minus").compute_output_shape([(None, 4)] * 3)


def test_merge_needs_a_list_of_at_least_two_tensors():
    with pytest.raises(ValueError, match=r"Average 'avg'.*list of inputs.*Average\(\)\(\[a, b\]\)"):
        layers.Average(name="avg")(keras.Input((3,)))
    with pytest.raises(ValueError, match=r"Average 'avg'.*at least 2 inputs.*1 input"):
        layers.Average(name="avg")([keras.Input((3,))])


def test_dot_errors_name_the_axes_and_sizes():
    with pytest.raises(ValueError, match=r"Dot 'dot_layer'.*shape_a\[1\] = 4 but shape_b\[1\] = 3"):
        layers.Dot(axes=1, name="dot_layer")([keras.Input((4,)), keras.Input((3,))])
    with pytest.raises(ValueError, match=r"'dot_layer'.*exactly 2 inputs"):
        layers.Dot(axes=1, name="dot_layer")([keras.Input((4,))] * 3)
    with pytest.raises(TypeError, match=r"`axes`.*int or a list/tuple of two ints.*axes=x"):
        layers.Dot(axes="x")
