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
    if keep and conv_direct.applies(filters, out_w):  # the kernel gradient reads the images, no columns
        assert op.cols is None
        images = op.gradient_images
        np.testing.assert_array_equal(images[:, top:top + 9, left:left + width], x)
        inside = np.zeros(images.shape, bool)
        inside[:, top:top + 9, left:left + width] = True
        assert not images[~inside].any()
    elif keep:
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


def blocked_fused_gradient(cols, dz, block):
    """``cols.T @ dz`` as kernel_gradient_direct sums it: each block of pixels in order with
    fused multiply-adds from zero, the blocks added in order (float64-emulated, as above)."""
    total = np.zeros((cols.shape[1], dz.shape[1]), np.float32)
    for first in range(0, cols.shape[0], block):
        partial = fused_sums_in_order(dz[first:first + block].T, cols[first:first + block]).T
        total = (total.astype(np.float64) + partial).astype(np.float32)
    return total


@pytest.mark.parametrize("case", CASES)
def test_the_kernel_gradient_sums_blocks_of_pixels_with_fused_multiply_adds(case):
    batch, height, width, channels, filters, kh, kw, sh, sw, dh, dw = case
    if kh * kw * channels < conv_direct.PIXELS:
        pytest.skip("fewer taps than a tile")
    rng = np.random.default_rng(sum(case) + 1)
    x = rng.standard_normal((batch, height, width, channels)).astype(np.float32)
    out_h, out_w = (height - (kh - 1) * dh - 1) // sh + 1, (width - (kw - 1) * dw - 1) // sw + 1
    dz = rng.standard_normal((batch * out_h * out_w, filters)).astype(np.float32)
    gradient = np.full((kh * kw * channels, filters), np.nan, np.float32)
    conv_direct.kernel_gradient_direct(x, dz, conv_direct.tap_offsets(kh, kw, dh, dw, width, channels), sh, sw,
                                       out_h, out_w, gradient, np.full_like(gradient, np.nan))
    cols = columns(x, kh, kw, sh, sw, dh, dw, out_h, out_w)
    np.testing.assert_array_equal(gradient, blocked_fused_gradient(cols, dz, conv_direct.GRADIENT_PIXELS))


def test_the_kernel_gradient_in_float64_matches_the_product_of_the_columns():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 12, 11, 5))
    dz = rng.standard_normal((3 * 10 * 9, 24))
    gradient, partial = np.empty((45, 24)), np.empty((45, 24))
    conv_direct.kernel_gradient_direct(x, dz, conv_direct.tap_offsets(3, 3, 1, 1, 11, 5), 1, 1, 10, 9,
                                       gradient, partial)
    np.testing.assert_allclose(gradient, columns(x, 3, 3, 1, 1, 1, 1, 10, 9).T @ dz, rtol=1e-12, atol=1e-11)


@pytest.mark.parametrize("taps, filters, dz_rows, partial_shape, match", [
    (4, 8, 36, (4, 8), "6 taps"), (9, 12, 36, (9, 12), "tiles of 8"), (9, 8, 35, (9, 8), "dz of shape"),
    (9, 8, 36, (9, 16), "partial")])
def test_the_kernel_gradient_refuses_what_it_would_read_or_write_past(taps, filters, dz_rows, partial_shape, match):
    x = np.ones((1, 8, 8, 1), np.float32)
    offsets = conv_direct.tap_offsets(3, 3, 1, 1, 8, 1)[:taps]
    with pytest.raises(ValueError, match=match):
        conv_direct.kernel_gradient_direct(x, np.ones((dz_rows, filters), np.float32), offsets, 1, 1, 6, 6,
                                           np.empty((taps, filters), np.float32),
                                           np.empty(partial_shape, np.float32))


def test_the_kernel_gradient_refuses_windows_outside_the_images():
    x = np.ones((1, 8, 8, 1), np.float32)
    with pytest.raises(ValueError, match="outside"):  # seven output rows from eight image rows
        conv_direct.kernel_gradient_direct(x, np.ones((42, 8), np.float32), conv_direct.tap_offsets(3, 3, 1, 1, 8, 1),
                                           1, 1, 7, 6, np.empty((9, 8), np.float32), np.empty((9, 8), np.float32))


@pytest.mark.parametrize("padding, strides", [("valid", (1, 1)), ("same", (1, 1)), ("same", (2, 1))])
def test_the_conv_ops_kernel_gradient_without_columns_passes_the_float64_gradient_check(padding, strides):
    from nbkeras.utils.gradient_check import check_gradients

    rng = np.random.default_rng(9)
    x, kernel = rng.normal(size=(2, 7, 8, 2)), rng.normal(size=(3, 3, 2, 8))
    op = ConvOp()
    op.needs_input_grad = (True, True, False)
    op.forward(x, kernel, None, strides, (1, 1), padding, 1, 0)
    assert op.cols is None  # the direct kernel gradient runs
    result = check_gradients(lambda a, k: ConvOp.apply(a, k, None, strides=strides, dilation=(1, 1), padding=padding,
                                                       groups=1, activation=1), [x, kernel])
    assert result["ok"], result
