"""Regularizers and constraints follow Keras 3 (values, gradients, configs); gradients pass FD checks."""

import json
import pathlib

import numpy as np
import pytest

from nbkeras import constraints, regularizers
from nbkeras.ops.tape import GradientTape
from nbkeras.ops.tensor import Variable
from nbkeras.utils import check_gradients

GOLDEN = np.load(pathlib.Path(__file__).parent / "golden" / "layers.npz", allow_pickle=False)
REG_CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.startswith("reg_") and k.endswith("/value")})
CONSTRAINT_CASES = sorted({k.split("/")[0] for k in GOLDEN.files
                           if k.startswith("constraint_") and k.endswith("/y")})


def build(module, case):
    return getattr(module, str(GOLDEN[f"{case}/class_name"]))(**json.loads(str(GOLDEN[f"{case}/kwargs"])))


@pytest.mark.parametrize("case", REG_CASES)
def test_regularizer_value_gradient_and_config_match_keras(case):
    regularizer = build(regularizers, case)
    x = Variable(np.array(GOLDEN[f"{case}/x"]))
    with GradientTape() as tape:
        value = regularizer(x)
    np.testing.assert_allclose(value.numpy(), GOLDEN[f"{case}/value"], rtol=1e-5, err_msg=case)
    np.testing.assert_allclose(tape.gradient(value, x), GOLDEN[f"{case}/grad"], rtol=1e-5, atol=1e-7,
                               err_msg=f"{case}: gradient")
    assert regularizer.get_config() == json.loads(str(GOLDEN[f"{case}/config"]))


@pytest.mark.parametrize("case", REG_CASES)
def test_regularizer_gradient_matches_finite_differences(case):
    regularizer = build(regularizers, case)
    assert check_gradients(regularizer, [GOLDEN[f"{case}/x"]])["ok"]


@pytest.mark.parametrize("case", CONSTRAINT_CASES)
def test_constraint_output_and_config_match_keras(case):
    constraint = build(constraints, case)
    np.testing.assert_allclose(constraint(np.array(GOLDEN[f"{case}/x"])), GOLDEN[f"{case}/y"],
                               rtol=1e-5, atol=1e-7, err_msg=case)
    assert constraint.get_config() == json.loads(str(GOLDEN[f"{case}/config"]))


def test_l2_has_no_half_factor():
    assert float(regularizers.L2(0.1)(np.array([3.0], dtype="float32"))) == pytest.approx(0.9)


def test_string_ids_follow_keras():
    assert isinstance(regularizers.get("l1l2"), regularizers.L1L2)
    with pytest.raises(ValueError, match="Unknown regularizer: 'l1_l2'. Did you mean 'l1l2'"):
        regularizers.get("l1_l2")
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)


def test_constraints_are_applied_after_each_update():
    import nbkeras as keras

    w = keras.Variable(np.array([3.0, -1.0], dtype="float32"), constraint=constraints.NonNeg())
    keras.optimizers.SGD(0.1).apply([np.array([1.0, 1.0], dtype="float32")], [w])
    np.testing.assert_allclose(w.numpy(), [2.9, 0.0], rtol=1e-6)
