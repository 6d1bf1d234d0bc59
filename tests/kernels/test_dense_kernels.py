"""Dense kernels: bias + activation after the NumPy matmul, against Keras Dense and finite differences."""

import os

import numpy as np
import pytest
from tests.kernels.finite_differences import numerical_gradient

from nbkeras.kernels import activations, dense

GOLDEN_PATH = os.path.join(os.path.dirname(__file__), "..", "golden", "kernels_dense.npz")
GOLDEN = np.load(GOLDEN_PATH, allow_pickle=False)
CODES = {"linear": dense.LINEAR, "relu": dense.RELU, "sigmoid": dense.SIGMOID,
         "tanh": dense.TANH, "softmax": dense.SOFTMAX}


def test_activation_codes_are_the_documented_ones():
    assert (dense.LINEAR, dense.RELU, dense.SIGMOID, dense.TANH, dense.SOFTMAX) == (0, 1, 2, 3, 4)


@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("activation", sorted(CODES))
def test_forward_matches_keras_dense(activation, use_bias):
    x, kernel = GOLDEN["inputs/x"], GOLDEN["inputs/kernel"]
    bias = GOLDEN["inputs/bias"] if use_bias else np.zeros(0, np.float32)
    z = x @ kernel
    y = dense.dense_bias_activation_forward(z, bias, CODES[activation])
    assert y.dtype == np.float32 and y.shape == (6, 4)
    expected = GOLDEN[f"{activation}_{'bias' if use_bias else 'nobias'}/y"]
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-6,
                               err_msg=f"Dense({activation}, use_bias={use_bias}) differs from keras")


def test_forward_works_in_place():
    z = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.0
    y = dense.dense_bias_activation_forward(z, np.ones(3, np.float32), dense.RELU)
    assert np.shares_memory(y, z)
    np.testing.assert_array_equal(z, [[0.0, 0.0, 1.0], [2.0, 3.0, 4.0]])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("activation", sorted(CODES))
def test_forward_agrees_with_activation_kernels(activation, dtype):
    rng = np.random.default_rng(0)
    z = rng.normal(0.0, 3.0, (5, 7)).astype(dtype)
    bias = rng.normal(0.0, 1.0, 7).astype(dtype)
    expected = z + bias
    if activation != "linear":
        expected = getattr(activations, f"{activation}_forward")(expected)
    y = dense.dense_bias_activation_forward(z.copy(), bias, CODES[activation])
    assert y.dtype == dtype
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("activation", sorted(CODES))
def test_backward_matches_finite_differences(activation):
    rng = np.random.default_rng(1)
    z = rng.normal(0.0, 2.0, (4, 6))
    z[np.abs(z) < 1e-3] += 0.01  # relu's kink
    bias = rng.normal(0.0, 1.0, 6)
    z[np.abs(z + bias) < 1e-3] += 0.01
    dy = rng.normal(0.0, 1.0, z.shape)
    code = CODES[activation]

    def forward(pre_activation):
        return dense.dense_bias_activation_forward(pre_activation, bias, code)

    y = forward(z.copy())
    dz = dense.dense_activation_backward(y, dy, code)
    assert dz.dtype == np.float64 and dz.shape == z.shape
    np.testing.assert_allclose(dz, numerical_gradient(forward, z, dy), rtol=1e-6, atol=1e-8,
                               err_msg=f"dense_activation_backward({activation}) is wrong")


@pytest.mark.parametrize("activation,dtype", [(a, d) for a in sorted(CODES) for d in ("float32", "float64")])
def test_backward_with_the_bias_sum_keeps_the_bits_of_the_two_kernels(activation, dtype):
    """The Dense op's one-kernel backward: dz and dbias as dense_activation_backward, then bias_gradient."""
    rng = np.random.default_rng(4)
    y = dense.dense_bias_activation_forward(rng.normal(0.0, 3.0, (257, 7)).astype(dtype),
                                            np.zeros(7, dtype), CODES[activation])
    dy = (rng.normal(0.0, 1.0, y.shape) * 10.0 ** rng.integers(-6, 6, y.shape)).astype(dtype)  # wide range
    dz, dbias = dense.dense_activation_backward_bias(y, dy, CODES[activation])
    expected = dense.dense_activation_backward(y, dy, CODES[activation])
    assert dz.tobytes() == expected.tobytes()
    assert dbias.dtype == dtype and dbias.tobytes() == dense.bias_gradient(expected).tobytes()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_bias_gradient_is_column_sum(dtype):
    dz = np.random.default_rng(2).normal(0.0, 1.0, (33, 5)).astype(dtype)
    dbias = dense.bias_gradient(dz)
    assert dbias.dtype == dtype and dbias.shape == (5,)
    np.testing.assert_allclose(dbias, dz.astype(np.float64).sum(axis=0), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(dbias, dense.bias_gradient(dz.copy()))  # same bits every run


def test_bias_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    z, bias, dy = rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=(4, 3))

    def forward(b):
        return dense.dense_bias_activation_forward(z.copy(), b, dense.TANH)

    dz = dense.dense_activation_backward(forward(bias), dy, dense.TANH)
    np.testing.assert_allclose(dense.bias_gradient(dz), numerical_gradient(forward, bias, dy),
                               rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("activation", ["sigmoid", "softmax"])
def test_forward_is_stable_for_huge_values(activation):
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise"):
        y = dense.dense_bias_activation_forward(z, np.zeros(0, np.float32), CODES[activation])
    assert np.all(np.isfinite(y))


def test_empty_batch():
    z = np.zeros((0, 3), np.float32)
    y = dense.dense_bias_activation_forward(z, np.ones(3, np.float32), dense.SOFTMAX)
    assert y.shape == (0, 3)
    assert dense.bias_gradient(dense.dense_activation_backward(y, y, dense.SOFTMAX)).shape == (3,)


# Marks of each activation's code once compiled: the functions its forward kernel calls,
# and the row sum softmax's backward keeps in ``dot``; the other activations' code is left out.
OWN_CODE = {"linear": set(), "relu": set(), "sigmoid": {"exp"}, "tanh": {"tanh"},
            "softmax": {"exp", "dot"}}


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="nothing is compiled")
@pytest.mark.parametrize("activation", sorted(CODES))
def test_each_activation_compiles_only_its_own_code(activation):
    from numba import njit

    matrix, row = "float32[:, ::1]", "float32[::1]"
    for direction, signature in (("forward", (matrix, row)), ("backward", (matrix, matrix, "float64[::1]"))):
        kernel = getattr(dense, f"dense_{activation}_{direction}")
        assert kernel.__name__ == f"dense_{activation}_{direction}"
        assert dense.FORWARD[CODES[activation]] is getattr(dense, f"dense_{activation}_forward")
        # Compiled afresh (a kernel loaded from the disk cache keeps no types).
        fresh = njit(kernel.py_func)
        fresh.compile(f"({', '.join(signature)},)")
        typemap = fresh.overloads[fresh.signatures[0]].type_annotation.typemap
        marks = {name for name in ("exp", "tanh") if any(f"'{name}'" in str(t)
                                                          for t in typemap.values())}
        marks |= {"dot"} if any(variable.startswith("dot") for variable in typemap) else set()
        own = OWN_CODE[activation] & ({"exp", "tanh"} if direction == "forward" else {"dot"})
        assert marks == own, kernel.__name__


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_in_passes_keeps_the_bits_of_the_row_by_row_softmax(dtype):
    """The Dense and activation softmax kernels run over all rows in passes (``softmax_rows``):
    each row must come out as the row-by-row softmax they replaced made it, special values
    included."""
    from numba import njit

    from nbkeras.kernels import activations_softmax
    from nbkeras.kernels.helpers import max_of_row

    @njit(error_model="numpy")
    def row_by_row(z):
        out = np.empty_like(z)
        for r in range(z.shape[0]):
            row_max, total = max_of_row(z[r]), 0.0
            for j in range(z.shape[1]):
                out[r, j] = np.exp(z[r, j] - row_max)
                total += out[r, j]
            for j in range(z.shape[1]):
                out[r, j] = out[r, j] / total
        return out

    rng = np.random.default_rng(7)
    z = (rng.standard_normal((70, 10)) * 20).astype(dtype)
    z[1, 3], z[2, :], z[3, 5], z[4, 0], z[5, 9] = np.inf, -np.inf, np.nan, -np.inf, 1e30
    bias = rng.standard_normal(10).astype(dtype)
    expected = row_by_row(z + bias)
    dense_y = dense.dense_bias_activation_forward(z.copy(), bias, dense.SOFTMAX)
    assert dense_y.tobytes() == expected.tobytes()
    assert activations_softmax.softmax_forward(z + bias).tobytes() == expected.tobytes()
