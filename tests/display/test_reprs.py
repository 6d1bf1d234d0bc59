"""Every object a learner touches prints as something short and useful."""

import numpy as np
import pytest

import nbkeras as keras

CASES = [
    (lambda: keras.layers.Dense(2, name="d"), "<Dense name=d, unbuilt>"),
    (lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="s"),
     "<Sequential name=s, 1 layers, 3 params>"),
    (lambda: keras.ops.ones((2, 3)), "<Tensor shape=(2, 3) dtype=float32"),
    (lambda: keras.Variable([1.0, 2.0]), "shape=(2,), dtype=float32"),
    (lambda: keras.optimizers.Adam(name="opt"),
     "<Adam name=opt, learning_rate=0.001, iterations=0>"),
    (lambda: keras.losses.MeanSquaredError(), "<MeanSquaredError name=mean_squared_error"),
    (lambda: keras.metrics.Precision(), "<Precision name=precision>"),
    (lambda: keras.callbacks.EarlyStopping(patience=3),
     "<EarlyStopping monitor='val_loss', patience=3>"),
    (lambda: keras.callbacks.ModelCheckpoint("best.keras"),
     "<ModelCheckpoint monitor='val_loss', filepath='best.keras'>"),
    (lambda: keras.callbacks.History(), "<History: no epochs yet>"),
    (lambda: keras.regularizers.L2(0.01), "L2(l2=0.01)"),
]


@pytest.mark.parametrize("make, expected", CASES, ids=[c[1][:24] for c in CASES])
def test_repr_is_short_and_says_what_it_is(make, expected):
    text = repr(make())
    assert text.startswith(expected) or expected in text, text
    assert len(text.splitlines()[0]) <= 100


def test_history_after_fit_has_text_and_html():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0)
    assert repr(history).startswith("<History: 2 epochs, last loss=")
    html = history._repr_html_()
    assert "<table" in html and "loss" in html
