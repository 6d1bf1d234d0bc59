"""Max pooling's forward kernel against a cell-by-cell reference, at every window shape it clips.

The kernel clips each window to the image once and picks the winner with selects
(benchmarks/PROFILE.md); the reference walks the cells in row order and keeps the first
maximum, as Keras's max pooling: ties go to the first cell, a NaN never wins unless it
is the window's first cell inside the image, padding cells never win.
"""

import itertools

import numpy as np
import pytest

from nbkeras.kernels import pooling


def reference_max_pool(x, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, out_h, out_w):
    batch, height, width, channels = x.shape
    y = np.full((batch, out_h, out_w, channels), -np.inf, x.dtype)
    winner = np.full(y.shape, -1, np.int32)
    for n, i, j, c in itertools.product(range(batch), range(out_h), range(out_w), range(channels)):
        for p, q in itertools.product(range(pool_h), range(pool_w)):
            r, s = i * stride_h + p - pad_top, j * stride_w + q - pad_left
            if 0 <= r < height and 0 <= s < width and (winner[n, i, j, c] < 0 or x[n, r, s, c] > y[n, i, j, c]):
                y[n, i, j, c], winner[n, i, j, c] = x[n, r, s, c], r * width + s
    return y, winner


GEOMETRIES = [  # (height, width, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, out_h, out_w)
    (6, 6, 2, 2, 2, 2, 0, 0, 3, 3),   # W3's pools: windows side by side
    (7, 5, 2, 2, 2, 2, 0, 0, 3, 2),   # valid drops the last row and column
    (7, 5, 3, 3, 2, 2, 1, 1, 4, 3),   # same, windows clipped on every side
    (5, 6, 3, 2, 1, 1, 1, 0, 5, 5),   # overlapping windows
    (1, 9, 1, 4, 1, 3, 0, 1, 1, 3),   # one row: how 1-D pooling runs
    (4, 4, 2, 2, 3, 3, 2, 2, 2, 2),   # padding as wide as the window leaves a window wholly outside
]


@pytest.mark.parametrize("geometry,dtype", list(itertools.product(GEOMETRIES, (np.float32, np.float64))))
def test_max_pool_forward_matches_the_cell_by_cell_reference(geometry, dtype):
    height, width, *rest = geometry
    rng = np.random.default_rng(3)
    x = np.maximum(rng.standard_normal((2, height, width, 3)), 0).astype(dtype)  # relu: ties at 0
    x.flat[rng.choice(x.size, 4, replace=False)] = [np.nan, np.inf, -np.inf, np.nan]
    x[0, 0, 0] = np.nan  # the first cell of a window
    y = np.full((2, rest[-2], rest[-1], 3), 7, dtype)
    winner = np.full(y.shape, 7, np.int32)
    pooling.max_pool_2d_forward(x, *rest[:-2], y, winner)
    expected_y, expected_winner = reference_max_pool(x, *rest)
    np.testing.assert_array_equal(y, expected_y)
    np.testing.assert_array_equal(winner, expected_winner)
    # Without the winners (predict): the same maxima.
    y[...] = 7
    pooling.max_pool_2d_forward(x, *rest[:-2], y, np.zeros((0, 0, 0, 0), np.int32))
    np.testing.assert_array_equal(y, expected_y)
