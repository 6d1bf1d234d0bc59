"""Gate views: per-step gates and states agree with the layer's own outputs and formulas."""

import numpy as np
import pytest

import nbkeras as keras

L = keras.layers


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def test_lstm_gates_are_the_tutorial_formulas():
    keras.utils.set_random_seed(0)
    layer = L.LSTM(5, return_sequences=True, dtype="float64")
    x = np.random.default_rng(0).normal(size=(2, 4, 3))
    sequence = layer(x).numpy()
    gates = keras.inspect.lstm_gates(layer, x)
    assert set(gates) == set(keras.inspect.LSTM_VIEWS)
    assert all(v.shape == (2, 4, 5) for v in gates.values())
    np.testing.assert_allclose(gates["hidden_state"], sequence, atol=1e-12)
    kernel, recurrent, bias = layer.get_weights()
    z0 = x[:, 0] @ kernel + bias  # first step: h_prev = c_prev = 0
    np.testing.assert_allclose(gates["input_gate"][:, 0], sigmoid(z0[:, :5]), atol=1e-12)
    np.testing.assert_allclose(gates["forget_gate"][:, 0], sigmoid(z0[:, 5:10]), atol=1e-12)
    np.testing.assert_allclose(gates["cell_candidate"][:, 0], np.tanh(z0[:, 10:15]), atol=1e-12)
    np.testing.assert_allclose(gates["output_gate"][:, 0], sigmoid(z0[:, 15:]), atol=1e-12)
    c1 = gates["input_gate"][:, 0] * gates["cell_candidate"][:, 0]
    np.testing.assert_allclose(gates["cell_state"][:, 0], c1, atol=1e-12)


def test_go_backwards_views_are_in_input_order():
    layer = L.GRU(3, go_backwards=True, return_sequences=True)
    x = np.random.default_rng(1).normal(size=(1, 5, 2)).astype("float32")
    outputs = layer(x).numpy()  # processing order: last input first
    views = keras.inspect.gru_gates(layer, x)
    assert set(views) == set(keras.inspect.GRU_VIEWS)
    np.testing.assert_allclose(views["hidden_state"][:, ::-1], outputs, atol=1e-6)


def test_simple_rnn_states_and_errors():
    layer = L.SimpleRNN(2)
    x = np.ones((4, 3), "float32")  # one sequence, no batch axis
    assert keras.inspect.simple_rnn_states(layer, x)["hidden_state"].shape == (1, 4, 2)
    with pytest.raises(TypeError, match="Expected a LSTM layer"):
        keras.inspect.lstm_gates(layer, x)
    with pytest.raises(ValueError, match="activations among tanh"):
        keras.inspect.recurrent_states(L.LSTM(2, activation="softplus"), x)


def test_masked_steps_carry_the_state():
    layer = L.LSTM(3)
    x = np.random.default_rng(2).normal(size=(1, 4, 2)).astype("float32")
    views = keras.inspect.lstm_gates(layer, x, mask=np.array([[True, True, False, False]]))
    np.testing.assert_array_equal(views["cell_state"][0, 3], views["cell_state"][0, 1])


def test_gates_figure_for_a_model_with_embedding_and_bidirectional():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    model = keras.Sequential([keras.Input((6,), dtype="int32"), L.Embedding(10, 4, mask_zero=True),
                              L.Bidirectional(L.LSTM(8, return_sequences=True)), L.GRU(4), L.Dense(1)])
    tokens = np.array([[3, 5, 2, 7, 0, 0]])
    figure = keras.display.gates(model, tokens, tokens="the cat sat down <pad> <pad>".split())
    heatmaps = [ax for ax in figure.axes if ax.images and ax.get_ylabel()]
    assert len(heatmaps) == 6  # four gates, cell state, hidden state
    assert [t.get_text() for t in heatmaps[-1].get_xticklabels()][:2] == ["the", "cat"]
    gru_figure = keras.display.gates(model, tokens, layer=model.layers[2].name)
    assert len([ax for ax in gru_figure.axes if ax.images and ax.get_ylabel()]) == 4
    explorer = keras.display.gate_explorer(model, tokens)
    assert explorer is not None
