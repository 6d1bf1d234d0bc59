"""Recurrent and embedding kernels: NumPy reference steps, finite differences, the float32 approximation."""

import numpy as np
import pytest
from tests.kernels.finite_differences import numerical_gradient

from nbkeras.kernels import embedding, recurrent_squash
from nbkeras.kernels import recurrent_step as recurrent
from nbkeras.kernels.recurrent_squash import SIGMOID, TANH

EMPTY_MASK = np.zeros(0, np.bool_)
STEP_MASK = np.array([True, False, True])


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def test_fast_tanh_is_within_float32_accuracy():
    x = np.linspace(-12.0, 12.0, 200001)
    approx = recurrent_squash.tanh_forward(x.astype(np.float32), True).astype(np.float64)
    assert np.max(np.abs(approx - np.tanh(x))) < 4e-7, "fast_tanh drifted from tanh"
    small = np.array([1e-6, -3e-5, 1e-3], np.float32)
    np.testing.assert_allclose(recurrent_squash.tanh_forward(small, True), np.tanh(small), rtol=1e-6)
    approx_sigmoid = recurrent_squash.sigmoid_forward(x.astype(np.float32), True).astype(np.float64)
    assert np.max(np.abs(approx_sigmoid - sigmoid(x))) < 2e-7


def test_exact_path_is_libm():
    x = np.linspace(-30.0, 30.0, 1001)
    np.testing.assert_allclose(recurrent_squash.tanh_forward(x, False), np.tanh(x), rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(recurrent_squash.sigmoid_forward(x, False), sigmoid(x), rtol=1e-14, atol=1e-300)


# ---------------------------------------------------------------------- references in NumPy
def lstm_reference(recurrent_product, x_projection, h_prev, c_prev, mask):
    z = recurrent_product + x_projection
    units = h_prev.shape[1]
    i, f = sigmoid(z[:, :units]), sigmoid(z[:, units:2 * units])
    g, o = np.tanh(z[:, 2 * units:3 * units]), sigmoid(z[:, 3 * units:])
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    if mask.size:
        h = np.where(mask[:, None], h, h_prev)
        c = np.where(mask[:, None], c, c_prev)
    return h, c


def gru_reference(recurrent_product, x_projection, recurrent_bias, h_prev, mask):
    units = h_prev.shape[1]
    rec = recurrent_product + recurrent_bias
    z = sigmoid(x_projection[:, :units] + rec[:, :units])
    r = sigmoid(x_projection[:, units:2 * units] + rec[:, units:2 * units])
    hh = np.tanh(x_projection[:, 2 * units:] + r * rec[:, 2 * units:])
    h = z * h_prev + (1 - z) * hh
    return np.where(mask[:, None], h, h_prev) if mask.size else h


def run_lstm(recurrent_product, x_projection, h_prev, c_prev, mask, approximate=False):
    z = recurrent_product.copy()
    h, c, tanh_c = (np.empty_like(h_prev) for _ in range(3))
    recurrent.lstm_step_forward(z, x_projection, h_prev, c_prev, mask, approximate, TANH, SIGMOID, h, c, tanh_c)
    return z, h, c, tanh_c


def run_gru(recurrent_product, x_projection, recurrent_bias, h_prev, mask, approximate=False):
    rec = recurrent_product.copy()
    gates, h = np.empty_like(rec), np.empty_like(h_prev)
    recurrent.gru_step_forward(rec, x_projection, recurrent_bias, h_prev, mask, approximate, TANH, SIGMOID,
                               gates, h)
    return rec, gates, h


def lstm_inputs(units=4, batch=3, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(0, 1.5, (batch, 4 * units)), rng.normal(0, 1.5, (batch, 4 * units)),
            rng.normal(0, 0.5, (batch, units)), rng.normal(0, 0.8, (batch, units)))


@pytest.mark.parametrize("mask", [EMPTY_MASK, STEP_MASK], ids=["nomask", "mask"])
def test_lstm_step_forward_matches_reference(mask):
    rec, xp, h_prev, c_prev = lstm_inputs()
    z, h, c, tanh_c = run_lstm(rec, xp, h_prev, c_prev, mask)
    expected_h, expected_c = lstm_reference(rec, xp, h_prev, c_prev, mask)
    np.testing.assert_allclose(h, expected_h, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(c, expected_c, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(z[:, :4], sigmoid(rec + xp)[:, :4], rtol=1e-13)  # the input gate


def test_lstm_step_float32_approximation_agrees():
    args64 = lstm_inputs(units=16, batch=5, seed=3)
    args32 = [a.astype(np.float32) for a in args64]
    _, h32, c32, _ = run_lstm(*args32, EMPTY_MASK, approximate=True)
    _, h64, c64, _ = run_lstm(*args64, EMPTY_MASK)
    np.testing.assert_allclose(h32, h64, atol=1e-6)
    np.testing.assert_allclose(c32, c64, atol=1e-6)


@pytest.mark.parametrize("mask", [EMPTY_MASK, STEP_MASK], ids=["nomask", "mask"])
def test_lstm_step_backward_matches_finite_differences(mask):
    rec, xp, h_prev, c_prev = lstm_inputs()
    rng = np.random.default_rng(9)
    up_h, up_c = rng.normal(size=h_prev.shape), rng.normal(size=c_prev.shape)

    def loss_terms(z_total, h_prev_value, c_prev_value):
        h, c = lstm_reference(z_total, np.zeros_like(z_total), h_prev_value, c_prev_value, mask)
        return np.concatenate([h, c], axis=1)

    upstream = np.concatenate([up_h, up_c], axis=1)
    z, h, c, tanh_c = run_lstm(rec, xp, h_prev, c_prev, mask)
    dh, dc, dz = up_h.copy(), up_c.copy(), np.empty_like(z)
    recurrent.lstm_step_backward(z, c_prev, tanh_c, mask, TANH, SIGMOID, dh, dc, dz)
    total = rec + xp
    np.testing.assert_allclose(dz, numerical_gradient(lambda v: loss_terms(v, h_prev, c_prev), total, upstream),
                               rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dc, numerical_gradient(lambda v: loss_terms(total, h_prev, v), c_prev, upstream),
                               rtol=1e-6, atol=1e-8)
    # h_prev reaches the step only through z (the op adds dz @ U.T) and through masked carries.
    direct = numerical_gradient(lambda v: loss_terms(total, v, c_prev), h_prev, upstream)
    np.testing.assert_allclose(dh, direct, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("mask", [EMPTY_MASK, STEP_MASK], ids=["nomask", "mask"])
def test_gru_step_forward_and_backward(mask):
    rng = np.random.default_rng(4)
    units, batch = 4, 3
    rec_product, xp = rng.normal(0, 1.2, (batch, 3 * units)), rng.normal(0, 1.2, (batch, 3 * units))
    bias, h_prev = rng.normal(0, 0.5, 3 * units), rng.normal(0, 0.5, (batch, units))
    rec, gates, h = run_gru(rec_product, xp, bias, h_prev, mask)
    np.testing.assert_allclose(h, gru_reference(rec_product, xp, bias, h_prev, mask), rtol=1e-13, atol=1e-14)
    upstream = rng.normal(size=h.shape)
    dh, dxp, drec = upstream.copy(), np.empty_like(xp), np.empty_like(rec)
    recurrent.gru_step_backward(gates, rec, h_prev, mask, TANH, SIGMOID, dh, dxp, drec)
    np.testing.assert_allclose(
        dxp, numerical_gradient(lambda v: gru_reference(rec_product, v, bias, h_prev, mask), xp, upstream),
        rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(
        drec, numerical_gradient(lambda v: gru_reference(v, xp, bias, h_prev, mask), rec_product, upstream),
        rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(
        dh, numerical_gradient(lambda v: gru_reference(rec_product, xp, bias, v, mask), h_prev, upstream),
        rtol=1e-6, atol=1e-8)


def test_gru_float32_approximation_agrees():
    rng = np.random.default_rng(5)
    args = [rng.normal(0, 1.2, (5, 48)), rng.normal(0, 1.2, (5, 48)), rng.normal(0, 0.5, 48),
            rng.normal(0, 0.5, (5, 16))]
    _, _, h64 = run_gru(*args, EMPTY_MASK)
    _, _, h32 = run_gru(*[a.astype(np.float32) for a in args], EMPTY_MASK, approximate=True)
    np.testing.assert_allclose(h32, h64, atol=1e-6)


@pytest.mark.parametrize("mask", [EMPTY_MASK, STEP_MASK], ids=["nomask", "mask"])
def test_simple_rnn_step(mask):
    rng = np.random.default_rng(6)
    rec, xp, h_prev = (rng.normal(0, 1.0, (3, 5)) for _ in range(3))

    def reference(total):
        h = np.tanh(total)
        return np.where(mask[:, None], h, h_prev) if mask.size else h

    z, h = rec.copy(), np.empty_like(h_prev)
    recurrent.simple_rnn_step_forward(z, xp, h_prev, mask, False, TANH, h)
    np.testing.assert_allclose(h, reference(rec + xp), rtol=1e-14)
    upstream = rng.normal(size=h.shape)
    dh, dz = upstream.copy(), np.empty_like(z)
    recurrent.simple_rnn_step_backward(z, mask, TANH, dh, dz)
    np.testing.assert_allclose(dz, numerical_gradient(reference, rec + xp, upstream), rtol=1e-6, atol=1e-8)
    carried = upstream * (~mask[:, None]) if mask.size else np.zeros_like(upstream)
    np.testing.assert_allclose(dh, carried)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_embedding_gather_and_scatter_add(dtype):
    table = np.arange(12, dtype=dtype).reshape(4, 3)
    indices = np.array([2, 0, 2, 3])
    y = np.empty((4, 3), dtype)
    embedding.embedding_forward(table, indices, y)
    np.testing.assert_array_equal(y, table[indices])
    dy = np.ones((4, 3), dtype)
    dtable = np.zeros_like(table)
    embedding.embedding_backward(indices, dy, dtable)
    np.testing.assert_array_equal(dtable[:, 0], [1, 0, 2, 1])  # row 2 was used twice
