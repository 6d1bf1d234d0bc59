"""cross_val_score repeats exactly: with random_state, or after keras.utils.set_random_seed."""

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.model_selection import KFold, cross_val_score  # noqa: E402

import nbkeras as keras  # noqa: E402
from nbkeras.wrappers import SKLearnRegressor  # noqa: E402
from nbkeras.wrappers.scikit_learn import KerasRegressor  # noqa: E402
from tests.wrappers.models import dense_model  # noqa: E402


def data():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(50, 3)).astype("float32")
    return x, np.sin(x[:, 0]) + x[:, 1] * x[:, 2]


def build():
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    return model


def test_random_state_makes_cross_val_score_repeat_whatever_ran_before():
    x, y = data()
    reg = SKLearnRegressor(model=dense_model, fit_kwargs={"epochs": 4, "verbose": 0},
                           random_state=0)
    first = cross_val_score(reg, x, y, cv=KFold(5))
    keras.utils.set_random_seed(99)  # the global seed does not matter with random_state
    second = cross_val_score(reg, x, y, cv=KFold(5))
    np.testing.assert_array_equal(first, second)


def test_set_random_seed_makes_cross_val_score_repeat():
    x, y = data()
    reg = SKLearnRegressor(model=dense_model, fit_kwargs={"epochs": 4, "verbose": 0})
    runs = []
    for _ in range(2):
        keras.utils.set_random_seed(0)
        runs.append(cross_val_score(reg, x, y, cv=KFold(5, shuffle=True, random_state=0)))
    np.testing.assert_array_equal(runs[0], runs[1])
    keras.utils.set_random_seed(1)
    assert not np.array_equal(cross_val_score(reg, x, y, cv=KFold(5, shuffle=True,
                                                                  random_state=0)), runs[0])


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_set_random_seed_makes_the_legacy_cross_val_score_repeat():
    x, y = data()
    est = KerasRegressor(build_fn=build, nb_epoch=4, batch_size=5, verbose=0)
    runs = []
    for _ in range(2):
        keras.utils.set_random_seed(0)
        runs.append(cross_val_score(est, x, y, cv=KFold(5)))
    np.testing.assert_array_equal(runs[0], runs[1])


def test_a_seeded_fit_is_not_disturbed_by_another_thread_drawing_from_the_global_generator():
    """As on a Dask worker: its event-loop thread unpickles (builds) models while a fit runs."""
    import threading

    x, y = data()
    reg = SKLearnRegressor(model=dense_model, fit_kwargs={"epochs": 6, "verbose": 0},
                           random_state=0)
    expected = reg.fit(x, y).predict(x)
    stop = threading.Event()

    def draw_all_the_time():
        while not stop.is_set():
            keras.random_state.generator().integers(0, 10)
            keras.random_state.draw_seed()

    other = threading.Thread(target=draw_all_the_time)
    other.start()
    try:
        disturbed = reg.fit(x, y).predict(x)
    finally:
        stop.set()
        other.join()
    np.testing.assert_array_equal(disturbed, expected)
