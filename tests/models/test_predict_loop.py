"""predict writes each batch into one preallocated array: same values, batches and hooks as before."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.models.predict_loop import PredictOutputs


def mlp(outputs=1):
    keras.utils.set_random_seed(3)
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(5, activation="relu")(inputs)
    heads = [keras.layers.Dense(2 + i, activation="softmax")(hidden) for i in range(outputs)]
    return keras.Model(inputs, heads if outputs > 1 else heads[0])


def data(n=23):
    return np.random.default_rng(0).random((n, 4), dtype=np.float32)


def test_predict_equals_the_model_called_batch_by_batch():
    model, x = mlp(), data()
    batches = [model(x[start:start + 5]).data for start in range(0, len(x), 5)]
    predicted = model.predict(x, batch_size=5, verbose=0)
    assert predicted.shape == (23, 2) and predicted.dtype == np.float32
    np.testing.assert_array_equal(predicted, np.concatenate(batches))
    # batches 1-2 recorded, 3-4 replayed, the smaller last one recorded
    assert "[steps: 3 recorded, 2 replayed]" in repr(model.step_plan)


def test_each_batch_end_hook_sees_its_own_outputs_and_they_stay_valid():
    seen = []

    class Keep(keras.callbacks.Callback):
        def on_predict_batch_end(self, batch, logs=None):
            seen.append((batch, logs["outputs"]))

    model, x = mlp(), data()
    predicted = model.predict(x, batch_size=5, verbose=0, callbacks=[Keep()])
    assert [batch for batch, _ in seen] == [0, 1, 2, 3, 4]
    np.testing.assert_array_equal(np.concatenate([o for _, o in seen]), predicted)


def test_several_outputs_and_limited_steps_keep_their_shapes():
    model, x = mlp(outputs=2), data()
    first, second = model.predict(x, batch_size=5, verbose=0)
    assert first.shape == (23, 2) and second.shape == (23, 3)
    limited = mlp().predict(x, batch_size=5, steps=2, verbose=0)
    assert limited.shape == (10, 2)


def test_outputs_fall_back_to_joining_batches_of_other_shapes():
    outputs = PredictOutputs(4)
    outputs.add(np.zeros((2, 3), np.float32))
    outputs.add(np.ones((2, 4), np.float32))
    with pytest.raises(ValueError):  # as np.concatenate did for such batches
        outputs.result()
    unknown = PredictOutputs(None)
    unknown.add(np.zeros((2, 3)))
    unknown.add(np.ones((1, 3)))
    np.testing.assert_array_equal(unknown.result(), [[0, 0, 0], [0, 0, 0], [1, 1, 1]])


def test_nan_inputs_that_reach_the_outputs_are_reported_after_the_batches():
    model, x = mlp(), data()
    x[21, 3] = np.nan
    with pytest.raises(ValueError, match=r"x contains 1 non-finite value\(s\) \(NaN at index \(21, 3\)\)"):
        model.predict(x, batch_size=5, verbose=0)
    several = mlp(outputs=2)
    with pytest.raises(ValueError, match=r"x contains 1 non-finite value\(s\)"):
        several.predict(x, batch_size=5, verbose=0)


def test_a_nan_input_that_never_reaches_the_outputs_is_not_an_error_as_in_keras():
    inputs = keras.Input((4,))
    last_three = keras.layers.Lambda(lambda t: t[:, 1:])(inputs)
    model = keras.Model(inputs, keras.layers.Dense(2)(last_three))
    x = data()
    clean = model.predict(x, verbose=0)
    x[0, 0] = np.inf
    np.testing.assert_array_equal(model.predict(x, verbose=0), clean)
