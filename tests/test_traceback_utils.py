"""Traceback filtering: errors point at the learner's line, not at nbkeras's internals."""

import traceback

import numpy as np
import pytest

import nbkeras as keras


class Broken(keras.layers.Layer):
    def call(self, inputs):
        if np.any(keras.ops.convert_to_numpy(inputs) > 5):  # the learner's own check
            raise ValueError("inputs must be scaled to [0, 5]")
        return inputs


def frames_of(error):
    return [frame.filename for frame in traceback.extract_tb(error.__traceback__)]


def internal(filenames):
    package = keras.__file__.rsplit("/", 1)[0]
    return [f for f in filenames if f.startswith(package) and not f.endswith("traceback_utils.py")]


@pytest.fixture(autouse=True)
def restore():
    yield
    keras.config.enable_traceback_filtering()


def failing_fit():
    model = keras.Sequential([keras.Input((3,)), Broken(), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="scaled") as caught:
        model.fit(np.full((4, 3), 9.0), np.ones((4, 1)), verbose=0)
    return caught.value


def test_filtering_is_on_by_default_and_keeps_the_learners_frames():
    assert keras.config.is_traceback_filtering_enabled()
    filenames = frames_of(failing_fit())
    assert __file__ in filenames  # this test and Broken.call are the learner's code
    assert internal(filenames) == [], internal(filenames)


def test_disable_shows_nbkeras_frames_again():
    keras.config.disable_traceback_filtering()
    assert not keras.config.is_traceback_filtering_enabled()
    filenames = frames_of(failing_fit())
    assert any(name.endswith("trainer.py") for name in filenames)
    assert __file__ in filenames
    keras.config.enable_traceback_filtering()
    assert keras.config.is_traceback_filtering_enabled()


def test_the_message_and_type_are_unchanged_by_filtering():
    filtered = failing_fit()
    keras.config.disable_traceback_filtering()
    unfiltered = failing_fit()
    assert type(filtered) is type(unfiltered) and str(filtered) == str(unfiltered)


def test_a_direct_layer_call_is_filtered_too():
    layer = keras.layers.Dense(2)
    layer(np.ones((2, 3)))
    with pytest.raises(ValueError, match="last axis is 3") as caught:
        layer(np.ones((2, 4)))
    assert internal(frames_of(caught.value)) == []
    assert frames_of(caught.value)[0] == __file__
