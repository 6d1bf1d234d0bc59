"""Synthetic datasets for tutorials: seeded, instant, no download.

Each function returns ``(x, y)`` NumPy arrays with integer labels; use
``keras.utils.to_categorical(y)`` for one-hot targets.
"""

import numpy as np


def make_stripes(n_samples=600, noise=0.25, seed=0):
    """Tiny 2x2 grey images of three patterns: horizontal, vertical, diagonal.

    The seed example of the course: ``Flatten`` turns each 2x2 image into 4
    numbers, and a small Dense network learns the three patterns.

    Args:
        n_samples: number of images.
        noise: standard deviation of the Gaussian pixel noise.
        seed: random seed.

    Returns:
        ``x`` of shape ``(n_samples, 2, 2)`` (float32) and ``y`` of shape
        ``(n_samples,)`` with labels 0 (horizontal), 1 (vertical), 2 (diagonal).

    Example:
        >>> x, y = make_stripes(6)
        >>> x.shape, y.shape
        ((6, 2, 2), (6,))
    """
    patterns = np.array([
        [[1.0, 1.0], [0.0, 0.0]],  # horizontal stripe
        [[1.0, 0.0], [1.0, 0.0]],  # vertical stripe
        [[1.0, 0.0], [0.0, 1.0]],  # diagonal
    ])
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n_samples)
    flips = rng.integers(0, 2, size=(n_samples, 2)).astype(bool)
    x = patterns[y].copy()
    x[flips[:, 0]] = x[flips[:, 0]][:, ::-1, :]  # stripes may sit on either side
    x[flips[:, 1]] = x[flips[:, 1]][:, :, ::-1]
    x += rng.normal(0.0, noise, size=x.shape)
    return x.astype(np.float32), y


def make_spirals(n_samples=600, n_classes=3, noise=0.2, seed=0):
    """Interleaved 2-D spirals: a classic that a linear model cannot separate.

    Returns:
        ``x`` of shape ``(n_samples, 2)`` (float32) and integer labels ``y``.
    """
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % n_classes
    radius = rng.uniform(0.05, 1.0, size=n_samples)
    angle = 4.0 * radius + 2.0 * np.pi * y / n_classes + rng.normal(0.0, noise, size=n_samples)
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    order = rng.permutation(n_samples)
    return x[order].astype(np.float32), y[order]


def make_blobs(n_samples=600, n_classes=3, n_features=2, spread=1.0, seed=0):
    """Gaussian clusters, one per class, around random centers.

    Returns:
        ``x`` of shape ``(n_samples, n_features)`` (float32) and integer labels ``y``.
    """
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-5.0, 5.0, size=(n_classes, n_features))
    y = rng.integers(0, n_classes, size=n_samples)
    x = centers[y] + rng.normal(0.0, spread, size=(n_samples, n_features))
    return x.astype(np.float32), y
