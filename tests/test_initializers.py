"""Initializers: Keras's formulas, checked against statistics of Keras's own draws."""

import json
from pathlib import Path

import numpy as np
import pytest

import nbkeras as keras

GOLDEN = np.load(Path(__file__).parent / "golden" / "layers.npz", allow_pickle=False)
# Constructor arguments as captured (Keras 3.15.1's Identity config drops `gain`).
CAPTURED = json.loads((Path(__file__).parent / "golden" / "layers.json").read_text())["initializers"]
RANDOM = sorted({k.split("/")[0][5:] for k in GOLDEN.files
                 if k.startswith("init_") and not k.startswith("init_exact") and k.endswith("/stats")})
BOUNDED = {"glorot_uniform", "he_uniform", "lecun_uniform", "random_uniform", "uniform",
           "glorot_normal", "he_normal", "lecun_normal", "truncated_normal", "variance_scaling"}


def draws(identifier, shape):
    keras.utils.set_random_seed(0)
    return np.stack([keras.initializers.get(identifier)(shape) for _ in range(10)])


@pytest.mark.parametrize("identifier", RANDOM)
def test_statistics_match_keras(identifier):
    mean, std, low, high = GOLDEN[f"init_{identifier}/stats"]
    shape = tuple(GOLDEN[f"init_{identifier}/shape"])
    values = draws(identifier, shape)
    assert values.dtype == np.float32 and values.shape[1:] == shape
    spread = max(std, 1e-6)
    assert abs(values.mean() - mean) < 0.02 * spread + 1e-6, f"{identifier}: mean {values.mean()} vs {mean}"
    assert abs(values.std() - std) <= 0.03 * spread + 1e-6, f"{identifier}: std {values.std()} vs {std}"
    if identifier in BOUNDED:  # uniform limits and the +-2 std truncation
        assert values.min() >= low - 0.01 * spread and values.max() <= high + 0.01 * spread


def test_orthogonal_is_orthogonal():
    q = keras.initializers.Orthogonal(gain=2.0, seed=3)((50, 20))
    np.testing.assert_allclose(q.T @ q, 4.0 * np.eye(20), atol=1e-5)


@pytest.mark.parametrize("case", sorted({k.split("/")[0] for k in GOLDEN.files
                                         if k.startswith("init_exact")}))
def test_deterministic_initializers_equal_keras(case):
    kwargs = CAPTURED[case]["kwargs"] or {}
    initializer = getattr(keras.initializers, str(GOLDEN[f"{case}/class_name"]))(**kwargs)
    expected = GOLDEN[f"{case}/values"]
    np.testing.assert_array_equal(initializer(expected.shape), expected)


def test_unseeded_instance_repeats_and_instances_differ():
    first = keras.initializers.GlorotUniform()
    np.testing.assert_array_equal(first((3, 3)), first((3, 3)))
    assert not np.array_equal(first((3, 3)), keras.initializers.GlorotUniform()((3, 3)))


def test_fans_follow_keras_for_conv_shapes():
    assert keras.initializers.compute_fans((3, 3, 8, 16)) == (72, 144)
