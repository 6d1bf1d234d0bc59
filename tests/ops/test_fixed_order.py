"""Products whose numbers do not depend on the BLAS thread count (DESIGN promise 4)."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.ops import fixed_order

threadpoolctl = pytest.importorskip("threadpoolctl")


@pytest.mark.parametrize("shapes", [((5, 300), (300, 7)), ((300,), (300, 4)), ((6, 300), (300,)),
                                    ((2, 3, 260), (260, 5)), ((4, 100), (100, 3)),
                                    ((2, 3, 129), (2, 129, 4))])
def test_matches_numpy(shapes):
    rng = np.random.default_rng(0)
    a, b = (rng.normal(size=s) for s in shapes)
    np.testing.assert_allclose(fixed_order.matmul(a, b), np.matmul(a, b), rtol=1e-12)
    out = np.empty(np.matmul(a, b).shape)
    assert fixed_order.matmul(a, b, out=out) is out


def test_long_products_are_summed_in_the_fewest_equal_blocks():
    assert fixed_order.block_edges(784) == [0, 262, 523, 784]
    assert fixed_order.block_edges(384) == [0, 384]
    assert fixed_order.block_edges(385) == [0, 193, 385]
    widths = np.diff(fixed_order.block_edges(7744))
    assert widths.max() <= fixed_order.K_BLOCK and widths.max() - widths.min() <= 1


def _with_threads(threads, function):
    with threadpoolctl.threadpool_limits(limits=threads, user_api="blas"):
        return function()


@pytest.mark.parametrize("m,k,n", [(32, 784, 128), (512, 784, 128), (32, 128, 10),
                                   (784, 512, 128), (64, 1000, 300), (7744, 288, 64),
                                   (288, 7744, 64), (64, 384, 300), (512, 385, 128)])
def test_float32_products_are_the_same_with_1_and_2_threads(m, k, n):
    rng = np.random.default_rng(1)
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((k, n), dtype=np.float32) - 0.5
    one = _with_threads(1, lambda: fixed_order.matmul(a, b))
    two = _with_threads(2, lambda: fixed_order.matmul(a, b))
    np.testing.assert_array_equal(one, two)


def _w1_like_fit():
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(0)
    x = rng.random((256, 784), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, 256), 10)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy")
    history = model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    return history.history["loss"], model.get_weights()


def test_a_w1_like_fit_gives_the_same_numbers_with_1_and_2_threads():
    loss_one, weights_one = _with_threads(1, _w1_like_fit)
    loss_two, weights_two = _with_threads(2, _w1_like_fit)
    assert loss_one == loss_two
    for a, b in zip(weights_one, weights_two):
        np.testing.assert_array_equal(a, b)


def _small_fit(kind):
    keras.utils.set_random_seed(2)
    rng = np.random.default_rng(0)
    if kind == "cnn":
        x = rng.random((128, 12, 12, 3), dtype=np.float32)
        # the second convolution sums over 3 * 3 * 64 = 576 inputs per output
        body = [keras.Input((12, 12, 3)), keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.Conv2D(8, 3, activation="relu"), keras.layers.MaxPooling2D(2),
                keras.layers.Flatten()]
    else:
        x = rng.random((128, 12, 784), dtype=np.float32)  # 784 features per step
        body = [keras.Input((12, 784)), keras.layers.LSTM(16)]
    y = keras.utils.to_categorical(rng.integers(0, 3, 128), 3)
    model = keras.Sequential(body + [keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy")
    model.fit(x, y, batch_size=64, epochs=2, verbose=0)
    return model.get_weights()


@pytest.mark.parametrize("kind", ["cnn", "lstm"])
def test_conv_and_lstm_fits_give_the_same_numbers_with_1_and_2_threads(kind):
    one = _with_threads(1, lambda: _small_fit(kind))
    two = _with_threads(2, lambda: _small_fit(kind))
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)
