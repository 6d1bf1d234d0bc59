"""model.summary() text against tables captured from Keras 3.15.1.

The renderer itself is tested in test_table_text.py; these run real models.
"""

from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras

GOLDEN = Path(__file__).parents[1] / "golden" / "training.npz"


@pytest.fixture(scope="module")
def golden():
    return np.load(GOLDEN, allow_pickle=False)


def seed_model(golden, fit):
    keras.backend.clear_session()
    x, y = golden["seed_adam/x"], golden["seed_adam/y"]
    model = keras.Sequential([keras.Input(shape=x.shape[1:]), keras.layers.Flatten(),
                              keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    if fit:
        model.fit(x, y, epochs=1, verbose=0)
    return model


def summary_text(model, **kwargs):
    printed = []
    model.summary(print_fn=printed.append, **kwargs)
    assert len(printed) == 1, "Keras 3 hands the whole table to print_fn at once"
    return printed[0]


def test_summary_after_fit_matches_keras_at_full_width(golden):
    expected = str(golden["seed_adam/summary_columns100"]).rstrip("\n")
    assert summary_text(seed_model(golden, fit=True)) == expected


def test_summary_matches_keras_notebook_width_when_asked(golden):
    expected = str(golden["seed_adam/summary_default_width"]).rstrip("\n")
    assert summary_text(seed_model(golden, fit=True), line_length=76) == expected


def test_summary_before_fit_has_no_optimizer_line(golden):
    text = summary_text(seed_model(golden, fit=False))
    assert " Total params: 131 (524.00 B)" in text
    assert "Optimizer params" not in text


def test_unbuilt_model_shows_question_marks():
    model = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)])
    text = summary_text(model)
    assert "│ ?" in text and "0 (unbuilt)" in text
    assert " Total params: 0 (0.00 B)" in text
