"""Sequential as Keras 3 has it: a functional graph built incrementally by add/pop."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers


class TwoOutputs(layers.Layer):
    def call(self, x):
        return [x, x * 2.0]

    def compute_output_shape(self, input_shape):
        return [input_shape, input_shape]


def _deferred():
    model = keras.Sequential([layers.Dense(3, name="d1"), layers.Dense(2, name="d2")])
    model(np.ones((5, 4), "float32"))
    return model


def test_a_call_gives_a_deferred_model_an_input_layer_in_its_config_as_keras():
    # Keras 3 (checked with keras 3 + torch): layers [InputLayer, Dense, Dense] after the call.
    config = _deferred().get_config()
    assert [entry["class_name"] for entry in config["layers"]] == ["InputLayer", "Dense", "Dense"]
    assert config["build_input_shape"] == [None, 4]
    rebuilt = keras.Sequential.from_config(config)
    assert [layer.name for layer in rebuilt.layers] == ["d1", "d2"]
    assert rebuilt.count_params() == 15 + 8


def test_add_after_a_deferred_build_extends_the_graph():
    model = _deferred()
    model.add(layers.Dense(6, name="d3"))
    assert model.built and model.outputs[0].shape == (None, 6)
    assert model.layers[-1].output is model.outputs[0]
    features = keras.Model(model.inputs, model.get_layer("d2").output)
    assert features(np.ones((3, 4), "float32")).shape == (3, 2)


def test_pop_after_a_deferred_build_rebuilds_and_the_popped_layer_keeps_no_node():
    model = _deferred()
    d1, d2 = model.layers
    assert model.inputs[0] is d1.input and d1.output is d2.input and d2.output is model.outputs[0]
    popped = model.pop()
    assert popped is d2 and popped.inbound_nodes == []
    assert model.built and model.outputs[0] is d1.output and model.output_shape == (None, 3)
    model.add(popped)
    values = keras.Model(model.inputs, [d1.output, d2.output])(np.ones((2, 4), "float32"))
    np.testing.assert_allclose(np.asarray(values[1].data),
                               np.asarray(model(np.ones((2, 4), "float32")).data))


def test_a_first_layer_that_is_a_built_model_gives_the_input_shape_as_keras():
    inputs = keras.Input((5,))
    base = keras.Model(inputs, layers.Dense(3)(inputs), name="base")
    model = keras.Sequential([base, layers.Dense(1, name="head")])
    assert model.built and model.output_shape == (None, 1)
    assert [layer.name for layer in model.layers] == ["base", "head"]


def test_only_the_last_layer_may_return_several_outputs():
    model = keras.Sequential([keras.Input((3,)), TwoOutputs(name="two")])
    assert [tuple(t.shape) for t in model.outputs] == [(None, 3), (None, 3)]
    first, second = model.predict(np.ones((2, 3), "float32"), verbose=0)
    np.testing.assert_allclose(second, 2.0 * first)
    with pytest.raises(ValueError, match=r"Layer 'two2' \(TwoOutputs\) returns several outputs.*"
                                         r"keras.Model\(inputs, outputs\)"):
        keras.Sequential([keras.Input((3,)), TwoOutputs(name="two2"), layers.Dense(1)])


def test_an_input_with_another_shape_cannot_rebuild_a_declared_model():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2)], name="declared")
    with pytest.raises(ValueError, match=r"'declared' has already been configured to use input "
                                         r"shape \(None, 4\)"):
        model.build((None, 5))


def test_a_deferred_model_accepts_another_length_and_rebuilds_on_request():
    model = keras.Sequential([layers.Flatten(name="flat")])
    assert model(np.ones((2, 3, 4), "float32")).shape == (2, 12)
    assert model(np.ones((2, 5, 2), "float32")).shape == (2, 10)
    assert model(keras.Input((5, 2))).shape == (None, 10)
    model.build((None, 5, 2))
    assert model.input_shape == (None, 5, 2) and model.output_shape == (None, 10)
    config = model.get_config()
    assert [entry["class_name"] for entry in config["layers"]] == ["InputLayer", "Flatten"]
    assert config["layers"][0]["config"]["batch_shape"] == [None, 5, 2]


def _nested():
    """A Sequential whose first layer is a built Sequential: built at once, as in Keras."""
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="i1"),
                              layers.Dense(3, name="i2")], name="inner")
    return inner, keras.Sequential([inner, layers.Dense(1, name="o")], name="outer")


def test_clone_of_a_nested_sequential_keeps_nested_sequentials():
    inner, outer = _nested()
    for recursive in (False, True):
        clone = keras.models.clone_model(outer, recursive=recursive)
        copy = clone.layers[0]
        assert type(copy) is keras.Sequential and copy is not inner
        assert [layer.name for layer in copy.layers] == ["i1", "i2"]
        assert copy.layers[0] is not inner.layers[0]
        assert clone.built and clone.output_shape == (None, 1)
        assert clone.count_params() == outer.count_params()


def test_summary_and_plot_of_a_nested_sequential():
    from nbkeras.display.model_graph import model_graph

    _, outer = _nested()
    lines = []
    outer.summary(expand_nested=True, print_fn=lines.append)
    assert "inner (Sequential)" in lines[0] and "└ i2 (Dense)" in lines[0]
    assert "?" not in lines[0] and "(None, 1)" in lines[0]
    drawn = model_graph(outer, expand_nested=True)
    assert [(n.class_name, n.cluster) for n in drawn.nodes] == [
        ("InputLayer", None), ("Dense", "cluster-inner"), ("Dense", "cluster-inner"),
        ("Dense", None)]
    assert len(drawn.edges) == 3
    assert keras.utils.plot_model(outer, expand_nested=True) is not None


def test_a_keras_sequential_saved_after_a_call_runs_on_any_batch():
    # Keras writes the InputLayer it made from the data, batch size included (here 4), and
    # its Sequential predicts on any batch size.
    config = {"name": "from_keras", "trainable": True, "build_input_shape": [4, 4], "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
         "config": {"batch_shape": [4, 4], "dtype": "float32", "sparse": False,
                    "ragged": False, "name": "input_layer"}},
        {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
         "config": {"name": "dense", "units": 2}}]}
    model = keras.Sequential.from_config(config)
    assert model.predict(np.ones((3, 4), "float32"), verbose=0).shape == (3, 2)
    with pytest.raises(ValueError, match=r"expected shape \(None, 4\).*\(3, 5\)"):
        model.predict(np.ones((3, 5), "float32"), verbose=0)


def test_a_first_layer_taking_several_inputs_runs_without_a_graph_as_keras():
    model = keras.Sequential([layers.Concatenate(name="join"), layers.Dense(1, name="out")])
    out = model([np.ones((2, 3), "float32"), np.ones((2, 1), "float32")])
    assert out.shape == (2, 1) and model.get_layer("out").kernel.shape == (4, 1)
    with pytest.raises(AttributeError, match="not built yet, so it has no inputs"):
        model.inputs


def test_a_failed_build_leaves_no_node_on_the_layers_below():
    below = layers.Dense(3, name="below")
    with pytest.raises(ValueError, match="returns several outputs"):
        keras.Sequential([keras.Input((3,)), below, TwoOutputs(name="two3"), layers.Dense(1)])
    assert below.inbound_nodes == []
    model = keras.Sequential([keras.Input((3,)), below])
    assert below.output is model.output
