"""to_code(): the exported program, run in a fresh process, gives the Playground's numbers."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nbkeras.playground import Playground

REPO = Path(__file__).resolve().parents[2]

CONFIGS = {
    "spiral_2x8_tanh": dict(dataset="spiral", hidden=[8, 8], activation="tanh", learning_rate=0.03),
    "xor_features_l2_momentum": dict(dataset="xor", hidden=[3], activation="relu",
                                     features=["x1", "x2", "x1*x2", "sin(x1)"], regularization="l2",
                                     regularization_rate=0.003, optimizer="momentum", batch_size=7),
    "circle_dropout_l1_adam": dict(dataset="circle", hidden=[5, 4], activation="sigmoid", noise=0.2,
                                   ratio=0.3, dropout=0.25, regularization="l1",
                                   regularization_rate=0.001, optimizer="adam", learning_rate=0.01,
                                   seed=7),
    "plane_regression_no_hidden": dict(dataset="plane", hidden=[], features=["x1", "x2^2"],
                                       activation="linear", noise=0.1, learning_rate=0.001),
    "multi_gaussian_regression": dict(dataset="multi_gaussian", hidden=[6, 6, 2], activation="tanh",
                                      n_samples=200, batch_size=20, seed=3),
}

SAVE = """
np.savez({path!r}, loss=np.array(history.history["loss"]),
         val_loss=np.array(history.history["val_loss"]),
         **{{f"w{{i}}": w for i, w in enumerate(model.get_weights())}})
"""


def _run_program(code, tmp_path):
    path = tmp_path / "numbers.npz"
    script = tmp_path / "program.py"
    script.write_text(code + SAVE.format(path=str(path)))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("after "), result.stdout
    return np.load(path, allow_pickle=False)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_exported_program_reproduces_losses_and_weights(name, tmp_path):
    pg = Playground(**CONFIGS[name])
    for epochs in (1, 2, 3):  # trained in chunks, as the app does frame by frame
        pg.train(epochs)
    numbers = _run_program(pg.to_code(), tmp_path)
    np.testing.assert_array_equal(numbers["loss"], np.array(pg.history["loss"]))
    np.testing.assert_array_equal(numbers["val_loss"], np.array(pg.history["val_loss"]))
    weights = pg.model.get_weights()
    assert len(weights) == len([key for key in numbers.files if key.startswith("w")])
    for i, weight in enumerate(weights):
        np.testing.assert_array_equal(numbers[f"w{i}"], weight)


def test_program_names_every_setting():
    pg = Playground(**CONFIGS["circle_dropout_l1_adam"])
    code = pg.to_code(epochs=42)
    for text in ("def make_circle(", "keras.utils.set_random_seed(7)", "keras.layers.Dropout(0.25)",
                 "keras.regularizers.L1(0.001)", "keras.optimizers.Adam(learning_rate=0.01)",
                 'activation="sigmoid"', "batch_size=10, epochs=42", "split(x.astype(np.float32), y, 0.3"):
        assert text in code, text
    compile(code, "program.py", "exec")


def test_default_epochs_follow_training():
    pg = Playground(dataset="xor", hidden=[2])
    assert "epochs=100," in pg.to_code()
    pg.train(3)
    assert "epochs=3," in pg.to_code()
