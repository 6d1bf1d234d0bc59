"""Every object a learner touches prints as something short and useful."""

import numpy as np
import pytest

import nbkeras as keras

CASES = [
    (lambda: keras.layers.Dense(2, name="d"), "<Dense name=d, unbuilt>"),
    (lambda: _built_dense(), "<Dense name=d, built>"),
    (lambda: keras.Input((3,), name="x"), "<KerasTensor shape=(None, 3), dtype=float32"),
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
    (lambda: keras.callbacks.CallbackList([keras.callbacks.EarlyStopping()], add_history=True),
     "<CallbackList [EarlyStopping, History]>"),
    (lambda: keras.optimizers.SGD(0.1, name="plain"), "<SGD name=plain, learning_rate=0.1, iterations=0>"),
    (lambda: keras.regularizers.L2(0.01), "L2(l2=0.01)"),
]


def _built_dense():
    layer = keras.layers.Dense(2, name="d")
    layer.build((None, 3))
    return layer


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


# Classes that need an argument, and one value for it.
ARGUMENTS = {"MeanIoU": (3,), "MeanMetricWrapper": (keras.losses.mean_squared_error,),
             "LossFunctionWrapper": (keras.losses.mean_squared_error,), "CSVLogger": ("log.csv",),
             "ModelCheckpoint": ("best.keras",), "BackupAndRestore": ("backup",),
             "LearningRateScheduler": (lambda epoch, rate: rate,), "PrecisionAtRecall": (0.5,),
             "RecallAtPrecision": (0.5,), "SensitivityAtSpecificity": (0.5,),
             "SpecificityAtSensitivity": (0.5,)}
PUBLIC = [(space, name) for space in ("optimizers", "losses", "metrics", "callbacks")
          for name in dir(getattr(keras, space))
          if isinstance(getattr(getattr(keras, space), name), type) and name != "Optimizer"]


@pytest.mark.parametrize("space, name", PUBLIC, ids=[f"{s}.{n}" for s, n in PUBLIC])
def test_every_public_optimizer_loss_metric_and_callback_has_its_own_repr(space, name):
    text = repr(getattr(getattr(keras, space), name)(*ARGUMENTS.get(name, ())))
    assert " object at 0x" not in text, f"keras.{space}.{name} has no __repr__: {text}"
    assert text.startswith(f"<{name}") and "\n" not in text and len(text) <= 100, text


def test_tensor_and_variable_reprs_show_the_values():
    assert "[[1., 1., 1.]" in repr(keras.ops.ones((2, 3)))
    variable = keras.Variable(np.zeros((2, 2)), name="w")
    assert repr(variable).startswith("<Variable path=w, shape=(2, 2), dtype=float32, value=")
    big = repr(keras.ops.ones((200, 200)))
    assert "..." in big and len(big.splitlines()) < 15, "a big tensor prints a summary, not every value"
