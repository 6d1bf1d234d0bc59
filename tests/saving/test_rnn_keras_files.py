""".keras files with recurrent layers: Keras-written files load with Keras's predictions; round trips.

The other direction (nbkeras writes, Keras loads) is checked in the reference venv by
``tools/capture_golden_rnn.py --check-nbkeras-files`` on ``tools/write_nbkeras_rnn_files.py``'s output.
"""

import json
import os

import numpy as np
import pytest

import nbkeras as keras

FOLDER = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_files")
with open(os.path.join(FOLDER, "rnn_expected.json"), encoding="utf-8") as _handle:
    EXPECTED = json.load(_handle)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_keras_written_file_predicts_like_keras(name):
    model = keras.saving.load_model(os.path.join(FOLDER, f"{name}.keras"))
    case = EXPECTED[name]
    prediction = model.predict(np.asarray(case["x"], dtype=case["x_dtype"]), verbose=0)
    np.testing.assert_allclose(prediction, case["prediction"], rtol=1e-5, atol=1e-6)


def test_nbkeras_round_trip(tmp_path):
    import importlib.util

    path = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "write_nbkeras_rnn_files.py")
    spec = importlib.util.spec_from_file_location("write_nbkeras_rnn_files", path)
    writer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(writer)
    writer.main(str(tmp_path))
    with open(tmp_path / "expected.json", encoding="utf-8") as handle:
        expected = json.load(handle)
    for name, case in expected.items():
        model = keras.saving.load_model(str(tmp_path / f"{name}.keras"))
        prediction = model.predict(np.asarray(case["x"], dtype=case["x_dtype"]), verbose=0)
        np.testing.assert_allclose(prediction, case["prediction"], rtol=1e-6, atol=1e-7, err_msg=name)
