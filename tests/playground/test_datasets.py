"""The six Playground datasets and the input features."""

import numpy as np
import pytest

from nbkeras.playground import FEATURES, make_dataset
from nbkeras.playground.datasets import CLASSIFICATION, MAKERS, REGRESSION
from nbkeras.playground.features import check_features, feature_matrix


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_points_lie_in_the_plane_and_split_by_ratio(name):
    x_train, y_train, x_test, y_test = make_dataset(name, n_samples=400, noise=0.0, ratio=0.3, seed=1)
    assert x_train.shape == (120, 2) and x_test.shape == (280, 2)
    assert x_train.dtype == np.float32 and y_train.dtype == np.float32
    assert np.abs(np.concatenate([x_train, x_test])).max() <= 6.5 or name == "gaussian"
    labels = np.concatenate([y_train, y_test])
    if name in CLASSIFICATION:
        assert set(np.unique(labels)) == {0.0, 1.0}
    else:
        assert labels.min() >= -1 and labels.max() <= 1 and labels.std() > 0.1


def test_same_seed_same_points_other_seed_other_points():
    first = make_dataset("spiral", noise=0.3, seed=0)
    again = make_dataset("spiral", noise=0.3, seed=0)
    other = make_dataset("spiral", noise=0.3, seed=1)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])


def test_labels_follow_the_rule_without_noise():
    x, y, _, _ = make_dataset("xor", n_samples=200, ratio=0.9)
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(np.float32))
    x, y, _, _ = make_dataset("circle", n_samples=200, ratio=0.9)
    np.testing.assert_array_equal(y, (np.hypot(x[:, 0], x[:, 1]) < 2.5).astype(np.float32))


def test_noise_flips_some_labels():
    x, y, _, _ = make_dataset("xor", n_samples=400, noise=0.5, ratio=0.9)
    wrong = np.mean(y != (x[:, 0] * x[:, 1] >= 0))
    assert 0.05 < wrong < 0.5


def test_regression_datasets_are_the_two_regression_ones():
    assert set(REGRESSION) == {"plane", "multi_gaussian"}
    assert set(CLASSIFICATION) | set(REGRESSION) == set(MAKERS)


def test_unknown_dataset_names_the_choices():
    with pytest.raises(ValueError, match="moons.*circle"):
        make_dataset("moons")


def test_features_are_computed_in_playground_order():
    points = np.array([[1.0, 2.0], [-0.5, 3.0]], dtype=np.float32)
    names = check_features(["sin(x2)", "x1*x2", "x1"])
    assert names == ("x1", "x1*x2", "sin(x2)")
    expected = np.stack([points[:, 0], points[:, 0] * points[:, 1], np.sin(points[:, 1])], axis=1)
    np.testing.assert_allclose(feature_matrix(points, names), expected, rtol=1e-6)
    assert list(FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


@pytest.mark.parametrize("bad", [[], ["x3"]])
def test_bad_features_are_refused(bad):
    with pytest.raises(ValueError, match="non-empty subset"):
        check_features(bad)
