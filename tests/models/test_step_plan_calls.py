"""Step plans across fit/evaluate/predict calls: a new call's first step is checked against the last
recorded step of the previous call, so it replays from its second step, with the same bits."""

import numpy as np

import nbkeras as keras
from nbkeras import layers

RNG = np.random.default_rng(11)
X = RNG.normal(size=(70, 12)).astype("float32")  # 4 batches of 16 and one of 6
Y = RNG.integers(0, 3, size=70)


def _mlp():
    return keras.Sequential([keras.Input((12,)), layers.Dense(8, activation="relu"),
                             layers.Dense(3, activation="softmax")])


def test_a_second_fit_call_replays_from_its_second_step_bit_identically():
    runs = {}
    for eager in (False, True):
        keras.utils.set_random_seed(3)
        model = _mlp()
        model.compile("adam", "sparse_categorical_crossentropy", run_eagerly=eager)
        logs = [model.fit(X[:64], Y[:64], batch_size=16, epochs=1, verbose=0).history
                for _ in range(3)]
        runs[eager] = model, logs
    (planned, planned_logs), (ordinary, ordinary_logs) = runs[False], runs[True]
    assert planned.step_plan.steps["fit"] == {"recorded": 1, "replayed": 3}
    assert planned_logs == ordinary_logs
    for a, b in zip(planned.get_weights() + planned.optimizer.variables,
                    ordinary.get_weights() + ordinary.optimizer.variables):
        np.testing.assert_array_equal(a, b)


def test_a_second_predict_call_replays_all_full_batches_after_the_first():
    model = _mlp()
    first = model.predict(X, batch_size=16, verbose=0)
    assert model.step_plan.steps["predict"] == {"recorded": 3, "replayed": 2}
    second = model.predict(X, batch_size=16, verbose=0)
    # the smaller last batch holds the same samples in both calls: recorded again, not replayed
    assert model.step_plan.steps["predict"] == {"recorded": 2, "replayed": 3}
    np.testing.assert_array_equal(first, second)
    model.run_eagerly = True
    np.testing.assert_array_equal(second, model.predict(X, batch_size=16, verbose=0))


class _ShiftByFirstValue(layers.Layer):
    """Declared replay-safe, wrongly: it reads a number from the data in Python."""

    replay_safe = True

    def call(self, inputs):
        data = getattr(inputs, "data", None)
        return inputs - (float(data[0, 0]) if isinstance(data, np.ndarray) else 0.0)


def test_equal_batches_in_two_calls_cannot_hide_a_value_computed_from_the_data():
    model = keras.Sequential([keras.Input((12,)), _ShiftByFirstValue(), layers.Dense(3)])
    b, c = X[16:32], X[32:48]
    model.predict(b, batch_size=16, verbose=0)
    # The next call starts with the same batch: the same data in both recordings
    # would make the shift look constant, and batch c would reuse b's.
    predicted = model.predict(np.concatenate([b, c]), batch_size=16, verbose=0)
    np.testing.assert_array_equal(predicted, np.concatenate([model(b).data, model(c).data]))
    assert model.step_plan.paths["predict"][0] == "ordinary"
    assert "computed from the data outside ops" in model.step_plan.paths["predict"][1]


def test_a_layer_changed_between_calls_is_recorded_anew():
    model = keras.Sequential([keras.Input((12,)), layers.Dense(8), layers.Dropout(0.5),
                              layers.Dense(3, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    model.fit(X[:64], Y[:64], batch_size=16, epochs=1, verbose=0)
    model.layers[1].rate = 0.25  # the plan of the first call would keep drawing with 0.5
    keras.utils.set_random_seed(4)
    model.fit(X[:64], Y[:64], batch_size=16, epochs=1, verbose=0)
    assert model.step_plan.steps["fit"] == {"recorded": 2, "replayed": 2}
    model.fit(X[:64], Y[:64], batch_size=16, epochs=1, verbose=0)  # checked against the new rate
    assert model.step_plan.steps["fit"] == {"recorded": 1, "replayed": 3}


def test_every_later_predict_call_on_the_same_array_replays_from_its_second_batch():
    model = _mlp()
    for _ in range(4):
        predicted = model.predict(X[:64], batch_size=16, verbose=0)
    assert model.step_plan.steps["predict"] == {"recorded": 1, "replayed": 3}
    model.run_eagerly = True
    np.testing.assert_array_equal(predicted, model.predict(X[:64], batch_size=16, verbose=0))
