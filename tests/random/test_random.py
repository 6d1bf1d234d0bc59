"""keras.random: distributions, shapes, dtypes and Keras 3's seeding rules.

The numbers are NumPy's, not Keras's (a different generator), so these
tests check what Keras documents: ranges and moments of each distribution,
the same values for the same int seed, advancing SeedGenerators, and
``set_random_seed`` making ``seed=None`` draws repeat.
"""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.utils import check_gradients

random = keras.random


def test_normal_moments_shape_and_dtype():
    x = random.normal((200, 100), mean=2.0, stddev=3.0, seed=0)
    assert x.shape == (200, 100) and x.dtype == "float32"
    assert abs(x.numpy().mean() - 2.0) < 0.05 and abs(x.numpy().std() - 3.0) < 0.05


def test_uniform_range_and_float64():
    x = random.uniform((10000,), minval=-1.0, maxval=3.0, dtype="float64", seed=0).numpy()
    assert x.dtype == np.float64 and x.min() >= -1.0 and x.max() < 3.0
    assert abs(x.mean() - 1.0) < 0.05


def test_uniform_refuses_integer_dtype_like_keras():
    with pytest.raises(ValueError, match="floating point"):
        random.uniform((2,), dtype="int32")


def test_truncated_normal_stays_within_two_stddev():
    x = random.truncated_normal((20000,), mean=1.0, stddev=0.5, seed=0).numpy()
    assert x.min() >= 0.0 and x.max() <= 2.0
    # the std of a standard normal truncated at +-2 is 0.8796
    assert abs(x.std() / 0.5 - 0.8796) < 0.02


def test_randint_half_open_range_and_dtype():
    x = random.randint((5000,), minval=-2, maxval=3, seed=0)
    assert x.dtype == "int32"
    assert sorted(set(x.numpy().tolist())) == [-2, -1, 0, 1, 2]
    with pytest.raises(ValueError, match="integer"):
        random.randint((2,), 0, 3, dtype="float32")


def test_categorical_follows_softmax_of_logits():
    logits = np.log(np.array([[0.2, 0.8], [0.9, 0.1]]))
    draws = random.categorical(logits, 20000, seed=0).numpy()
    assert draws.shape == (2, 20000) and draws.dtype == np.int32
    assert abs(draws[0].mean() - 0.8) < 0.02 and abs(draws[1].mean() - 0.1) < 0.02
    with pytest.raises(ValueError, match="2-D"):
        random.categorical([0.0, 1.0], 3)


def test_gamma_binomial_beta_means():
    assert abs(random.gamma((20000,), alpha=3.0, seed=0).numpy().mean() - 3.0) < 0.1
    assert abs(random.binomial((20000,), counts=10, probabilities=0.3, seed=0).numpy().mean() - 3.0) < 0.1
    assert abs(random.beta((20000,), alpha=2.0, beta=6.0, seed=0).numpy().mean() - 0.25) < 0.01


def test_same_int_seed_gives_same_values_every_call():
    a = random.normal((4,), seed=7).numpy()
    b = random.normal((4,), seed=7).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, random.normal((4,), seed=8).numpy())


def test_seed_generator_advances_and_repeats_from_its_seed():
    first = random.SeedGenerator(3)
    a, b = random.uniform((3,), seed=first).numpy(), random.uniform((3,), seed=first).numpy()
    assert not np.array_equal(a, b)
    second = random.SeedGenerator(3)
    np.testing.assert_array_equal(random.uniform((3,), seed=second).numpy(), a)
    np.testing.assert_array_equal(random.uniform((3,), seed=second).numpy(), b)
    assert random.SeedGenerator(3).get_config() == {"seed": 3}
    assert random.SeedGenerator.from_config({"seed": 3}).get_config() == {"seed": 3}


def test_set_random_seed_fixes_unseeded_draws_and_default_seed_generators():
    keras.utils.set_random_seed(11)
    a = random.normal((3,)).numpy()
    g = random.SeedGenerator()
    c = random.normal((3,), seed=g).numpy()
    keras.utils.set_random_seed(11)
    np.testing.assert_array_equal(random.normal((3,)).numpy(), a)
    np.testing.assert_array_equal(random.normal((3,), seed=random.SeedGenerator()).numpy(), c)


def test_bad_seed_is_named():
    with pytest.raises(ValueError, match="seed"):
        random.normal((2,), seed="abc")
    with pytest.raises(ValueError, match="integer seed"):
        random.SeedGenerator(1.5)


def test_dropout_scales_kept_values_and_respects_noise_shape():
    y = random.dropout(np.ones((400, 5), dtype="float32"), rate=0.25, seed=0).numpy()
    assert set(np.unique(y).tolist()) <= {0.0, np.float32(1 / 0.75)}
    assert abs((y == 0).mean() - 0.25) < 0.03
    z = random.dropout(np.ones((400, 5), dtype="float32"), rate=0.5, noise_shape=(None, 1),
                       seed=0).numpy()
    assert np.all(z == z[:, :1])  # one decision per row


def test_shuffle_permutes_one_axis():
    x = np.arange(12.0).reshape(3, 4)
    y = random.shuffle(x, axis=1, seed=0).numpy()
    assert sorted(y[0].tolist()) == [0.0, 1.0, 2.0, 3.0]
    # the same permutation for every row
    np.testing.assert_array_equal(y - y[0], x - x[0])


def test_dropout_and_shuffle_are_differentiable():
    keras.config.set_floatx("float64")
    try:
        assert check_gradients(lambda x: random.dropout(x, 0.5, seed=3), [np.ones((4, 3))])["ok"]
        assert check_gradients(lambda x: random.shuffle(x, axis=1, seed=3),
                               [np.arange(6.0).reshape(2, 3)])["ok"]
    finally:
        keras.config.reset()
