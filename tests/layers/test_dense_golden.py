"""Dense with every activation: outputs and gradients equal Keras 3's (float32)."""

from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops

GOLDEN = np.load(Path(__file__).parents[1] / "golden" / "layers.npz", allow_pickle=False)
CASES = sorted({k.split("/")[0] for k in GOLDEN.files if k.startswith("dense") and k.endswith("/y")})


@pytest.mark.parametrize("case", CASES)
def test_dense_output_and_gradients_match_keras(case):
    get = lambda what: GOLDEN[f"{case}/{what}"]  # noqa: E731
    layer = keras.layers.Dense(get("kernel").shape[1], activation=str(get("activation")))
    layer.build(get("x").shape)
    layer.set_weights([get("kernel"), get("bias")])
    x = keras.Variable(get("x"))
    with keras.GradientTape() as tape:
        y = layer(x)
        objective = ops.sum(ops.multiply(y, get("cotangent")))
    grad_x, grad_kernel, grad_bias = tape.gradient(objective, [x, layer.kernel, layer.bias])
    tolerance = dict(rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(y.numpy(), get("y"), **tolerance, err_msg=f"{case}: output")
    np.testing.assert_allclose(grad_x, get("grad_x"), **tolerance, err_msg=f"{case}: d/dx")
    np.testing.assert_allclose(grad_kernel, get("grad_kernel"), **tolerance, err_msg=f"{case}: d/dkernel")
    np.testing.assert_allclose(grad_bias, get("grad_bias"), **tolerance, err_msg=f"{case}: d/dbias")


def test_every_keras_activation_is_covered():
    assert len(CASES) >= 18
