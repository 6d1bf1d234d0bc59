"""Learning-rate schedules give Keras 3's value at every step 0..60 and round-trip their config."""

import json

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.optimizers import schedules
from tests.optimizers.golden_cases import GOLDEN, SCHEDULE_CASES, text


def build(case):
    return getattr(schedules, text(f"{case}/class_name"))(**json.loads(text(f"{case}/kwargs")))


@pytest.mark.parametrize("case", SCHEDULE_CASES)
def test_values_match_keras(case):
    schedule = build(case)
    values = np.array([schedule(int(step)) for step in GOLDEN[f"{case}/steps"]])
    assert values.dtype == np.float32
    np.testing.assert_allclose(values, GOLDEN[f"{case}/values"], rtol=1e-6, atol=1e-9,
                               err_msg=f"{case}: schedule(step) differs from Keras")


@pytest.mark.parametrize("case", SCHEDULE_CASES)
def test_config_and_serialization_match_keras(case):
    schedule = build(case)
    assert schedule.get_config() == json.loads(text(f"{case}/config"))
    serialized = schedules.serialize(schedule)
    assert serialized["module"] == "keras.optimizers.schedules"
    assert serialized["class_name"] == text(f"{case}/class_name")
    rebuilt = schedules.deserialize(serialized)
    assert [rebuilt(s) for s in (0, 7, 33)] == [schedule(s) for s in (0, 7, 33)]


def test_unknown_schedule_names_the_known_ones():
    with pytest.raises(ValueError, match="ExponentialDecay"):
        schedules.deserialize({"class_name": "Linear", "config": {}})


def test_piecewise_needs_one_more_value_than_boundaries():
    with pytest.raises(ValueError, match="1 less than the length of values"):
        schedules.PiecewiseConstantDecay([10, 20], [0.1, 0.01])


def test_custom_schedule_subclass_drives_an_optimizer():
    class Halving(schedules.LearningRateSchedule):
        def __call__(self, step):
            return 0.1 / (step + 1)

        def get_config(self):
            return {}

    optimizer = keras.optimizers.SGD(learning_rate=Halving())
    w = keras.Variable(np.zeros(2, dtype="float32"))
    for _ in range(3):
        optimizer.apply([np.ones(2, dtype="float32")], [w])
    expected = -(np.float32(0.1) + np.float32(0.05) + np.float32(0.1 / 3))
    np.testing.assert_allclose(w.numpy(), [expected, expected], rtol=1e-6)
    assert float(optimizer.learning_rate) == pytest.approx(0.025)
