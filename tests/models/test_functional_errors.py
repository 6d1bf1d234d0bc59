"""Errors a learner meets while building models: each names the layer or argument and the fix."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers


def test_graph_disconnected_names_the_missing_input():
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    out = layers.Add(name="sum")([a, b])
    with pytest.raises(ValueError, match=r"Graph disconnected.*'sum'.*comes from 'b'.*Model\(inputs"):
        keras.Model(a, out)


def test_incompatible_shapes_fail_when_the_graph_is_built_before_any_data():
    a, b = keras.Input((4,)), keras.Input((3,))
    with pytest.raises(ValueError, match=r"Layer 'plus' \(Add\) cannot be applied.*\(None, 4\).*\(None, 3\)"):
        layers.Add(name="plus")([a, b])
    with pytest.raises(ValueError, match=r"'join'.*matching shapes except for the concatenation axis"):
        layers.Concatenate(name="join")([keras.Input((2, 3)), keras.Input((4, 5))])
    with pytest.raises(ValueError, match=r"6 values per sample.*target_shape=\(5,\)"):
        layers.Reshape((5,))(keras.Input((2, 3)))


def test_a_built_layer_reused_on_another_size_fails_before_any_data():
    # "head" gets 4 features first; feeding it the 3 outputs of another Dense must fail at once,
    # not at the first fit().
    head = layers.Dense(2, name="head")
    head(keras.Input((4,)))
    three = layers.Dense(3)(keras.Input((5,)))
    with pytest.raises(ValueError, match=r"Layer 'head' \(Dense\) cannot be applied.*\(None, 3\)"
                                         r".*last axis is 4"):
        head(three)
    block = keras.Sequential([keras.Input((4,)), layers.Dense(2, name="inside")], name="block")
    with pytest.raises(ValueError, match=r"'block' \(Sequential\).*expected shape \(None, 4\)"
                                         r".*received input with shape \(2, 3\)"):
        block(keras.Input((3,)))
    assert head(keras.Input((7, 4))).shape == (None, 7, 2)  # other leading axes are fine


def test_wrong_data_shape_names_the_input_and_expected_shape():
    inputs = keras.Input((4,), name="pixels")
    model = keras.Model(inputs, layers.Dense(2)(inputs))
    with pytest.raises(ValueError, match=r"'pixels'.*expected shape \(None, 4\).*\(2, 5\)"):
        model.predict(np.ones((2, 5)), verbose=0)


def test_wrong_number_of_inputs_lists_them():
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    model = keras.Model([a, b], layers.Add()([a, b]), name="pair")
    with pytest.raises(ValueError, match=r"expects 2 input\(s\) \(a, b\).*received 1"):
        model.predict(np.ones((2, 3)), verbose=0)
    with pytest.raises(ValueError, match=r"'pair' expects 2 input\(s\).*received 3.*order \['a', 'b'\]"):
        model([np.ones((2, 3), "float32")] * 3)
    with pytest.raises(ValueError, match=r"Layer 'pair' \(Functional\).*expects 2 input\(s\).*received 1"):
        model(keras.Input((3,)))  # also when wiring it into a bigger graph


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_fit_or_evaluate_before_compile(method):
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    with pytest.raises(RuntimeError, match=rf"compile\(\) before {method}\(\)"):
        getattr(model, method)(np.ones((2, 2)), np.ones((2, 1)), verbose=0)


def test_subclassed_model_without_call():
    class NoCall(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2)

    with pytest.raises(NotImplementedError, match=r"does not have a call\(\) method.*def"):
        NoCall()(np.ones((1, 3)))
    with pytest.raises(NotImplementedError, match=r"Model no_call_\d+ does not have a call\(\)"):
        NoCall()(keras.Input((3,)))


def _two_heads():
    inputs = keras.Input((4,))
    hidden = layers.Dense(3, name="hidden")(inputs)
    return keras.Model(inputs, [layers.Dense(1, name="a")(hidden), layers.Dense(2, name="b")(hidden)])


def test_loss_dict_with_an_unknown_output_name():
    model = _two_heads()
    with pytest.raises(ValueError, match=r"Expected keys \['a', 'b'\] in loss dict.*output names "
                                         r"\(unknown: \['c'\]\)"):
        model.compile(loss={"a": "mse", "c": "mae"})


def test_target_dict_with_an_unknown_output_name():
    model = _two_heads()
    model.compile(loss={"a": "mse", "b": "mae"})
    y = {"a": np.ones((2, 1)), "c": np.ones((2, 2))}
    with pytest.raises(ValueError, match=r"y dict has no entry for output\(s\) \['b'\]"):
        model.fit(np.ones((2, 4)), y, verbose=0)
    inputs = keras.Input((4,))
    one = keras.Model(inputs, layers.Dense(2, name="o")(inputs))
    one.compile("sgd", "mse")
    with pytest.raises(ValueError, match=r"Expected keys \['o'\].*received keys \['nope'\]"):
        one.fit(np.ones((2, 4)), {"nope": np.ones((2, 2))}, verbose=0)


def test_duplicate_layer_names_are_refused():
    inputs = keras.Input((3,))
    hidden = layers.Dense(2, name="same")(inputs)
    with pytest.raises(ValueError, match=r'"same" is used 2 times.*name=\.\.\.'):
        keras.Model(inputs, layers.Dense(2, name="same")(hidden))
    with pytest.raises(ValueError, match=r"unique names.*'twin' is already.*`name` argument"):
        keras.Sequential([keras.Input((3,)), layers.Dense(2, name="twin"), layers.Dense(2, name="twin")])



@pytest.mark.parametrize("argument", ["metrics", "weighted_metrics", "loss_weights"])
def test_unknown_output_names_in_metrics_and_loss_weights_fail_at_compile(argument):
    model = _two_heads()
    value = {"c": 0.5} if argument == "loss_weights" else {"c": ["mae"]}
    with pytest.raises(ValueError, match=rf"in {argument} dict.*unknown: \['c'\]"):
        model.compile(loss={"a": "mse", "b": "mae"}, **{argument: value})
