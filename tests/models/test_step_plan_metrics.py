"""Step plans and the fused loss-and-accuracy kernel: replayed steps keep the fusion."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.metrics.reduction_metrics import MeanMetricWrapper


def _data(loss):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(320, 6)).astype("float32")
    classes = rng.integers(0, 3, 320)
    y = np.eye(3, dtype="float32")[classes] if loss == "categorical_crossentropy" else classes
    return x, y


def _fit(loss, eager, counter):
    keras.utils.set_random_seed(4)
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile("adam", loss, metrics=["accuracy"], run_eagerly=eager)
    x, y = _data(loss)
    counter.clear()
    history = model.fit(x, y, batch_size=32, epochs=2, verbose=0)
    return model, history, list(counter)


@pytest.mark.parametrize("loss", ["categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_replayed_steps_take_the_hits_of_their_own_batch(monkeypatch, loss):
    counter = []
    fused = MeanMetricWrapper.update_state_from_values

    def counting(self, *args, **kwargs):
        counter.append(1)
        return fused(self, *args, **kwargs)

    monkeypatch.setattr(MeanMetricWrapper, "update_state_from_values", counting)
    model, history, fused_calls = _fit(loss, eager=False, counter=counter)
    assert "replayed" in str(model.step_plan)
    assert len(fused_calls) == 20  # every batch of both epochs, replayed ones included
    eager_model, eager_history, _ = _fit(loss, eager=True, counter=counter)
    assert history.history == eager_history.history
    for a, b in zip(model.get_weights(), eager_model.get_weights()):
        np.testing.assert_array_equal(a, b)
