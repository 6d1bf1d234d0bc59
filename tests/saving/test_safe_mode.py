"""Safe mode: a file's names are resolved only in nbkeras's registries, custom_objects and
objects registered with register_keras_serializable; never in other modules."""

import builtins
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import nbkeras as keras

# (module, attribute) a hostile file may name; each is replaced by a recorder during the test.
DANGEROUS = [("sys", "exit"), ("shutil", "rmtree"), ("subprocess", "Popen"),
             ("builtins", "input"), ("os", "system")]
_MODULE_OBJECTS = {"sys": sys, "shutil": shutil, "subprocess": subprocess, "builtins": builtins,
                   "os": os}


@pytest.fixture
def recorder(monkeypatch):
    calls = []
    for module, name in DANGEROUS:
        def fake(*args, _name=f"{module}.{name}", **kwargs):
            calls.append(_name)
            return args[0] if args else None
        fake.__name__ = name
        monkeypatch.setattr(_MODULE_OBJECTS[module], name, fake)
    return calls


def _function_entry(module, name):
    return {"module": module, "class_name": "function", "config": name,
            "registered_name": "function"}


def _lambda_model_config(function=None, output_shape=None):
    def double(t):
        return t * 2.0

    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(double, name="hostile"),
                              keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    config = json.loads(model.to_json())
    lambda_config = config["config"]["layers"][1]["config"]
    if function is not None:
        lambda_config["function"] = function
    if output_shape is not None:
        lambda_config["output_shape"] = output_shape
    return config


@pytest.mark.parametrize("module,name", DANGEROUS)
def test_lambda_function_naming_another_module_is_refused(recorder, module, name):
    config = _lambda_model_config(function=_function_entry(module, name))
    with pytest.raises(ValueError) as error:
        keras.models.model_from_json(json.dumps(config))
    message = str(error.value)
    assert f"{module}.{name}" in message and "hostile" in message
    assert "custom_objects" in message and "register_keras_serializable" in message
    assert recorder == []


@pytest.mark.parametrize("module,name", DANGEROUS)
def test_lambda_output_shape_naming_another_module_is_refused(recorder, module, name):
    config = _lambda_model_config(function=_function_entry("keras.activations", "relu"),
                                  output_shape=_function_entry(module, name))
    with pytest.raises(ValueError, match=f"{module}.{name}"):
        keras.models.model_from_json(json.dumps(config))
    assert recorder == []


@pytest.mark.parametrize("module,name", DANGEROUS)
def test_loss_metric_activation_naming_another_module_are_refused(recorder, module, name):
    entry = _function_entry(module, name)
    for place in ("loss", "metrics", "activation"):
        config = _lambda_model_config(function=_function_entry("keras.activations", "relu"))
        if place == "activation":
            config["config"]["layers"][2]["config"]["activation"] = entry
        elif place == "loss":
            config["compile_config"]["loss"] = entry
        else:
            config["compile_config"]["metrics"] = [entry]
        with pytest.raises(ValueError) as error:
            keras.models.model_from_json(json.dumps(config))
        assert f"{module}.{name}" in str(error.value) or "'module': '" in str(error.value)
    assert recorder == []


def test_a_class_from_another_module_is_refused(recorder):
    config = _lambda_model_config(function=_function_entry("keras.activations", "relu"))
    config["config"]["layers"][2] = {"module": "subprocess", "class_name": "Popen",
                                     "config": {"args": "echo"}, "registered_name": None}
    with pytest.raises(ValueError, match="subprocess.Popen"):
        keras.models.model_from_json(json.dumps(config))


def test_a_function_of_main_needs_custom_objects(tmp_path, monkeypatch):
    main = sys.modules["__main__"]

    def triple(t):
        return t * 3.0

    triple.__module__ = "__main__"
    monkeypatch.setattr(main, "triple", triple, raising=False)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(triple, name="t")])
    model.save(tmp_path / "t.keras")
    with pytest.raises(ValueError, match="custom_objects"):
        keras.saving.load_model(tmp_path / "t.keras")
    loaded = keras.saving.load_model(tmp_path / "t.keras", custom_objects={"triple": triple})
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2)), verbose=0), [[3.0, 3.0]])
    # safe_mode=False trusts the file: modules already imported (here __main__) are searched.
    trusted = keras.saving.load_model(tmp_path / "t.keras", safe_mode=False)
    np.testing.assert_array_equal(trusted.predict(np.ones((1, 2)), verbose=0), [[3.0, 3.0]])


def test_registered_functions_and_library_names_still_load(tmp_path):
    @keras.saving.register_keras_serializable(package="SafeTest")
    def halve(t):
        return t * 0.5

    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(halve),
                              keras.layers.Dense(1, activation="relu")])
    model.compile(loss=keras.losses.mean_squared_error, optimizer="adam",
                  metrics=[keras.metrics.mean_absolute_error])
    model.save(tmp_path / "h.keras")
    loaded = keras.saving.load_model(tmp_path / "h.keras")
    x = np.ones((2, 2), "float32")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
