"""ops.mean and ops.sum give np.mean's and np.sum's bits (the mean skips np.mean's Python wrapper)."""

import numpy as np
import pytest

from nbkeras.ops.numpy.reductions import Mean, Sum


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("shape", [(1,), (7,), (32,), (129,), (1000,), (5, 33), (64, 3, 2)])
def test_mean_of_all_values_has_np_mean_bits(dtype, shape):
    rng = np.random.default_rng(len(shape) * 1000 + shape[0])
    x = (rng.standard_normal(shape) * 300.0).astype(dtype)
    for array in (x, x[::2]):  # contiguous and strided
        mean = Mean().forward(array)
        expected = np.asarray(np.mean(array), dtype=array.dtype)
        assert mean.dtype == expected.dtype and mean.shape == expected.shape == ()
        assert mean.tobytes() == expected.tobytes()


@pytest.mark.parametrize("axis,keepdims", [(None, False), (None, True), (0, False), (1, True)])
def test_mean_gradient_is_the_output_gradient_spread_over_the_count(axis, keepdims):
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    op = Mean()
    y = op.forward(x, axis=axis, keepdims=keepdims)
    dy = np.full(y.shape, 0.7, dtype=np.float32)
    (grad,) = op.backward(dy)
    count = x.size if axis is None else x.shape[axis]
    assert grad.shape == x.shape and grad.dtype == np.float32
    expected = np.float32(0.7) / np.float32(count)
    np.testing.assert_array_equal(grad, np.full(x.shape, expected, dtype=np.float32))


def test_sum_gradient_is_the_output_gradient_everywhere():
    x = np.ones((2, 3), dtype=np.float32)
    op = Sum()
    op.forward(x, axis=1)
    (grad,) = op.backward(np.array([2.0, 3.0], dtype=np.float32))
    np.testing.assert_array_equal(grad, [[2, 2, 2], [3, 3, 3]])
    assert grad.flags.writeable and grad.flags.c_contiguous
