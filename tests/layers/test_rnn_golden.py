"""Recurrent layers against real Keras 3: outputs, states, gradients and 3 Adam steps.

Each case is a functional model that Keras built and serialized
(tools/capture_golden_rnn.py); nbkeras rebuilds it from the same JSON, takes
the same weights and must give the same numbers (float32, fused kernels with
the vectorizing tanh, so within 1e-5).
"""

import json
import os

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden")
GOLDEN = np.load(os.path.join(GOLDEN_DIR, "rnn.npz"), allow_pickle=False)
with open(os.path.join(GOLDEN_DIR, "rnn.json"), encoding="utf-8") as _handle:
    STRUCTURE = json.load(_handle)
CASES = sorted(name for name, info in STRUCTURE.items() if isinstance(info, dict) and "output_count" in info)
TOLERANCE = dict(rtol=1e-5, atol=2e-6)


def build(name):
    model = keras.models.model_from_json(json.dumps(STRUCTURE[name]["model"]))
    count = STRUCTURE[name]["weight_count"]
    model.set_weights([GOLDEN[f"{name}/weight_{k}"] for k in range(count)])
    return model


def inputs_of(name):
    return [GOLDEN[f"{name}/input_{k}"] for k in range(STRUCTURE[name]["input_count"])]


def outputs_and_gradients(model, name, inputs):
    watched = [keras.Variable(x, dtype="float32") if x.dtype.kind == "f" else x for x in inputs]
    float_inputs = [w for w in watched if isinstance(w, keras.Variable)]
    sources = list(model.trainable_weights) + float_inputs
    with keras.GradientTape() as tape:
        for w in float_inputs:
            tape.watch(w)
        outputs = model(watched if len(watched) > 1 else watched[0])
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        objective = None
        for k, out in enumerate(outputs):
            term = ops.sum(ops.multiply(out, GOLDEN[f"{name}/cotangent_{k}"]))
            objective = term if objective is None else ops.add(objective, term)
    return outputs, tape.gradient(objective, sources), len(model.trainable_weights)


@pytest.mark.parametrize("name", CASES)
def test_outputs_and_gradients_match_keras(name):
    model = build(name)
    outputs, grads, weight_count = outputs_and_gradients(model, name, inputs_of(name))
    assert len(outputs) == STRUCTURE[name]["output_count"]
    for k, out in enumerate(outputs):
        np.testing.assert_allclose(out.numpy(), GOLDEN[f"{name}/output_{k}"], **TOLERANCE,
                                   err_msg=f"{name}: output {k} differs from Keras")
    for k in range(weight_count):
        np.testing.assert_allclose(grads[k], GOLDEN[f"{name}/grad_weight_{k}"], rtol=1e-4, atol=1e-5,
                                   err_msg=f"{name}: gradient of {model.trainable_weights[k].path}")
    for k, grad in enumerate(grads[weight_count:]):
        np.testing.assert_allclose(grad, GOLDEN[f"{name}/grad_input_{k}"], rtol=1e-4, atol=1e-5,
                                   err_msg=f"{name}: gradient of input {k}")


@pytest.mark.parametrize("name", [c for c in CASES if STRUCTURE[c]["train"]])
def test_three_adam_steps_match_keras(name):
    model = build(name)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    inputs = inputs_of(name)
    losses = [float(model.train_on_batch(inputs if len(inputs) > 1 else inputs[0], GOLDEN[f"{name}/target"]))
              for _ in range(3)]
    np.testing.assert_allclose(losses, GOLDEN[f"{name}/train_losses"], rtol=1e-4, atol=1e-6)
    for k, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, GOLDEN[f"{name}/trained_weight_{k}"], rtol=1e-4, atol=1e-5,
                                   err_msg=f"{name}: weight {k} after 3 Adam steps")


def test_stateful_lstm_carries_states_across_batches():
    name = "stateful_lstm"
    model = keras.models.model_from_json(json.dumps(STRUCTURE[name]["model"]))
    model.set_weights([GOLDEN[f"{name}/weight_{k}"] for k in range(3)])
    for k in range(2):
        np.testing.assert_allclose(model(GOLDEN[f"{name}/batch_{k}"]).numpy(), GOLDEN[f"{name}/output_{k}"],
                                   **TOLERANCE, err_msg=f"stateful batch {k}")
    model.layers[-1].reset_states()
    np.testing.assert_allclose(model(GOLDEN[f"{name}/batch_0"]).numpy(),
                               GOLDEN[f"{name}/output_after_reset"], **TOLERANCE)
