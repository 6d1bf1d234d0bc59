"""The programs of the foundation issue run unchanged, and bad input gets clear errors."""

import warnings

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers
from nbkeras.layers import Activation, Dense, Flatten, Input  # noqa: F401  (import spelling)
from nbkeras.models import Sequential


@pytest.fixture
def stripes():
    keras.utils.set_random_seed(0)
    x, labels = keras.datasets.make_stripes(320, seed=0)
    return x, keras.utils.to_categorical(labels, 3)


def test_seed_program_runs_unchanged(stripes, capsys):
    x, y = stripes
    model = keras.Sequential()
    model.add(keras.layers.Flatten(data_format=None))
    model.add(keras.layers.Dense(16, activation="relu", use_bias=True, kernel_initializer='glorot_uniform',
        bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None,
        activity_regularizer=None, kernel_constraint=None, bias_constraint=None))
    model.add(keras.layers.Dense(3, activation="softmax"))
    model.compile("adam", loss="categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x=x, y=y, batch_size=None, epochs=2, verbose=1, validation_split=0.0, shuffle=True)
    result = model.evaluate(x=x, y=y, verbose=1)
    predictions = model.predict(x, verbose=0)
    assert list(history.history) == ["accuracy", "loss"] and len(history.history["loss"]) == 2
    assert isinstance(result, list) and len(result) == 2
    assert predictions.shape == (320, 3)
    assert np.allclose(predictions.sum(axis=1), 1.0, atol=1e-5)
    out = capsys.readouterr().out
    assert "Epoch 2/2" in out and "10/10" in out and "accuracy: " in out and "\b" not in out


def test_input_dim_model_has_seven_params_and_warns():
    with pytest.warns(UserWarning, match="Do not pass an `input_shape`/`input_dim`"):
        model = Sequential()
        model.add(Dense(2, input_dim=1, activation='relu'))
        model.add(Dense(1, activation='sigmoid'))
    assert model.count_params() == 7
    printed = []
    model.summary(print_fn=printed.append)
    assert " Total params: 7 (28.00 B)" in printed[0]


def test_list_constructor_and_deferred_build():
    with pytest.warns(UserWarning):
        model = Sequential([Dense(2, input_dim=1), Dense(1)])
    assert model.built and [w.shape for w in model.get_weights()] == [(1, 2), (2,), (2, 1), (1,)]
    model = keras.Sequential([layers.Dense(2, activation="relu", name="hidden1"),
                              layers.Dense(3, activation="relu", name="hidden2"),
                              layers.Dense(4, activation="linear", name="output")])
    assert not model.built
    y = model(np.ones((3, 3)))
    assert y.shape == (3, 4) and model.built
    assert [w.shape for w in model.get_weights()] == [(3, 2), (2,), (2, 3), (3,), (3, 4), (4,)]


def test_set_weights_gives_keras_numbers():
    # Keras's own dense_test: W=[[1,-2],[3,-4]], b=[5,-6], x=[[-1,2]] -> relu -> [[10, 0]]
    layer = keras.layers.Dense(2, activation="relu")
    layer.build((None, 2))
    layer.set_weights([np.array([[1.0, -2.0], [3.0, -4.0]]), np.array([5.0, -6.0])])
    np.testing.assert_array_equal(layer(np.array([[-1.0, 2.0]])).numpy(), [[10.0, 0.0]])


@pytest.mark.parametrize("argument, value", [("max_queue_size", 10), ("workers", 2),
                                             ("use_multiprocessing", True)])
def test_tf_keras_2_arguments_warn_once_and_name_the_modern_way(stripes, argument, value):
    from nbkeras.models import trainer_legacy

    trainer_legacy._warned.discard(argument)
    x, y = stripes
    model = keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten(), keras.layers.Dense(3)])
    model.compile("sgd", "mse")
    with pytest.warns(UserWarning, match="PyDataset"):
        model.fit(x, y, verbose=0, **{argument: value})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(x, y, verbose=0, **{argument: value})


def test_nb_epoch_and_sample_weight_mode_are_accepted(stripes):
    from nbkeras.models import trainer_legacy

    trainer_legacy._warned.difference_update({"nb_epoch", "sample_weight_mode"})
    x, y = stripes
    model = keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten(), keras.layers.Dense(3)])
    with pytest.warns(UserWarning, match="sample_weight"):
        model.compile("sgd", "mse", sample_weight_mode="temporal")
    with pytest.warns(UserWarning, match="it is used as `epochs`") as warned:
        history = model.fit(x, y, nb_epoch=3, verbose=0)
    assert len(history.epoch) == 3
    assert "ignored" not in str(warned[0].message), "nb_epoch is used, so the hint must not say ignored"


def test_tf_keras_2_compile_order_is_read_as_metrics():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    with pytest.warns(UserWarning, match="loss_weights"):
        model.compile("adam", "mse", ["mae"])
    history = model.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)
    assert "mae" in history.history


# ------------------------------------------------------------------ errors
def small_model():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, name="hidden1"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile("adam", "categorical_crossentropy")
    return model


def test_wrong_input_width_names_the_layer():
    # Built from data (no declared Input): the first layer that cannot take the data says so.
    model = keras.Sequential([keras.layers.Dense(3, name="hidden1"), keras.layers.Dense(3)])
    model.predict(np.ones((2, 4)), verbose=0)
    with pytest.raises(ValueError, match=r'Dense "hidden1" expects inputs whose last axis is 4, '
                                         r"received shape \(2, 5\)"):
        model.predict(np.ones((2, 5)), verbose=0)


def test_wrong_input_width_against_a_declared_input_names_the_input():
    with pytest.raises(ValueError, match=r"Input 0 \('input_layer.*'\) of model .* expected shape "
                                         r"\(None, 4\).*received input with shape \(2, 5\)"):
        small_model().predict(np.ones((2, 5)), verbose=0)


def test_class_indices_with_categorical_crossentropy_suggest_the_fix():
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy.*to_categorical"):
        small_model().fit(np.ones((6, 4)), np.array([0, 1, 2, 0, 1, 2]), verbose=0)


@pytest.mark.parametrize("kind, bad, hint", [
    ("loss", "categorical_crossentropyy", "categorical_crossentropy"),
    ("optimizer", "adamm", "adam"),
    ("metrics", ["acuracy"], "accuracy"),
])
def test_unknown_identifiers_list_close_matches(kind, bad, hint):
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match=f"Did you mean '{hint}'"):
        model.compile(**{"loss": "mse", kind: bad})
        model.fit(np.ones((2, 4)), np.ones((2, 3)), verbose=0)


def test_unknown_activation_lists_close_matches():
    with pytest.raises(ValueError, match="Did you mean 'relu'"):
        keras.layers.Dense(3, activation="rleu")


def test_strings_in_x_are_refused_with_a_fix():
    with pytest.raises(TypeError, match="x must hold numbers.*dtype"):
        small_model().fit(np.array([["a", "b", "c", "d"]]), np.ones((1, 3)), verbose=0)


@pytest.mark.parametrize("role", ["x", "y"])
def test_nan_in_data_is_reported_before_training(role):
    x, y = np.ones((4, 4)), np.full((4, 3), 1 / 3)
    (x if role == "x" else y)[2, 1] = np.nan
    with pytest.raises(ValueError, match=rf"{role} contains 1 non-finite value\(s\) \(NaN at index \(2, 1\)\)"):
        small_model().fit(x, y, verbose=0)


def test_fit_before_compile_says_what_to_do():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    with pytest.raises(RuntimeError, match=r"You must call compile\(\) before fit\(\)"):
        model.fit(np.ones((2, 4)), np.ones((2, 3)))


def test_mismatched_sample_counts_are_explained():
    with pytest.raises(ValueError, match="Data cardinality is ambiguous.*x: \\[5\\].*y: \\[4\\]"):
        small_model().fit(np.ones((5, 4)), np.ones((4, 3)), verbose=0)


def test_invalid_units_and_duplicate_names():
    with pytest.raises(ValueError, match="expected a positive integer. Received: units=0"):
        keras.layers.Dense(0)
    model = keras.Sequential([keras.layers.Dense(2, name="same")])
    with pytest.raises(ValueError, match="unique names"):
        model.add(keras.layers.Dense(2, name="same"))


def test_a_declared_input_shape_refuses_data_of_another_shape():
    model = keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten(), keras.layers.Dense(3)])
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match=r"expected shape \(None, 2, 2\).*received input with "
                                         r"shape \(8, 4\).*2 axis/axes per sample of sizes \(2, 2\)"):
        model.fit(np.ones((8, 4)), np.ones((8, 3)), epochs=1, verbose=0)


@pytest.mark.parametrize("functional", [False, True])
def test_predict_on_one_sample_without_the_batch_axis_names_the_batch_axis(functional):
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs)) if functional else \
        keras.Sequential([inputs, keras.layers.Dense(2)])
    with pytest.raises(ValueError, match=r"received input with shape \(4,\)\. This looks like one "
                                         r"sample without the batch axis: add it with x\[None\]"):
        model.predict(np.ones(4), verbose=0)
    assert model.predict(np.ones(4)[None], verbose=0).shape == (1, 2)
