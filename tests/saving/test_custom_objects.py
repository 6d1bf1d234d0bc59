"""CustomObjectScope / custom_object_scope and get_custom_objects make custom classes loadable.

In safe mode an unregistered class is refused, as in Keras. The class here is
local to a function, so even ``safe_mode=False`` (which also searches
imported modules) could not find it: only registration makes it loadable.
"""

import numpy as np
import pytest

import nbkeras as keras


def make_class():
    class TimesTwo(keras.layers.Layer):
        def call(self, x):
            return x * 2.0

    return TimesTwo


LOCAL_CLASS = make_class()  # its name, TimesTwo, is not an attribute of this module


def model_json():
    model = keras.Sequential([keras.Input((2,)), LOCAL_CLASS(name="times_two")])
    return model.to_json()


def test_unknown_class_without_registration_is_refused():
    with pytest.raises((ValueError, TypeError), match="TimesTwo"):
        keras.models.model_from_json(model_json())


def test_custom_object_scope_makes_the_class_visible_inside_the_block_only():
    text = model_json()
    with keras.saving.CustomObjectScope({"TimesTwo": LOCAL_CLASS}):
        model = keras.models.model_from_json(text)
    np.testing.assert_allclose(model.predict(np.ones((1, 2)), verbose=0), [[2.0, 2.0]])
    with keras.saving.custom_object_scope({"TimesTwo": LOCAL_CLASS}):
        assert isinstance(keras.models.model_from_json(text).layers[-1], LOCAL_CLASS)
    with pytest.raises((ValueError, TypeError)):
        keras.models.model_from_json(text)


def test_get_custom_objects_is_the_editable_global_registry():
    registry = keras.saving.get_custom_objects()
    registry["TimesTwo"] = LOCAL_CLASS
    try:
        model = keras.models.model_from_json(model_json())
        assert isinstance(model.layers[-1], LOCAL_CLASS)
    finally:
        del registry["TimesTwo"]
    assert "TimesTwo" not in keras.saving.get_custom_objects()
