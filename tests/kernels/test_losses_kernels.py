"""Loss kernels: Keras 3 values and gradients (golden file), finite differences, shapes, dtypes."""

import os

import numpy as np
import pytest
from tests.kernels.finite_differences import numerical_gradient

from nbkeras.kernels import losses

GOLDEN_PATH = os.path.join(os.path.dirname(__file__), "..", "golden", "kernels_losses.npz")
GOLDEN = np.load(GOLDEN_PATH, allow_pickle=False)
CASES = sorted({key.split("/")[0] for key in GOLDEN.files} - {"meta"})
TOLERANCE = {"float32": dict(rtol=1e-6, atol=1e-6), "float64": dict(rtol=1e-12, atol=1e-12)}
EPSILON = 1e-7


def tolerance(kernel, dtype):
    """float32 tolerance for float64 losses that Keras reduces with ops.mean.

    On the torch backend ``keras.ops.mean`` computes in
    ``dtypes.result_type(x.dtype, "float32")``, which is float32 even for
    float64 input, so those float64 golden values (and their gradients) are
    only float32-accurate. The kernels keep float64 precision.
    """
    mean_reduced = kernel.startswith("mean_") or kernel.startswith("binary_")
    return TOLERANCE["float32" if mean_reduced else dtype]


def load_case(case, dtype):
    """(kernel name, scalar args, y_true, y_pred, dloss) with labels cast like the caller does."""
    kernel = str(GOLDEN[f"{case}/kernel"])
    args = tuple(float(a) for a in GOLDEN[f"{case}/args"])
    y_true = GOLDEN[f"{case}/y_true"].astype(dtype)
    return kernel, args, y_true, GOLDEN[f"{case}/y_pred"].astype(dtype), GOLDEN[f"{case}/dloss"].astype(dtype)


def test_golden_file_records_keras_version():
    assert str(GOLDEN["meta/keras_version"]).startswith("3.")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CASES)
def test_forward_matches_keras(case, dtype):
    kernel, args, y_true, y_pred, _ = load_case(case, dtype)
    loss = getattr(losses, f"{kernel}_forward")(y_true, y_pred, *args)
    assert loss.dtype == dtype and loss.shape == y_pred.shape[:-1]
    np.testing.assert_allclose(loss, GOLDEN[f"{case}/loss_{dtype}"], **tolerance(kernel, dtype),
                               err_msg=f"{kernel}_forward differs from keras ({case})")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CASES)
def test_backward_matches_keras_autograd(case, dtype):
    """Includes the clipped probabilities (0, 1, 1e-9) and saturated rows, where the gradient is 0."""
    kernel, args, y_true, y_pred, dloss = load_case(case, dtype)
    grad = getattr(losses, f"{kernel}_backward")(y_true, y_pred, dloss, *args)
    assert grad.dtype == dtype and grad.shape == y_pred.shape
    np.testing.assert_allclose(grad, GOLDEN[f"{case}/grad_{dtype}"], **tolerance(kernel, dtype),
                               err_msg=f"{kernel}_backward differs from torch autograd ({case})")


def smooth_inputs(kernel, shape, rng):
    """y_true, y_pred away from clips and kinks, where finite differences are exact enough."""
    classes = shape[-1]
    if kernel.startswith("sparse"):
        y_true = rng.integers(0, classes, shape[:-1]).astype(np.float64)
    elif kernel.startswith("categorical"):
        y_true = rng.dirichlet(np.ones(classes), shape[:-1])
    elif kernel.startswith("binary"):
        y_true = rng.uniform(0.0, 1.0, shape)
    else:
        y_true = rng.normal(0.0, 1.0, shape)
    if kernel.endswith("from_logits"):
        y_pred = rng.normal(0.0, 3.0, shape)
    elif "crossentropy" in kernel:
        y_pred = rng.uniform(0.05, 0.9, shape)  # categorical rows need not sum to 1
    elif kernel == "mean_squared_logarithmic_error":
        y_true, y_pred = np.abs(y_true), rng.uniform(0.1, 3.0, shape)
    else:
        y_pred = y_true + rng.choice([-1.0, 1.0], shape) * rng.uniform(0.05, 1.0, shape)
    return y_true, y_pred


# kernel name -> its scalar arguments (epsilon or nothing), as stored with the golden cases
KERNEL_ARGS = {str(GOLDEN[f"{case}/kernel"]): load_case(case, "float64")[1] for case in CASES}
KERNELS = sorted(KERNEL_ARGS)


@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 5), (4,)])
@pytest.mark.parametrize("kernel", KERNELS)
def test_backward_matches_finite_differences(kernel, shape):
    rng = np.random.default_rng(0)
    y_true, y_pred = smooth_inputs(kernel, shape, rng)
    args = KERNEL_ARGS[kernel]
    dloss = rng.normal(0.0, 1.0, shape[:-1])
    forward = getattr(losses, f"{kernel}_forward")
    grad = getattr(losses, f"{kernel}_backward")(y_true, y_pred, dloss, *args)
    expected = numerical_gradient(lambda p: forward(y_true, p, *args), y_pred, dloss)
    np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-8,
                               err_msg=f"{kernel}_backward disagrees with finite differences")


@pytest.mark.parametrize("kernel", ["sparse_categorical_crossentropy",
                                    "sparse_categorical_crossentropy_from_logits"])
def test_sparse_labels_may_be_integers_or_floats(kernel):
    rng = np.random.default_rng(1)
    y_pred = rng.uniform(0.1, 1.0, (6, 4)).astype(np.float32)
    labels = rng.integers(0, 4, 6)
    args = () if kernel.endswith("logits") else (EPSILON,)
    forward = getattr(losses, f"{kernel}_forward")
    backward = getattr(losses, f"{kernel}_backward")
    dloss = np.ones(6, np.float32)
    np.testing.assert_array_equal(forward(labels, y_pred, *args),
                                  forward(labels.astype(np.float32), y_pred, *args))
    np.testing.assert_array_equal(backward(labels, y_pred, dloss, *args),
                                  backward(labels.astype(np.float32), y_pred, dloss, *args))


@pytest.mark.parametrize("label", [-1.0, 4.0])
def test_sparse_label_out_of_range_raises(label):
    y_pred = np.full((2, 4), 0.25, np.float32)
    labels = np.array([0.0, label], np.float32)
    with pytest.raises(ValueError, match="class index"):
        losses.sparse_categorical_crossentropy_forward(labels, y_pred, EPSILON)
    with pytest.raises(ValueError, match="class index"):
        losses.sparse_categorical_crossentropy_from_logits_backward(labels, y_pred, np.ones(2, np.float32))


def test_sparse_equals_categorical_with_one_hot():
    rng = np.random.default_rng(2)
    y_pred = rng.uniform(0.01, 1.0, (5, 3))
    labels = rng.integers(0, 3, 5)
    one_hot = np.eye(3)[labels]
    dloss = rng.normal(size=5)
    for suffix, args in (("", (EPSILON,)), ("_from_logits", ())):
        sparse = getattr(losses, f"sparse_categorical_crossentropy{suffix}_forward")
        dense = getattr(losses, f"categorical_crossentropy{suffix}_forward")
        np.testing.assert_allclose(sparse(labels, y_pred, *args), dense(one_hot, y_pred, *args), rtol=1e-12)
        sparse = getattr(losses, f"sparse_categorical_crossentropy{suffix}_backward")
        dense = getattr(losses, f"categorical_crossentropy{suffix}_backward")
        np.testing.assert_allclose(sparse(labels, y_pred, dloss, *args),
                                   dense(one_hot, y_pred, dloss, *args), rtol=1e-12, atol=1e-15)


def test_float32_clip_bound_is_rounded_like_keras():
    """1 - 1e-7 rounds to 1 - 1.19e-7 in float32; Keras clips there, so -log(1 - p) is 15.94, not 16.12."""
    y_true, y_pred = np.zeros((1, 1), np.float32), np.ones((1, 1), np.float32)
    loss = losses.binary_crossentropy_forward(y_true, y_pred, EPSILON)
    np.testing.assert_allclose(loss, [-np.log(np.float32(1.1920929e-07))], rtol=1e-6)


def test_logits_losses_are_stable_for_huge_logits():
    logits = np.array([[1e4, -1e4, 0.0]], np.float32)
    y_true = np.array([[0.0, 1.0, 0.0]], np.float32)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for name in ("binary_crossentropy_from_logits", "categorical_crossentropy_from_logits"):
            loss = getattr(losses, f"{name}_forward")(y_true, logits)
            grad = getattr(losses, f"{name}_backward")(y_true, logits, np.ones(1, np.float32))
            assert np.all(np.isfinite(loss)) and np.all(np.isfinite(grad)), name


@pytest.mark.skipif(os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="nothing is compiled")
@pytest.mark.parametrize("ndim, reshapes", [(2, False), (3, True)])
def test_a_batch_of_rows_compiles_no_reshape(ndim, reshapes):
    from numba import njit

    from nbkeras.kernels.losses_categorical_crossentropy import categorical_crossentropy_backward

    array = "float32[" + ", ".join([":"] * (ndim - 1) + ["::1"]) + "]"
    per_sample = "float32[" + ", ".join([":"] * (ndim - 2) + ["::1"]) + "]"
    fresh = njit(categorical_crossentropy_backward.py_func)  # afresh: cached kernels keep no types
    fresh.compile(f"({array}, {array}, {per_sample}, float64)")
    typemap = fresh.overloads[fresh.signatures[0]].type_annotation.typemap
    assert any("reshape" in str(t) for t in typemap.values()) == reshapes


def _row_by_row_crossentropy(y_true, y_pred, dloss, epsilon):
    """The categorical crossentropy kernels' arithmetic written plainly: one row at a time,
    each element's steps in turn (the bits any faster version of the kernels must keep)."""
    from numba import njit

    @njit(error_model="numpy")
    def both(y_true, y_pred, dloss, low, high):
        rows, n = y_pred.shape
        loss, grad = np.empty(rows, y_pred.dtype), np.empty_like(y_pred)
        for r in range(rows):
            row_sum = y_pred.dtype.type(0.0)
            for j in range(n):
                row_sum += y_pred[r, j]
            total, weighted = 0.0, 0.0
            for j in range(n):
                q = y_pred[r, j] / row_sum
                total -= y_true[r, j] * np.log(min(max(q, low), high))
                g = -y_true[r, j] / q if low <= q <= high else 0.0
                grad[r, j] = g
                weighted += g * q
            for j in range(n):
                grad[r, j] = dloss[r] * (grad[r, j] - weighted) / row_sum
            loss[r] = total
        return loss, grad

    dtype = y_pred.dtype.type
    return both(y_true, y_pred, dloss, dtype(epsilon), dtype(1.0 - epsilon))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_categorical_crossentropy_keeps_the_row_by_row_bits(dtype):
    rng = np.random.default_rng(3)
    y_pred = rng.random((300, 10)).astype(dtype)
    y_pred /= y_pred.sum(axis=1, keepdims=True)
    y_pred[0, :], y_pred[1, 4], y_pred[2, 7], y_pred[3, :] = 0.0, 1e-12, np.nan, 1.0
    y_true = np.eye(10, dtype=dtype)[rng.integers(0, 10, 300)]
    y_true[4] = rng.random(10).astype(dtype)  # a soft target
    dloss = rng.random(300).astype(dtype)
    loss, grad = _row_by_row_crossentropy(y_true, y_pred, dloss, EPSILON)
    assert losses.categorical_crossentropy_forward(y_true, y_pred, dtype(EPSILON)).tobytes() == loss.tobytes()
    assert losses.categorical_crossentropy_backward(y_true, y_pred, dloss, dtype(EPSILON)).tobytes() == grad.tobytes()


def test_first_argmax_is_numpys_argmax():
    """The accuracy kernels' argmax against ``np.argmax``: first of ties,
    the first NaN wins, signed zeros and infinities."""
    from numba import njit

    from nbkeras.kernels.losses_accuracy import first_argmax

    call = njit(lambda row: first_argmax(row))
    rng = np.random.default_rng(5)
    rows = [rng.standard_normal(10).astype(np.float32) for _ in range(50)]
    rows += [np.array(r, np.float32) for r in (
        [1.0], [2.0, 2.0, 1.0], [1.0, 3.0, 3.0], [np.nan, 5.0], [1.0, np.nan, 5.0, np.nan],
        [5.0, 1.0, np.nan], [-0.0, 0.0], [0.0, -0.0], [-np.inf, -np.inf], [-np.inf, np.inf, 1.0],
        [np.nan, np.nan])]
    rows += [rng.integers(0, 3, 10).astype(np.float64) for _ in range(20)]  # many ties
    for row in rows:
        assert call(row) == np.argmax(row), row
    assert call(np.zeros(0, np.float32)) == 0  # no class: nothing is read
