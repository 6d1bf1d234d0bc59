"""Recurrent layers: float64 gradient checks of every code path, fused vs step-by-step, masks, state."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops
from nbkeras.ops.nn.recurrent import GRUOp, GRUResetBeforeOp, LSTMOp, SimpleRNNOp
from nbkeras.utils.gradient_check import check_gradients

L = keras.layers
RNG = np.random.default_rng(0)
MASK = np.array([[True, True, True, False], [False, True, False, True]])


def sequence(batch=2, steps=4, features=3, seed=0):
    return np.random.default_rng(seed).normal(0, 1.0, (batch, steps, features))


# ---------------------------------------------------------------------- the op, every option
@pytest.mark.parametrize("op_class,gates", [(LSTMOp, 4), (GRUOp, 3), (GRUResetBeforeOp, 3), (SimpleRNNOp, 1)])
@pytest.mark.parametrize("masked", [False, True], ids=["nomask", "mask"])
@pytest.mark.parametrize("go_backwards", [False, True], ids=["forwards", "backwards"])
@pytest.mark.parametrize("return_sequences", [False, True], ids=["last", "sequences"])
def test_op_gradients(op_class, gates, masked, go_backwards, return_sequences):
    units, rng = 3, np.random.default_rng(1)
    arrays = [sequence(), rng.normal(0, 0.5, (3, gates * units)), rng.normal(0, 0.5, (units, gates * units)),
              rng.normal(0, 0.5, (2, 3 * units) if op_class is GRUOp else (gates * units,)),
              rng.normal(0, 0.5, (2, units))]
    if op_class is LSTMOp:
        arrays.append(rng.normal(0, 0.5, (2, units)))
    mask = MASK if masked else None
    recurrent_mask = np.array([[2.0, 0.0, 2.0], [0.0, 2.0, 2.0]]) if return_sequences else None

    def fn(*tensors):
        outputs = op_class.apply(*tensors, mask, recurrent_mask, go_backwards=go_backwards,
                                 return_sequences=return_sequences, zero_output_for_mask=masked and go_backwards)
        return ops.concatenate([ops.reshape(o, (-1,)) for o in outputs], axis=0)

    result = check_gradients(fn, arrays)
    assert result["ok"], result


@pytest.mark.parametrize("op_class,gates", [(LSTMOp, 4), (GRUOp, 3), (GRUResetBeforeOp, 3), (SimpleRNNOp, 1)])
def test_op_gradients_with_two_row_halves(op_class, gates):
    """From 16 rows the batch runs in two halves, each summing its own share of the weight gradients."""
    batch, units, rng = 17, 2, np.random.default_rng(2)
    arrays = [sequence(batch, 3, 2), rng.normal(0, 0.5, (2, gates * units)),
              rng.normal(0, 0.5, (units, gates * units)),
              rng.normal(0, 0.5, (2, 3 * units) if op_class is GRUOp else (gates * units,)),
              rng.normal(0, 0.5, (batch, units))]
    if op_class is LSTMOp:
        arrays.append(rng.normal(0, 0.5, (batch, units)))
    recurrent_mask = (rng.random((batch, units)) > 0.3) * 1.5

    def fn(*tensors):
        outputs = op_class.apply(*tensors, None, recurrent_mask, return_sequences=True)
        return ops.concatenate([ops.reshape(o, (-1,)) for o in outputs], axis=0)

    result = check_gradients(fn, arrays)
    assert result["ok"], result


# ---------------------------------------------------------------------- layers
def layer_gradient_check(layer, x, call=None, **call_kwargs):
    """Checks d/dx and d/dweights of a float64 layer by handing it the checker's Variables."""
    call = call or (lambda lay, inputs: lay(inputs, **call_kwargs))
    call(layer, x)
    weights = layer.weights
    owners = [(owner, name) for owner in _owners(layer) for name in ("kernel", "recurrent_kernel", "bias")
              if getattr(owner, name, None) is not None]

    def fn(x_var, *weight_vars):
        for (owner, name), var in zip(owners, weight_vars):
            object.__setattr__(owner, name, var)
        outputs = call(layer, x_var)
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        return ops.concatenate([ops.reshape(o, (-1,)) for o in outputs], axis=0)

    values = [np.array(getattr(owner, name).data) for owner, name in owners]
    assert len(values) == len(weights)
    return check_gradients(fn, [x] + values)


def _owners(layer):
    if hasattr(layer, "forward_layer"):
        return _owners(layer.forward_layer) + _owners(layer.backward_layer)
    if hasattr(layer, "cell"):
        return getattr(layer.cell, "cells", [layer.cell])
    return [layer]


LAYER_CASES = {
    "lstm_sequences_state": lambda: L.LSTM(3, return_sequences=True, return_state=True, dtype="float64"),
    "lstm_backwards": lambda: L.LSTM(3, go_backwards=True, dtype="float64"),
    "gru_state": lambda: L.GRU(3, return_sequences=True, return_state=True, dtype="float64"),
    "gru_reset_before": lambda: L.GRU(3, reset_after=False, return_sequences=True, dtype="float64"),
    "gru_no_bias_backwards": lambda: L.GRU(3, use_bias=False, go_backwards=True, dtype="float64"),
    "simple_rnn_state": lambda: L.SimpleRNN(3, return_sequences=True, return_state=True, dtype="float64"),
    "simple_rnn_relu": lambda: L.SimpleRNN(3, activation="relu", dtype="float64"),
    "lstm_hard_sigmoid": lambda: L.LSTM(3, recurrent_activation="hard_sigmoid", dtype="float64"),
    "lstm_relu_linear": lambda: L.LSTM(3, activation="relu", recurrent_activation="linear",
                                       return_sequences=True, dtype="float64"),
    "gru_linear_hard_sigmoid": lambda: L.GRU(3, activation="linear", recurrent_activation="hard_sigmoid",
                                             return_sequences=True, dtype="float64"),
    "gru_reset_before_relu_backwards": lambda: L.GRU(3, reset_after=False, activation="relu",
                                                     recurrent_activation="hard_sigmoid", go_backwards=True,
                                                     return_state=True, dtype="float64"),
    "simple_rnn_sigmoid_backwards": lambda: L.SimpleRNN(3, activation="sigmoid", go_backwards=True,
                                                        dtype="float64"),
    "rnn_stacked_cells": lambda: L.RNN([L.LSTMCell(3, dtype="float64"), L.GRUCell(2, dtype="float64")],
                                       return_sequences=True, dtype="float64"),
    "bidirectional_concat": lambda: L.Bidirectional(L.LSTM(2, return_sequences=True, dtype="float64")),
    "bidirectional_state": lambda: L.Bidirectional(L.GRU(2, return_state=True, dtype="float64"), merge_mode="mul"),
}


@pytest.mark.parametrize("name", sorted(LAYER_CASES))
@pytest.mark.parametrize("masked", [False, True], ids=["nomask", "mask"])
def test_layer_gradients(name, masked):
    layer = LAYER_CASES[name]()
    kwargs = {"mask": MASK} if masked else {}
    result = layer_gradient_check(layer, sequence(), **kwargs)
    assert result["ok"], (name, result)


def test_stateful_gradients_on_the_second_batch():
    layer = L.LSTM(3, stateful=True, return_sequences=True, dtype="float64")
    layer(sequence(seed=1))  # the first batch leaves its states behind
    saved = [v.data.copy() for v in layer.states]

    def call(lay, inputs):
        for variable, value in zip(lay.states, saved):
            variable.assign(value)  # every evaluation starts from the first batch's states
        return lay(inputs)

    result = layer_gradient_check(layer, sequence(seed=2), call=call)
    assert result["ok"], result
    assert np.abs(saved[0]).sum() > 0


@pytest.mark.parametrize("make", [lambda: L.LSTM(4, return_sequences=True, return_state=True, go_backwards=True),
                                  lambda: L.GRU(4, return_sequences=True, return_state=True),
                                  lambda: L.GRU(4, reset_after=False, return_sequences=True, return_state=True,
                                                go_backwards=True),
                                  lambda: L.SimpleRNN(4, return_sequences=True, return_state=True)])
@pytest.mark.parametrize("masked", [False, True])
def test_fused_equals_step_by_step(make, masked):
    """The fused op and the cell's keras.ops formulas give the same numbers."""
    fused = make()
    x = sequence()
    kwargs = {"mask": MASK} if masked else {}
    fused_out = fused(x.astype("float32"), **kwargs)
    generic = L.RNN(type(fused.cell).from_config(fused.cell.get_config()), return_sequences=True,
                    return_state=True, go_backwards=fused.go_backwards)
    generic(x.astype("float32"))
    generic.set_weights(fused.get_weights())
    generic_out = generic(x.astype("float32"), **kwargs)
    for a, b in zip(fused_out, generic_out):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-6)


@pytest.mark.parametrize("make", [
    lambda: L.LSTM(4, activation="relu", recurrent_activation="hard_sigmoid", return_sequences=True),
    lambda: L.GRU(4, activation="linear", recurrent_activation="sigmoid", return_sequences=True),
    lambda: L.SimpleRNN(4, activation="hard_sigmoid", return_sequences=True),
    lambda: L.SimpleRNN(4, activation="relu", return_sequences=True)])
def test_other_activations_run_fused_with_the_cells_numbers(make):
    fused = make()
    x = sequence().astype("float32")
    out = fused(x, mask=MASK)
    assert fused.fusable()
    generic = L.RNN(type(fused.cell).from_config(fused.cell.get_config()), return_sequences=True)
    generic(x)
    generic.set_weights(fused.get_weights())
    np.testing.assert_allclose(out.numpy(), generic(x, mask=MASK).numpy(), atol=1e-6)


def test_gru_reset_before_runs_fused_and_has_gate_views():
    layer = L.GRU(4, reset_after=False, return_sequences=True)
    x = sequence().astype("float32")
    out = layer(x)
    assert layer.fusable() and layer.op_class is GRUResetBeforeOp
    gates = keras.inspect.gru_gates(layer, x)
    assert gates["reset_gate"].shape == (2, 4, 4)
    np.testing.assert_array_equal(gates["hidden_state"], out.numpy())


def test_activations_without_a_kernel_run_step_by_step():
    assert not L.LSTM(2, activation="softplus").fusable()
    assert not L.SimpleRNN(2, activation=lambda v: v * 2).fusable()


def test_mask_zero_gives_the_same_result_as_the_unpadded_sequence():
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), L.Embedding(10, 4, mask_zero=True),
                              L.LSTM(5)])
    padded = np.array([[3, 4, 5, 0, 0]])
    np.testing.assert_allclose(model(padded).numpy(), model(np.array([[3, 4, 5]])).numpy(), atol=1e-6)


def test_masking_layer_skips_padded_steps():
    keras.utils.set_random_seed(4)
    x = sequence(1, 5, 2).astype("float32")
    x[0, 3:] = 0.0
    model = keras.Sequential([keras.Input((5, 2)), L.Masking(), L.GRU(3)])
    np.testing.assert_allclose(model(x).numpy(), model.layers[-1](x[:, :3]).numpy(), atol=1e-6)


def test_stateful_reset_and_batch_check():
    layer = L.SimpleRNN(2, stateful=True)
    x = np.ones((3, 4, 2), "float32")
    first = layer(x).numpy()
    assert not np.allclose(layer(x).numpy(), first)  # the state carried over
    layer.reset_states()
    np.testing.assert_allclose(layer(x).numpy(), first, atol=1e-6)
    with pytest.raises(ValueError, match="batch size"):
        layer(np.ones((2, 4, 2), "float32"))


def test_weight_layouts_are_keras():
    x = np.ones((1, 2, 5), "float32")
    lstm, gru, gru_before, simple = L.LSTM(3), L.GRU(3), L.GRU(3, reset_after=False), L.SimpleRNN(3)
    for layer in (lstm, gru, gru_before, simple):
        layer(x)
    assert [w.shape for w in lstm.get_weights()] == [(5, 12), (3, 12), (12,)]
    assert [w.shape for w in gru.get_weights()] == [(5, 9), (3, 9), (2, 9)]
    assert [w.shape for w in gru_before.get_weights()] == [(5, 9), (3, 9), (9,)]
    assert [w.shape for w in simple.get_weights()] == [(5, 3), (3, 3), (3,)]
    np.testing.assert_array_equal(lstm.get_weights()[2], [0] * 3 + [1] * 3 + [0] * 6)  # unit_forget_bias
    assert [v.path for v in lstm.weights] == ["lstm_cell/kernel", "lstm_cell/recurrent_kernel", "lstm_cell/bias"]


@pytest.mark.parametrize("layer", [L.LSTM(3, return_sequences=True, dropout=0.1), L.GRU(2, reset_after=False),
                                   L.SimpleRNN(4, stateful=True), L.Bidirectional(L.LSTM(2), merge_mode="ave"),
                                   L.TimeDistributed(L.Dense(3)), L.Embedding(5, 2, mask_zero=True),
                                   L.Masking(-1.0), L.RNN([L.LSTMCell(2), L.SimpleRNNCell(3)])])
def test_config_round_trip(layer):
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config


def test_errors_name_the_layer_and_the_fix():
    with pytest.raises(ValueError, match=r"rank 3 \(batch, time, features\).*x\[None\]"):
        L.LSTM(3)(np.ones((4, 5), "float32"))
    with pytest.raises(ValueError, match="input_dim"):
        L.Embedding(5, 2)(np.array([[7]]))
    with pytest.warns(UserWarning, match="input_length"):
        L.Embedding(5, 2, input_length=3)


def test_dropout_only_while_training():
    keras.utils.set_random_seed(5)
    layer = L.LSTM(3, dropout=0.5, recurrent_dropout=0.5)
    x = np.ones((2, 4, 3), "float32")
    np.testing.assert_array_equal(layer(x).numpy(), layer(x).numpy())
    assert not np.allclose(layer(x, training=True).numpy(), layer(x).numpy())


def test_masks_travel_through_a_functional_graph_and_bidirectional():
    keras.utils.set_random_seed(6)
    tokens = keras.Input((None,), dtype="int32")
    h = L.Embedding(12, 4, mask_zero=True)(tokens)
    h = L.Bidirectional(L.GRU(3, return_sequences=True))(h)
    h = L.LSTM(2)(h)
    model = keras.Model(tokens, L.Dense(1)(h))
    short, padded = np.array([[5, 7, 9]]), np.array([[5, 7, 9, 0, 0, 0]])
    np.testing.assert_allclose(model.predict(short, verbose=0), model.predict(padded, verbose=0), atol=1e-6)


def test_a_masked_sequence_output_weighs_padding_out_of_the_loss():
    keras.utils.set_random_seed(7)
    model = keras.Sequential([keras.Input((4,), dtype="int32"), L.Embedding(6, 2, mask_zero=True),
                              L.SimpleRNN(1, return_sequences=True)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.array([[1, 2, 0, 0]])
    y_pred = model.predict(x, verbose=0)
    target = np.zeros((1, 4, 1), "float32")
    target[0, 2:] = 100.0  # padding targets: must not count
    expected = float(np.mean(y_pred[0, :2] ** 2))
    np.testing.assert_allclose(model.evaluate(x, target, verbose=0), expected, rtol=1e-5)


class MinimalRNNCell(keras.layers.Layer):
    """A learner's own cell, written with keras.ops (the Keras 3 RNN docstring's example)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="uniform",
                                                name="recurrent_kernel")

    def call(self, inputs, states):
        output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


def test_a_learners_own_cell_runs_step_by_step_with_gradients():
    layer = L.RNN(MinimalRNNCell(3, dtype="float64"), return_sequences=True, dtype="float64")
    x = sequence()
    out = layer(x).numpy()
    kernel, recurrent = layer.get_weights()
    h, expected = np.zeros((2, 3)), []
    for t in range(4):
        h = x[:, t] @ kernel + h @ recurrent
        expected.append(h)
    np.testing.assert_allclose(out, np.stack(expected, axis=1), atol=1e-12)
    result = layer_gradient_check(layer, x, mask=MASK)
    assert result["ok"], result
