"""Write .keras files with recurrent layers from nbkeras, for real Keras to load.

Run in the nbkeras environment, then check them in the reference venv:

    PYTHONPATH=. python tools/write_nbkeras_rnn_files.py /tmp/nbkeras_rnn_files
    KERAS_BACKEND=torch $PEER tools/capture_golden_rnn.py \
        --check-nbkeras-files /tmp/nbkeras_rnn_files

Writes one .keras file per model and expected.json with nbkeras's predictions.
"""

import json
import os
import sys

import numpy as np

import nbkeras as keras

L = keras.layers


def models():
    tokens = keras.Input((6,), dtype="int32")
    h = L.Embedding(12, 4, mask_zero=True)(tokens)
    h = L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="ave")(h)
    h = L.GRU(3)(h)
    yield "embedding_bilstm_gru", keras.Model(tokens, L.Dense(2, activation="softmax")(h)), \
        np.array([[1, 5, 7, 0, 0, 0], [3, 2, 11, 4, 9, 8]], np.int32)
    yield "masking_stack", keras.Sequential([
        keras.Input((5, 2)), L.Masking(0.0), L.SimpleRNN(3, return_sequences=True),
        L.GRU(3, reset_after=False, return_sequences=True, go_backwards=True),
        L.TimeDistributed(L.Dense(1))]), \
        np.concatenate([np.random.default_rng(1).normal(size=(2, 3, 2)), np.zeros((2, 2, 2))], 1).astype("float32")
    yield "rnn_stacked_cells", keras.Sequential([
        keras.Input((4, 3)), L.RNN([L.LSTMCell(3), L.SimpleRNNCell(2)]),
        L.Dense(1)]), np.random.default_rng(2).normal(size=(2, 4, 3)).astype("float32")


def main(folder):
    os.makedirs(folder, exist_ok=True)
    keras.utils.set_random_seed(0)
    expected = {}
    for name, model, x in models():
        model.compile(optimizer="adam", loss="mse")
        model.save(os.path.join(folder, f"{name}.keras"))
        expected[name] = {"x": x.tolist(), "x_dtype": str(x.dtype),
                          "prediction": np.asarray(model.predict(x, verbose=0)).tolist()}
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(expected, handle)
    print(f"wrote {len(expected)} models to {folder}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nbkeras_rnn_files")
