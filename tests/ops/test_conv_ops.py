"""Convolution, pooling and normalization ops: a loop reference and float64 gradient checks."""

import numpy as np
import pytest

from nbkeras.ops.nn.conv import ConvOp, ConvTransposeOp, conv_output_length
from nbkeras.ops.nn.normalization import BatchNormInferenceOp, BatchNormTrainingOp, GroupNormOp
from nbkeras.ops.nn.pooling import AvgPoolOp, MaxPoolOp
from nbkeras.utils.gradient_check import check_gradients

RNG = np.random.default_rng(0)


def reference_conv(x, kernel, strides, dilation, padding, groups):
    """Direct loops over output pixels and kernel taps (the formula of kernels/conv.py)."""
    batch, height, width, _ = x.shape
    kh, kw, cg, filters = kernel.shape
    out_h, top = conv_output_length(height, kh, strides[0], dilation[0], padding)
    out_w, left = conv_output_length(width, kw, strides[1], dilation[1], padding)
    y = np.zeros((batch, out_h, out_w, filters))
    fg = filters // groups
    for i in range(out_h):
        for j in range(out_w):
            for p in range(kh):
                for q in range(kw):
                    r, s = i * strides[0] + p * dilation[0] - top, j * strides[1] + q * dilation[1] - left
                    if 0 <= r < height and 0 <= s < width:
                        for g in range(groups):
                            y[:, i, j, g * fg:(g + 1) * fg] += (
                                x[:, r, s, g * cg:(g + 1) * cg] @ kernel[p, q, :, g * fg:(g + 1) * fg])
    return y


CONV_CASES = [((1, 1), (1, 1), "valid", 1), ((2, 2), (1, 1), "same", 1),
              ((1, 2), (2, 1), "same", 2), ((2, 1), (1, 1), "valid", 4), ((1, 1), (2, 2), "valid", 1)]


@pytest.mark.parametrize("strides, dilation, padding, groups", CONV_CASES)
def test_conv2d_matches_loops_and_gradients(strides, dilation, padding, groups):
    x = RNG.normal(size=(2, 7, 6, 4))
    kernel = RNG.normal(size=(3, 2, 4 // groups, 4))
    bias = RNG.normal(size=4)
    attrs = dict(strides=strides, dilation=dilation, padding=padding, groups=groups)
    y = ConvOp.apply(x.astype(np.float32), kernel.astype(np.float32), bias.astype(np.float32),
                     activation=0, **attrs).numpy()
    np.testing.assert_allclose(y, reference_conv(x, kernel, strides, dilation, padding, groups) + bias,
                               rtol=1e-4, atol=1e-4)
    for activation in (0, 1):
        result = check_gradients(lambda a, k, b: ConvOp.apply(a, k, b, activation=activation, **attrs),
                                 [x, kernel, bias])
        assert result["ok"], result


@pytest.mark.parametrize("padding, strides", [("causal", 2), ("same", 1), ("valid", 3)])
def test_conv1d_gradients(padding, strides):
    x, kernel = RNG.normal(size=(2, 7, 3)), RNG.normal(size=(3, 3, 2))
    result = check_gradients(lambda a, k: ConvOp.apply(a, k, None, strides=(strides,), dilation=(1,),
                                                       padding=padding, groups=1, activation=3),
                             [x, kernel])
    assert result["ok"], result


def test_causal_output_depends_only_on_the_past():
    x = np.zeros((1, 6, 1), np.float32)
    x[0, 3, 0] = 1.0
    y = ConvOp.apply(x, np.ones((3, 1, 1), np.float32), None, strides=(1,), dilation=(1,),
                     padding="causal", groups=1, activation=0).numpy()
    np.testing.assert_array_equal(y[0, :, 0], [0, 0, 0, 1, 1, 1])


@pytest.mark.parametrize("padding, strides, kernel_size", [("valid", 2, 3), ("same", 2, 3),
                                                           ("valid", 3, 2), ("same", 1, 4)])
def test_conv_transpose_is_the_adjoint_of_conv(padding, strides, kernel_size):
    x = RNG.normal(size=(2, 3, 4, 3))
    kernel = RNG.normal(size=(kernel_size, kernel_size, 2, 3))
    attrs = dict(strides=(strides, strides), dilation=(1, 1), padding=padding, output_padding=None)
    y = ConvTransposeOp.apply(x, kernel, None, activation=0, **attrs).numpy().astype(np.float64)
    # <conv_transpose(x), v> == <x, conv(v)>: the transpose is the adjoint of a conv of y's size.
    v = RNG.normal(size=y.shape)
    expected_h = 3 * strides if padding == "same" else 2 * strides + max(kernel_size, strides)
    assert y.shape[1] == expected_h
    op = ConvTransposeOp()
    op.needs_input_grad = (True, False, False)
    op.forward(x, kernel, None, activation=0, **attrs)
    np.testing.assert_allclose(np.sum(y * v), np.sum(x * op.backward(v)[0]), rtol=1e-4)
    result = check_gradients(lambda a, k: ConvTransposeOp.apply(a, k, None, activation=1, **attrs),
                             [x, kernel])
    assert result["ok"], result


@pytest.mark.parametrize("op", [MaxPoolOp, AvgPoolOp])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_pooling_gradients(op, padding):
    x = RNG.normal(size=(2, 5, 7, 3))
    result = check_gradients(lambda a: op.apply(a, pool_size=(2, 3), strides=(2, 2), padding=padding), [x])
    assert result["ok"], result
    result = check_gradients(lambda a: op.apply(a, pool_size=(3,), strides=(2,), padding=padding), [x[:, 0]])
    assert result["ok"], result


def test_max_pool_without_a_gradient_to_come_keeps_no_winners_and_the_same_maxima():
    x = RNG.normal(size=(40, 12, 12, 8)).astype(np.float32)  # large enough for two halves
    outputs = []
    for needed in (False, True):
        op = MaxPoolOp()
        op.needs_input_grad = (needed,)
        outputs.append(op.forward(x, (2, 2), (2, 2), "same"))
        assert (op.argmax.size > 0) == needed
    np.testing.assert_array_equal(outputs[0], outputs[1])


def test_average_pool_same_counts_only_cells_inside():
    x = np.ones((1, 3, 3, 1), np.float32)
    y = AvgPoolOp.apply(x, pool_size=(2, 2), strides=(2, 2), padding="same").numpy()
    np.testing.assert_array_equal(y, np.ones((1, 2, 2, 1)))


def test_normalization_gradients():
    x, gamma, beta = RNG.normal(size=(2, 5, 3, 4)), RNG.normal(size=4), RNG.normal(size=4)
    checks = [
        check_gradients(lambda a, g, b: BatchNormTrainingOp.apply(a, g, b, epsilon=1e-3), [x, gamma, beta]),
        check_gradients(lambda a, g, b: BatchNormInferenceOp.apply(a, g, b, np.full(4, 0.3), np.full(4, 2.0),
                                                                   epsilon=1e-3), [x, gamma, beta]),
        check_gradients(lambda a, g, b: GroupNormOp.apply(a, g, b, groups=2, epsilon=1e-3), [x, gamma, beta]),
        check_gradients(lambda a, g, b: GroupNormOp.apply(a, g, b, groups=1, epsilon=1e-3),
                        [x[:, 0, 0], gamma, beta]),
    ]
    for result in checks:
        assert result["ok"], result
