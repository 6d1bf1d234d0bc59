"""The direct convolution kernel: im2col's columns times the kernel, without the columns.

Its promise (kernels/conv_direct.py): each output is the sum over the taps in
im2col's column order, one fused multiply-add at a time from zero. The float32
reference below does exactly that, one tap at a time over all outputs: a float32
product is exact in float64, so ``float32(float64(x) * float64(w) + float64(acc))``
is the fused multiply-add (with fixed seeds no case lands on a double-rounding tie).
float64 has no wider type to do that in, so it is checked against the product of the columns.
"""

import numpy as np
import pytest

from nbkeras.kernels import conv, conv_direct
from nbkeras.ops.nn.conv import ConvOp


def columns(x, kh, kw, sh, sw, dh, dw, out_h, out_w):
    cols = np.empty((x.shape[0] * out_h * out_w, kh * kw * x.shape[3]), x.dtype)
    return conv.im2col_2d(x, kh, kw, sh, sw, dh, dw, 0, 0, out_h, out_w, cols)


def fused_sums_in_order(cols, kernel2d):
    total = np.zeros((cols.shape[0], kernel2d.shape[1]), np.float32)
    for k in range(cols.shape[1]):
        total = (cols[:, k, None].astype(np.float64) * kernel2d[k].astype(np.float64)
                 + total.astype(np.float64)).astype(np.float32)
    return total


NO_BIAS32 = np.zeros(0, np.float32)

CASES = [  # (batch, height, width, channels, filters, kh, kw, sh, sw, dh, dw)
    (3, 13, 13, 32, 64, 3, 3, 1, 1, 1, 1),  # W3's second conv: tiles of 16 filters, rows of 11
    (2, 28, 28, 1, 32, 3, 3, 1, 1, 1, 1),  # W3's first: one channel, rows of 26 (the last tile overlaps)
    (2, 10, 14, 4, 24, 2, 3, 2, 1, 1, 2),  # 16 + 8 filters, strides, dilation
    (1, 6, 10, 2, 40, 5, 5, 1, 1, 1, 1),  # 16 + 16 + 8 filters, rows of exactly 6
    (2, 9, 20, 3, 8, 3, 1, 2, 3, 2, 1),  # a column kernel, both strides
    (2, 1, 12, 6, 16, 1, 3, 1, 1, 1, 1),  # a 1-D convolution (height 1)
    (3, 9, 9, 2, 88, 2, 2, 1, 1, 1, 1),  # tiles of every width (AVX-512: 64 + 16 + 8), rows of 8
]


@pytest.mark.parametrize("case", CASES)
def test_float32_sums_each_output_over_the_taps_in_order_with_fused_multiply_adds(case):
    batch, height, width, channels, filters, kh, kw, sh, sw, dh, dw = case
    rng = np.random.default_rng(sum(case))
    x = rng.standard_normal((batch, height, width, channels)).astype(np.float32)
    kernel2d = rng.standard_normal((kh * kw * channels, filters)).astype(np.float32)
    out_h, out_w = (height - (kh - 1) * dh - 1) // sh + 1, (width - (kw - 1) * dw - 1) // sw + 1
    offsets = conv_direct.tap_offsets(kh, kw, dh, dw, width, channels)
    z = np.full((batch * out_h * out_w, filters), np.nan, np.float32)
    conv_direct.conv_direct_2d(x, kernel2d, offsets, sh, sw, out_h, out_w, z, NO_BIAS32, False)
    expected = fused_sums_in_order(columns(x, kh, kw, sh, sw, dh, dw, out_h, out_w), kernel2d)
    np.testing.assert_array_equal(z, expected)


@pytest.mark.parametrize("case", CASES[2:5])
def test_float64_matches_the_product_of_the_columns(case):
    batch, height, width, channels, filters, kh, kw, sh, sw, dh, dw = case
    rng = np.random.default_rng(7)
    x = rng.standard_normal((batch, height, width, channels))
    kernel2d = rng.standard_normal((kh * kw * channels, filters))
    out_h, out_w = (height - (kh - 1) * dh - 1) // sh + 1, (width - (kw - 1) * dw - 1) // sw + 1
    z = np.empty((batch * out_h * out_w, filters))
    conv_direct.conv_direct_2d(x, kernel2d, conv_direct.tap_offsets(kh, kw, dh, dw, width, channels),
                               sh, sw, out_h, out_w, z, np.zeros(0), False)
    np.testing.assert_allclose(z, columns(x, kh, kw, sh, sw, dh, dw, out_h, out_w) @ kernel2d,
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("filters, width, height", [(5, 9, 3), (12, 9, 3), (16, 7, 3), (0, 9, 3)])
def test_shapes_without_whole_tiles_are_refused_not_written_past(filters, width, height):
    # 5 or 12 filters (not whole tiles of 8), rows of 5 pixels (< 6), no filters.
    x = np.ones((1, height, width, 1), np.float32)
    out_w = width - 2
    z = np.empty((out_w, filters), np.float32)
    assert not conv_direct.applies(filters, out_w)
    with pytest.raises(ValueError, match="applies"):
        conv_direct.conv_direct_2d(x, np.ones((9, filters), np.float32), conv_direct.tap_offsets(3, 3, 1, 1, width, 1),
                                   1, 1, 1, out_w, z, NO_BIAS32, False)


def test_windows_outside_the_images_are_refused():
    x = np.ones((1, 3, 8, 1), np.float32)
    with pytest.raises(ValueError, match="outside"):  # two output rows from three image rows: one too many
        conv_direct.conv_direct_2d(x, np.ones((9, 8), np.float32), conv_direct.tap_offsets(3, 3, 1, 1, 8, 1),
                                   1, 1, 2, 6, np.empty((12, 8), np.float32), NO_BIAS32, False)


def test_mixed_float_types_are_refused_at_compile_time():
    x = np.ones((1, 3, 8, 1), np.float32)
    with pytest.raises(Exception, match="(?i)typing|resolution|invalid"):
        conv_direct.conv_direct_2d(x, np.ones((9, 8)), conv_direct.tap_offsets(3, 3, 1, 1, 8, 1),
                                   1, 1, 1, 6, np.empty((6, 8), np.float32), NO_BIAS32, False)


@pytest.mark.parametrize("padding, strides, dilation", [("same", (1, 1), (1, 1)), ("same", (2, 1), (1, 1)),
                                                        ("same", (1, 1), (2, 1)), ("valid", (2, 1), (1, 1))])
@pytest.mark.parametrize("keep", [False, True])
@pytest.mark.parametrize("filters, width", [(16, 13), (5, 13), (16, 6)])  # direct, then two BLAS fallbacks
def test_the_conv_op_sums_as_the_direct_kernel_with_padding_and_fallbacks(padding, strides, dilation, keep,
                                                                          filters, width):
    # The op copies padded images into a scratch buffer for the direct kernel; shapes without
    # whole tiles multiply columns in BLAS (which on other shapes may sum in another order).
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 9, width, 4)).astype(np.float32)
    kernel = rng.standard_normal((3, 3, 4, filters)).astype(np.float32)
    op = ConvOp()
    op.needs_input_grad = (False, keep, False)
    op.forward(x, kernel, None, strides, dilation, padding, 1, 0)
    # The second call reuses the op's scratch buffers: nothing stale may leak into its output.
    for buffer in op.__dict__.get("scratch_buffers", {}).values():
        buffer[...] = np.nan
    y = op.forward(x, kernel, None, strides, dilation, padding, 1, 0)
    kh, kw, sh, sw, dh, dw, top, left, out_h, out_w = op.geometry
    cols = np.empty((3 * out_h * out_w, 36), np.float32)
    conv.im2col_2d(x, kh, kw, sh, sw, dh, dw, top, left, out_h, out_w, cols)
    if conv_direct.applies(filters, out_w):
        np.testing.assert_array_equal(y.reshape(-1, filters), fused_sums_in_order(cols, kernel.reshape(-1, filters)))
    else:
        np.testing.assert_allclose(y.reshape(-1, filters), cols.astype(np.float64) @ kernel.reshape(-1, filters),
                                   rtol=1e-5, atol=1e-5)
    if keep:
        np.testing.assert_array_equal(op.cols, cols)


@pytest.mark.parametrize("case", CASES[:2])
@pytest.mark.parametrize("activation", ["linear", "relu"])
def test_bias_and_relu_on_each_row_give_the_dense_kernels_bits(case, activation):
    # Applied by the direct kernel to each output row just made: the same float32 additions
    # and comparisons as the Dense kernels' forward after the sums, NaN kept, exact zeros too.
    from nbkeras.kernels import dense

    batch, height, width, channels, filters, kh, kw, sh, sw, dh, dw = case
    rng = np.random.default_rng(11)
    x = rng.standard_normal((batch, height, width, channels)).astype(np.float32)
    x[0, 0, 0, 0] = np.nan
    kernel2d = rng.standard_normal((kh * kw * channels, filters)).astype(np.float32)
    kernel2d[:, 1] = 0.0  # a filter of exact zeros: outputs equal to -bias[1] and bias[1]
    bias = rng.standard_normal(filters).astype(np.float32)
    out_h, out_w = (height - (kh - 1) * dh - 1) // sh + 1, (width - (kw - 1) * dw - 1) // sw + 1
    z = np.empty((batch * out_h * out_w, filters), np.float32)
    code = dense.ACTIVATION_CODES[activation]
    conv_direct.conv_direct_2d(x, kernel2d, conv_direct.tap_offsets(kh, kw, dh, dw, width, channels),
                               sh, sw, out_h, out_w, z, bias, code == dense.RELU)
    sums = fused_sums_in_order(columns(x, kh, kw, sh, sw, dh, dw, out_h, out_w), kernel2d)
    expected = dense.dense_bias_activation_forward(sums, bias, code)
    assert np.isnan(expected).any() and (expected == 0).any() == (activation == "relu")
    np.testing.assert_array_equal(z, expected)


def test_a_bias_of_another_length_is_refused():
    x = np.ones((1, 3, 8, 1), np.float32)
    with pytest.raises(ValueError, match="bias"):
        conv_direct.conv_direct_2d(x, np.ones((9, 8), np.float32), conv_direct.tap_offsets(3, 3, 1, 1, 8, 1),
                                   1, 1, 1, 6, np.empty((6, 8), np.float32), np.ones(7, np.float32), False)


@pytest.mark.parametrize("activation", ["linear", "relu", "sigmoid"])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_the_conv_op_adds_its_bias_and_activation_as_the_dense_kernels(activation, padding):
    # linear and relu run inside the direct kernel, sigmoid in the Dense kernels' pass after it.
    from nbkeras.kernels import dense

    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 9, 13, 4)).astype(np.float32)
    kernel = rng.standard_normal((3, 3, 4, 16)).astype(np.float32)
    bias = rng.standard_normal(16).astype(np.float32)
    op = ConvOp()
    op.needs_input_grad = (False, False, False)
    code = dense.ACTIVATION_CODES[activation]
    y = op.forward(x, kernel, bias, (1, 1), (1, 1), padding, 1, code)
    kh, kw, sh, sw, dh, dw, top, left, out_h, out_w = op.geometry
    cols = np.empty((4 * out_h * out_w, 36), np.float32)
    conv.im2col_2d(x, kh, kw, sh, sw, dh, dw, top, left, out_h, out_w, cols)
    expected = dense.dense_bias_activation_forward(fused_sums_in_order(cols, kernel.reshape(-1, 16)), bias, code)
    np.testing.assert_array_equal(y.reshape(-1, 16), expected)
