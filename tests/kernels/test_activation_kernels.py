"""Activation kernels: Keras 3 values (golden file), finite-difference gradients, dtypes, ranks."""

import os
import subprocess
import sys

import numpy as np
import pytest
from tests.kernels.finite_differences import numerical_gradient

from nbkeras.kernels import activations

GOLDEN_PATH = os.path.join(os.path.dirname(__file__), "..", "golden", "kernels_activations.npz")
GOLDEN = np.load(GOLDEN_PATH, allow_pickle=False)
CASES = sorted({key.split("/")[0] for key in GOLDEN.files} - {"meta", "inputs"})
# Points where an activation has a kink; the derivative there is a convention.
KINKS = np.array([0.0, -3.0, 3.0, 6.0, 0.5, -1.0, 4.0])
TOLERANCE = {"float32": dict(rtol=1e-6, atol=1e-6), "float64": dict(rtol=1e-12, atol=1e-12)}
# torch's hardsigmoid backward multiplies by 1/6 rounded to float32, even for float64.
TORCH_GRADIENT_TOLERANCE = {("hard_sigmoid", "float64"): dict(rtol=1e-7, atol=1e-12)}

# (kernel, scalar args) for the gradient checks: every kernel and every option.
GRADIENT_CASES = [
    ("relu", (0.0, np.inf, 0.0)), ("relu", (0.1, 4.0, 0.5)), ("relu", (0.2, np.inf, -1.0)),
    ("leaky_relu", (0.2,)), ("relu6", ()), ("elu", (1.0,)), ("elu", (0.5,)), ("selu", ()),
    ("sigmoid", ()), ("hard_sigmoid", ()), ("tanh", ()), ("softplus", ()), ("softsign", ()),
    ("silu", ()), ("gelu", (False,)), ("gelu", (True,)), ("exponential", ()), ("mish", ()),
    ("softmax", ()), ("log_softmax", ()),
]


def kernel_args(case):
    """Scalar kernel arguments stored in the golden file (gelu's flag is a bool)."""
    kernel = str(GOLDEN[f"{case}/kernel"])
    args = [float(a) for a in GOLDEN[f"{case}/args"]]
    return kernel, tuple(bool(a) for a in args) if kernel == "gelu" else tuple(args)


def test_golden_file_records_keras_version():
    assert str(GOLDEN["meta/keras_version"]).startswith("3.")
    assert len(CASES) >= 20


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CASES)
def test_forward_matches_keras(case, dtype):
    kernel, args = kernel_args(case)
    x = GOLDEN["inputs/x"].astype(dtype)
    y = getattr(activations, f"{kernel}_forward")(x, *args)
    assert y.dtype == dtype and y.shape == x.shape
    np.testing.assert_allclose(y, GOLDEN[f"{case}/y_{dtype}"], **TOLERANCE[dtype],
                               err_msg=f"{kernel}_forward{args} differs from keras ({case})")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CASES)
def test_backward_matches_keras_autograd(case, dtype):
    kernel, args = kernel_args(case)
    x, dy = GOLDEN["inputs/x"].astype(dtype), GOLDEN["inputs/dy"].astype(dtype)
    y = getattr(activations, f"{kernel}_forward")(x, *args)
    dx = getattr(activations, f"{kernel}_backward")(x, y, dy, *args)
    assert dx.dtype == dtype and dx.shape == x.shape
    smooth = np.all(np.abs(x[..., None] - KINKS) > 1e-5, axis=-1)
    if kernel in ("softmax", "log_softmax"):
        smooth[:] = True  # smooth everywhere
    tolerance = TORCH_GRADIENT_TOLERANCE.get((case, dtype), TOLERANCE[dtype])
    np.testing.assert_allclose(dx[smooth], GOLDEN[f"{case}/dx_{dtype}"][smooth], **tolerance,
                               err_msg=f"{kernel}_backward{args} differs from torch autograd ({case})")


@pytest.mark.parametrize("kernel, args", GRADIENT_CASES)
def test_backward_matches_finite_differences(kernel, args):
    rng = np.random.default_rng(0)
    x = rng.normal(0.0, 2.5, (3, 4, 5))
    x[np.min(np.abs(x[..., None] - KINKS), axis=-1) < 1e-3] += 0.01  # stay off the kinks
    dy = rng.normal(0.0, 1.0, x.shape)
    forward = getattr(activations, f"{kernel}_forward")
    y = forward(x, *args)
    dx = getattr(activations, f"{kernel}_backward")(x, y, dy, *args)
    expected = numerical_gradient(lambda v: forward(v, *args), x, dy)
    np.testing.assert_allclose(dx, expected, rtol=1e-6, atol=1e-7,
                               err_msg=f"{kernel}_backward{args} disagrees with finite differences")


@pytest.mark.parametrize("kernel, args", GRADIENT_CASES)
@pytest.mark.parametrize("shape", [(7,), (2, 3, 4), (1, 1, 2, 5)])
def test_any_rank_float32_in_float32_out_inputs_untouched(kernel, args, shape):
    x = np.random.default_rng(1).normal(0.0, 2.0, shape).astype(np.float32)
    x_before = x.copy()
    y = getattr(activations, f"{kernel}_forward")(x, *args)
    dx = getattr(activations, f"{kernel}_backward")(x, y, np.ones_like(x), *args)
    assert y.dtype == np.float32 and dx.dtype == np.float32
    assert y.shape == shape and dx.shape == shape
    np.testing.assert_array_equal(x, x_before)
    reference = getattr(activations, f"{kernel}_forward")(x.astype(np.float64), *args)
    np.testing.assert_allclose(y, reference, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("kernel", ["softmax", "log_softmax"])
def test_softmax_is_stable_for_huge_logits(kernel):
    x = np.array([[1000.0, 999.0, -1000.0], [-1e30, 0.0, 1e30]], dtype=np.float32)
    y = getattr(activations, f"{kernel}_forward")(x)
    assert np.all(np.isfinite(y[0]))
    probabilities = y if kernel == "softmax" else np.exp(y)
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(probabilities[0, :2], [0.7310586, 0.26894143], rtol=1e-6)


@pytest.mark.parametrize("kernel", ["sigmoid", "softplus", "silu", "mish", "elu", "selu"])
def test_no_overflow_for_large_inputs(kernel):
    x = np.array([-1e4, -100.0, 100.0, 1e4])
    with np.errstate(over="raise", invalid="raise"):
        y = getattr(activations, f"{kernel}_forward")(x)
        dx = getattr(activations, f"{kernel}_backward")(x, y, np.ones_like(x))
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dx))


def test_selu_and_gelu_constants():
    assert activations.SELU_ALPHA == 1.6732632423543772
    assert activations.SELU_SCALE == 1.0507009873554805
    assert activations.SQRT_2_OVER_PI == np.sqrt(2.0 / np.pi)


def test_importing_kernels_compiles_nothing():
    code = (
        "import sys\n"
        "import nbkeras.kernels\n"
        "assert 'numba' not in sys.modules, 'the package face must not import numba'\n"
        "from nbkeras.kernels import activations, dense, losses, optimizers\n"
        "from numba.core.registry import CPUDispatcher\n"
        "for module in (activations, dense, losses, optimizers):\n"
        "    for name, value in vars(module).items():\n"
        "        if isinstance(value, CPUDispatcher):\n"
        "            assert not value.signatures, name + ' was compiled at import'\n"
    )
    env = dict(os.environ)
    env.pop("NUMBA_DISABLE_JIT", None)
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)
