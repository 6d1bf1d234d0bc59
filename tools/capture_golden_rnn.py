"""Capture recurrent-layer goldens from real Keras 3: outputs, states, gradients, 3 training steps.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_rnn.py

Writes tests/golden/rnn.npz (+ rnn.json: each case's model JSON) and the
.keras files tests/golden/keras_files/rnn_*.keras with their predictions.
Every case is a functional model built in Keras with seeded weights; the
tests rebuild it in nbkeras from the same JSON, set the same weights and
compare. Gradients come from torch autograd (inputs and the Parameters
behind the Keras variables). With ``--check-nbkeras-files DIR`` the script
instead loads .keras files that nbkeras wrote (tools/write_nbkeras_rnn_files.py)
and checks Keras predicts what nbkeras predicted.
"""

import json
import os
import sys

import golden_io

golden_io.prepare_environment()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

L = keras.layers
BATCH, STEPS, FEATURES = 3, 6, 3


def float_input(seed, masked=False):
    x = np.random.default_rng(seed).normal(0, 1.0, (BATCH, STEPS, FEATURES)).astype(np.float32)
    if masked:  # trailing padding, a masked middle step, and leading padding
        x[0, 4:] = 0.0
        x[1, 2] = 0.0
        x[2, :2] = 0.0
    return x


def build_cases():
    """(case name, model builder, input arrays, trainable?) for every option worth a code path."""
    cases = []

    def seq_input():
        return keras.Input((STEPS, FEATURES), name="x")

    def add(name, build, inputs, train=True):
        cases.append((name, build, inputs, train))

    def single(layer_fn, masked=False):
        def build():
            x = seq_input()
            h = L.Masking(0.0)(x) if masked else x
            return keras.Model(x, layer_fn(h))
        return build

    add("lstm_seq_state", single(lambda h: L.LSTM(4, return_sequences=True, return_state=True)(h)),
        [float_input(1)], train=False)
    add("lstm_last_dense", single(lambda h: L.Dense(2)(L.LSTM(4)(h))), [float_input(2)])
    add("lstm_go_backwards", single(lambda h: L.LSTM(4, return_sequences=True, go_backwards=True)(h)),
        [float_input(3)])
    add("lstm_masked_state", single(lambda h: L.LSTM(4, return_sequences=True, return_state=True)(h),
                                    masked=True), [float_input(4, masked=True)], train=False)
    add("lstm_masked_last", single(lambda h: L.LSTM(4)(h), masked=True), [float_input(5, masked=True)])
    add("lstm_masked_backwards", single(lambda h: L.LSTM(4, return_sequences=True, go_backwards=True)(h),
                                        masked=True), [float_input(6, masked=True)])
    add("lstm_no_bias_no_forget", single(lambda h: L.LSTM(4, use_bias=False, unit_forget_bias=False)(h)),
        [float_input(7)])
    add("lstm_relu_hard_sigmoid", single(lambda h: L.LSTM(4, activation="relu",
                                                         recurrent_activation="hard_sigmoid",
                                                         return_sequences=True)(h)), [float_input(8)])
    add("gru_state", single(lambda h: L.GRU(4, return_sequences=True, return_state=True)(h)),
        [float_input(9)], train=False)
    add("gru_last", single(lambda h: L.GRU(4)(h)), [float_input(10)])
    add("gru_reset_before", single(lambda h: L.GRU(4, reset_after=False, return_sequences=True)(h)),
        [float_input(11)])
    add("gru_masked", single(lambda h: L.GRU(4, return_sequences=True)(h), masked=True),
        [float_input(12, masked=True)])
    add("gru_backwards_no_bias", single(lambda h: L.GRU(4, go_backwards=True, use_bias=False)(h)),
        [float_input(13)])
    add("simple_rnn_state", single(lambda h: L.SimpleRNN(4, return_sequences=True, return_state=True)(h)),
        [float_input(14)], train=False)
    add("simple_rnn_masked_backwards",
        single(lambda h: L.SimpleRNN(4, return_sequences=True, go_backwards=True)(h), masked=True),
        [float_input(15, masked=True)])
    add("simple_rnn_relu", single(lambda h: L.SimpleRNN(4, activation="relu")(h)), [float_input(16)])
    for mode in ("concat", "sum", "ave", "mul"):
        add(f"bidirectional_{mode}",
            single(lambda h, mode=mode: L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode=mode)(h)),
            [float_input(17)])
    add("bidirectional_none", single(lambda h: L.Bidirectional(L.GRU(3), merge_mode=None)(h)),
        [float_input(18)], train=False)
    add("bidirectional_masked", single(lambda h: L.Bidirectional(L.LSTM(3, return_sequences=True))(h),
                                       masked=True), [float_input(19, masked=True)])
    add("bidirectional_state", single(lambda h: L.Bidirectional(L.LSTM(3, return_state=True))(h)),
        [float_input(20)], train=False)
    add("bidirectional_backward_layer",
        single(lambda h: L.Bidirectional(L.LSTM(3), backward_layer=L.GRU(3, go_backwards=True))(h)),
        [float_input(21)])
    add("stacked_lstm", single(lambda h: L.LSTM(3)(L.LSTM(4, return_sequences=True)(h))), [float_input(22)])
    add("stacked_masked", single(lambda h: L.GRU(3)(L.LSTM(4, return_sequences=True)(h)), masked=True),
        [float_input(23, masked=True)])
    add("rnn_stacked_cells", single(lambda h: L.RNN([L.LSTMCell(4), L.GRUCell(3)], return_sequences=True)(h)),
        [float_input(24)])
    add("rnn_simple_cell", single(lambda h: L.RNN(L.SimpleRNNCell(4), go_backwards=True)(h)), [float_input(25)])
    add("time_distributed", single(lambda h: L.TimeDistributed(L.Dense(2))(L.LSTM(4, return_sequences=True)(h))),
        [float_input(26)])

    def embedding_model():
        tokens = keras.Input((STEPS,), dtype="int32", name="tokens")
        h = L.Embedding(7, 3, mask_zero=True)(tokens)
        h = L.Bidirectional(L.LSTM(4, return_sequences=True))(h)
        h = L.LSTM(3)(h)
        return keras.Model(tokens, L.Dense(1, activation="sigmoid")(h))

    tokens = np.array([[3, 1, 4, 1, 5, 0], [2, 6, 0, 0, 0, 0], [0, 0, 5, 3, 2, 1]], np.int32)
    add("embedding_masked_stack", embedding_model, [tokens])

    def initial_state_model():
        x = seq_input()
        h0, c0 = keras.Input((4,), name="h0"), keras.Input((4,), name="c0")
        masked = L.Masking(0.0)(x)
        return keras.Model([x, h0, c0], L.LSTM(4, return_sequences=True)(masked, initial_state=[h0, c0]))

    rng = np.random.default_rng(27)
    add("lstm_initial_state_masked", initial_state_model,
        [float_input(27, masked=True), rng.normal(0, 0.5, (BATCH, 4)).astype(np.float32),
         rng.normal(0, 0.5, (BATCH, 4)).astype(np.float32)])
    return cases


def seeded_weights(model, seed):
    rng = np.random.default_rng(seed)
    return [rng.normal(0, 0.4, w.shape).astype(np.float32) for w in model.get_weights()]


def capture_case(golden, structure, index, name, build, inputs, train):
    keras.backend.clear_session()
    keras.utils.set_random_seed(index)
    model = build()
    weights = seeded_weights(model, 100 + index)
    model.set_weights(weights)
    structure[name] = {"model": json.loads(model.to_json()), "train": train,
                       "weight_count": len(weights), "input_count": len(inputs)}
    for k, w in enumerate(weights):
        golden.add(f"{name}/weight_{k}", w)
    for k, x in enumerate(inputs):
        if x.dtype.kind == "i":
            golden.add_int(f"{name}/input_{k}", x)
        else:
            golden.add(f"{name}/input_{k}", x)
    tensors = [torch.tensor(x, requires_grad=x.dtype.kind == "f") for x in inputs]
    outputs = model(tensors if len(tensors) > 1 else tensors[0])
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    rng = np.random.default_rng(200 + index)
    objective = 0
    for k, out in enumerate(outputs):
        cotangent = rng.normal(size=tuple(out.shape)).astype(np.float32)
        golden.add(f"{name}/output_{k}", out)
        golden.add(f"{name}/cotangent_{k}", cotangent)
        objective = objective + (out * torch.tensor(cotangent)).sum()
    variables = [v.value for v in model.trainable_variables]
    sources = variables + [t for t in tensors if t.requires_grad]
    grads = torch.autograd.grad(objective, sources, allow_unused=True)
    for k, g in enumerate(grads[:len(variables)]):
        golden.add(f"{name}/grad_weight_{k}", np.zeros(variables[k].shape) if g is None else g)
    for k, g in enumerate(grads[len(variables):]):
        golden.add(f"{name}/grad_input_{k}", g)
    structure[name]["output_count"] = len(outputs)
    structure[name]["trainable_paths"] = [v.path for v in model.trainable_variables]
    if train:
        target = rng.normal(size=tuple(outputs[0].shape)).astype(np.float32)
        golden.add(f"{name}/target", target)
        model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
        losses = [float(model.train_on_batch(inputs if len(inputs) > 1 else inputs[0], target))
                  for _ in range(3)]
        golden.add(f"{name}/train_losses", np.array(losses))
        for k, w in enumerate(model.get_weights()):
            golden.add(f"{name}/trained_weight_{k}", w)


def capture_stateful(golden, structure):
    """A stateful LSTM over two consecutive batches, then reset_states and the first again."""
    keras.backend.clear_session()
    x = keras.Input(batch_shape=(2, 4, 3))
    model = keras.Model(x, L.LSTM(3, stateful=True, return_sequences=True)(x))
    weights = seeded_weights(model, 300)
    model.set_weights(weights)
    structure["stateful_lstm"] = {"model": json.loads(model.to_json())}
    rng = np.random.default_rng(301)
    batches = [rng.normal(size=(2, 4, 3)).astype(np.float32) for _ in range(2)]
    for k, w in enumerate(weights):
        golden.add(f"stateful_lstm/weight_{k}", w)
    for k, batch in enumerate(batches):
        golden.add(f"stateful_lstm/batch_{k}", batch)
        golden.add(f"stateful_lstm/output_{k}", model(batch))
    model.layers[-1].reset_states()
    golden.add("stateful_lstm/output_after_reset", model(batches[0]))
    # No training trajectory: Keras 3.15's torch backend fails on train_on_batch of a stateful
    # RNN ("modified by an inplace operation"); nbkeras's stateful gradients are checked in float64.


def save_keras_files(structure):
    """.keras files written by Keras, with their predictions, for nbkeras to load."""
    folder = os.path.join(golden_io.GOLDEN_DIR, "keras_files")
    os.makedirs(folder, exist_ok=True)
    files = {}
    for name, build in (("rnn_embedding_bilstm", None), ("rnn_gru_simple_stack", None)):
        keras.backend.clear_session()
        keras.utils.set_random_seed(7)
        if name == "rnn_embedding_bilstm":
            tokens = keras.Input((5,), dtype="int32")
            h = L.Embedding(9, 4, mask_zero=True)(tokens)
            h = L.Bidirectional(L.LSTM(3, return_sequences=True))(h)
            model = keras.Model(tokens, L.Dense(1, activation="sigmoid")(L.LSTM(2)(h)))
            x = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]], np.int32)
        else:
            model = keras.Sequential([keras.Input((5, 2)), L.GRU(3, return_sequences=True),
                                      L.SimpleRNN(3, return_sequences=True),
                                      L.TimeDistributed(L.Dense(2))])
            x = np.random.default_rng(8).normal(size=(2, 5, 2)).astype(np.float32)
        model.compile(optimizer="adam", loss="mse")
        path = os.path.join(folder, f"{name}.keras")
        model.save(path)
        files[name] = {"x": x.tolist(), "x_dtype": str(x.dtype),
                       "prediction": golden_io.to_numpy(model.predict(x, verbose=0)).tolist()}
    with open(os.path.join(folder, "rnn_expected.json"), "w") as handle:
        json.dump(files, handle, indent=1)
    structure["keras_files"] = sorted(files)


def check_nbkeras_files(folder):
    """Loads nbkeras-written .keras files in Keras and compares with nbkeras's predictions."""
    with open(os.path.join(folder, "expected.json")) as handle:
        expected = json.load(handle)
    failures = 0
    for name, case in expected.items():
        model = keras.saving.load_model(os.path.join(folder, f"{name}.keras"))
        x = np.asarray(case["x"], dtype=case["x_dtype"])
        prediction = golden_io.to_numpy(model.predict(x, verbose=0))
        error = float(np.max(np.abs(prediction - np.asarray(case["prediction"]))))
        ok = error < 1e-5
        failures += not ok
        print(f"{name}: loaded in Keras {keras.__version__}, max |difference| {error:.2e} "
              f"{'ok' if ok else 'MISMATCH'}")
    return failures


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check-nbkeras-files":
        sys.exit(1 if check_nbkeras_files(sys.argv[2]) else 0)
    golden = golden_io.GoldenFile("rnn", __file__)
    structure = golden.structure
    for index, (name, build, inputs, train) in enumerate(build_cases()):
        capture_case(golden, structure, index, name, build, inputs, train)
    capture_stateful(golden, structure)
    save_keras_files(structure)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
