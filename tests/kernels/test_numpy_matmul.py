"""NumPy's float32 matmul and sum, reproduced in Numba (kernels/numpy_matmul.py): the same bits.

The compiled Dense step (kernels/dense_chain.py) gives the ordinary path's bits only if
every product and the mean loss are NumPy's to the last bit: NumPy picks sgemm, sgemv,
sdot or a plain loop by the shapes and strides, and sums in its pairwise order.
"""

import itertools

import numpy as np
import pytest

from nbkeras.ops import fixed_order
from nbkeras.ops.nn import dense_chain

numpy_matmul = pytest.importorskip("nbkeras.kernels.numpy_matmul")
BLAS = dense_chain.numpy_blas()
needs_openblas = pytest.mark.skipif(BLAS is None, reason="NumPy's BLAS is not an OpenBLAS nbkeras can call")

# 1: NumPy's gemv, dot and plain-loop cases; 385 and 800: more than one K block of fixed_order.
SIZES = (1, 2, 3, 16, 33, 385, 800)


def _factor(rng, rows, columns, transposed):
    """A (rows, columns) float32 factor, C-contiguous or the transpose of one (x.T, kernel.T)."""
    values = (rng.standard_normal((columns, rows) if transposed else (rows, columns))
              * 10.0 ** rng.uniform(-2, 2)).astype(np.float32)
    return values.T if transposed else values


@needs_openblas
@pytest.mark.parametrize("a_transposed, b_transposed", [(False, False), (True, False), (False, True)])
def test_blocked_product_gives_fixed_order_bits(a_transposed, b_transposed):
    rng = np.random.default_rng(4)
    for rows, depth, columns in itertools.product(SIZES, repeat=3):
        if rows * depth * columns > 2_000_000:
            continue
        a = _factor(rng, rows, depth, a_transposed)
        b = _factor(rng, depth, columns, b_transposed)
        expected = fixed_order.matmul(a, b)
        out = np.full((rows, columns), np.nan, np.float32)
        assert numpy_matmul.blocked_product(BLAS, a, b, out)
        assert expected.tobytes() == out.tobytes(), (rows, depth, columns)


@needs_openblas
def test_a_layout_numpy_would_copy_is_refused():
    a = np.ones((4, 6), np.float32)[:, ::2]  # every other column: NumPy copies it first
    b = np.ones((3, 5), np.float32)
    out = np.zeros((4, 5), np.float32)
    assert not numpy_matmul.product(BLAS, a, b, out)
    assert not out.any()


def test_pairwise_sum_gives_numpy_bits():
    rng = np.random.default_rng(5)
    for count in [1, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 8191, 8192, 8193, 20000]:
        values = (rng.standard_normal(count) * 10.0 ** rng.uniform(-3, 3, count)).astype(np.float32)
        assert numpy_matmul.pairwise_sum(values) == np.add.reduce(values, axis=None), count
    zeros = np.array([-0.0, -0.0], np.float32)
    assert np.signbit(numpy_matmul.pairwise_sum(zeros)) == np.signbit(np.add.reduce(zeros))


def test_block_edges_are_fixed_orders():
    for depth in [1, 383, 384, 385, 784, 1200, 5000]:
        assert list(numpy_matmul.block_edges(depth)) == fixed_order.block_edges(depth)
