"""im2col and col2im against a NumPy reference, for every geometry that changes their loops.

The cases put the edges of the image everywhere a kernel could get them wrong:
padding wider than the kernel (whole rows and columns of zeros), strides that skip
the first column, dilation that jumps past the image, one row, one column, one and
three channels. (A faster single-channel im2col was measured against these:
benchmarks/PROFILE.md.)
"""

import itertools

import numpy as np
import pytest

from nbkeras.kernels import conv


def reference_im2col(x, kh, kw, sh, sw, dh, dw, pad_top, pad_left, out_h, out_w):
    """The columns from a zero-padded copy of ``x`` and plain slicing."""
    batch, height, width, channels = x.shape
    bottom = max(0, (out_h - 1) * sh + (kh - 1) * dh + 1 - pad_top - height)
    right = max(0, (out_w - 1) * sw + (kw - 1) * dw + 1 - pad_left - width)
    padded = np.pad(x, ((0, 0), (pad_top, bottom), (pad_left, right), (0, 0)))
    taps = [padded[:, p * dh:p * dh + (out_h - 1) * sh + 1:sh, q * dw:q * dw + (out_w - 1) * sw + 1:sw]
            for p in range(kh) for q in range(kw)]
    return np.stack(taps, axis=3).reshape(batch * out_h * out_w, kh * kw * channels)


GEOMETRIES = [  # (height, width, kh, kw, sh, sw, dh, dw, pad_top, pad_left, out_h, out_w)
    (7, 6, 3, 3, 1, 1, 1, 1, 0, 0, 5, 4),      # valid
    (7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 7, 6),      # same
    (7, 6, 3, 2, 2, 3, 1, 1, 1, 0, 4, 2),      # strides, uneven
    (8, 9, 3, 3, 1, 2, 2, 2, 2, 2, 8, 5),      # dilation with padding
    (5, 5, 2, 2, 3, 3, 1, 1, 4, 4, 4, 4),      # padding wider than the kernel: whole rows of zeros
    (4, 3, 1, 3, 1, 1, 1, 3, 0, 3, 4, 3),      # dilation jumps past the image for some taps
    (6, 1, 3, 1, 1, 1, 1, 1, 2, 0, 6, 1),      # one column
    (1, 9, 1, 4, 1, 2, 1, 1, 0, 3, 1, 5),      # one row with left padding only: how a causal Conv1D runs
]


@pytest.mark.parametrize("geometry,channels,dtype",
                         list(itertools.product(GEOMETRIES, (1, 3), (np.float32, np.float64))))
def test_im2col_matches_padded_slicing(geometry, channels, dtype):
    height, width, *rest = geometry
    x = np.random.default_rng(7).standard_normal((2, height, width, channels)).astype(dtype)
    out_h, out_w = rest[-2:]
    cols = np.full((2 * out_h * out_w, rest[0] * rest[1] * channels), np.nan, dtype)
    conv.im2col_2d(x, *rest, cols)
    np.testing.assert_array_equal(cols, reference_im2col(x, *rest))


@pytest.mark.parametrize("geometry,channels", list(itertools.product(GEOMETRIES, (1, 3))))
def test_col2im_is_the_adjoint_of_im2col(geometry, channels):
    """<im2col(x), c> == <x, col2im(c)> in float64."""
    height, width, *rest = geometry
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, height, width, channels))
    out_h, out_w = rest[-2:]
    cols = conv.im2col_2d(x, *rest, np.empty((2 * out_h * out_w, rest[0] * rest[1] * channels)))
    c = rng.standard_normal(cols.shape)
    back = np.empty_like(x)
    conv.col2im_2d(c, back, *rest)
    assert np.vdot(cols, c) == pytest.approx(np.vdot(x, back), rel=1e-12)
