"""The six datasets of TensorFlow Playground, as seeded NumPy functions.

Points lie in the square [-6, 6] x [-6, 6]. Classification labels are 0 and 1
(TF Playground's -1 and +1); regression targets lie in [-1, 1]. ``noise``
is a fraction from 0 to 0.5 (the Playground's slider shows it as 0-50).
Each maker is plain NumPy and reads only its arguments, so ``to_code()``
copies its source into the exported program.
"""

import numpy as np

CLASSIFICATION = ("circle", "xor", "gaussian", "spiral")
REGRESSION = ("plane", "multi_gaussian")


def make_circle(n_samples, noise, rng):
    """A disc of 1s inside a ring of 0s; noise moves points before they are labelled."""
    radius = 5.0
    inner, outer = n_samples // 2, n_samples - n_samples // 2
    r = np.concatenate([rng.uniform(0.0, radius * 0.5, inner), rng.uniform(radius * 0.7, radius, outer)])
    angle = rng.uniform(0.0, 2 * np.pi, n_samples)
    x = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    moved = x + rng.uniform(-radius, radius, (n_samples, 2)) * noise
    y = (np.hypot(moved[:, 0], moved[:, 1]) < radius * 0.5).astype(np.float32)
    return x, y


def make_xor(n_samples, noise, rng):
    """Four quadrants: 1 where x1 and x2 have the same sign."""
    x = rng.uniform(-5.0, 5.0, (n_samples, 2))
    x += np.where(x > 0, 0.3, -0.3)  # a small gap along the axes
    moved = x + rng.uniform(-5.0, 5.0, (n_samples, 2)) * noise
    y = (moved[:, 0] * moved[:, 1] >= 0).astype(np.float32)
    return x, y


def make_gaussian(n_samples, noise, rng):
    """Two Gaussian clusters around (2, 2) (label 1) and (-2, -2) (label 0)."""
    spread = 0.5 + 7.0 * noise  # standard deviation 0.5 (no noise) to 4 (noise 0.5)
    ones, zeros = n_samples // 2, n_samples - n_samples // 2
    x = np.concatenate([rng.normal(2.0, spread, (ones, 2)), rng.normal(-2.0, spread, (zeros, 2))])
    y = np.concatenate([np.ones(ones), np.zeros(zeros)]).astype(np.float32)
    return x, y


def make_spiral(n_samples, noise, rng):
    """Two interleaved spirals, half a turn apart."""
    half = n_samples // 2
    x, y = [], []
    for label, turn in ((1.0, 0.0), (0.0, np.pi)):
        count = half if label else n_samples - half
        step = np.arange(count) / count
        r, t = step * 5.0, 1.75 * step * 2 * np.pi + turn
        jitter = rng.uniform(-1.0, 1.0, (count, 2)) * noise
        x.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1) + jitter)
        y.append(np.full(count, label))
    return np.concatenate(x), np.concatenate(y).astype(np.float32)


def make_plane(n_samples, noise, rng):
    """Regression: the target rises along x1 + x2, from -1 to 1 (clipped)."""
    x = rng.uniform(-6.0, 6.0, (n_samples, 2))
    moved = x + rng.uniform(-6.0, 6.0, (n_samples, 2)) * noise
    y = np.clip((moved[:, 0] + moved[:, 1]) / 10.0, -1.0, 1.0).astype(np.float32)
    return x, y


def make_multi_gaussian(n_samples, noise, rng):
    """Regression: six bumps of height +1 or -1; the strongest bump near a point wins."""
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    x = rng.uniform(-6.0, 6.0, (n_samples, 2))
    moved = x + rng.uniform(-6.0, 6.0, (n_samples, 2)) * noise
    y = np.zeros(n_samples)
    for cx, cy, sign in bumps:
        height = sign * np.clip(1.0 - np.hypot(moved[:, 0] - cx, moved[:, 1] - cy) / 2.0, 0.0, 1.0)
        y = np.where(np.abs(height) > np.abs(y), height, y)
    return x, y.astype(np.float32)


MAKERS = {"circle": make_circle, "xor": make_xor, "gaussian": make_gaussian, "spiral": make_spiral,
          "plane": make_plane, "multi_gaussian": make_multi_gaussian}


def split(x, y, ratio, rng):
    """Shuffles the points and keeps the first ``ratio`` of them for training.

    Returns:
        ``(x_train, y_train, x_test, y_test)``.
    """
    order = rng.permutation(len(x))
    cut = round(len(x) * ratio)
    train, test = order[:cut], order[cut:]
    return x[train], y[train], x[test], y[test]


def make_dataset(name, n_samples=500, noise=0.0, ratio=0.5, seed=0):
    """Points of one Playground dataset, split into training and test sets.

    Args:
        name: one of ``circle``, ``xor``, ``gaussian``, ``spiral`` (classification)
            or ``plane``, ``multi_gaussian`` (regression).
        n_samples: number of points in both sets together.
        noise: 0 to 0.5.
        ratio: fraction of the points used for training.
        seed: seed of the NumPy generator (the data never touches nbkeras's seed).

    Returns:
        ``(x_train, y_train, x_test, y_test)``: float32 ``(n, 2)`` points, float32 targets.

    Example:
        >>> x_train, y_train, x_test, y_test = make_dataset("xor", n_samples=10)
        >>> x_train.shape, y_test.shape
        ((5, 2), (5,))
    """
    if name not in MAKERS:
        raise ValueError(f"Unknown Playground dataset {name!r}: expected one of {sorted(MAKERS)}.")
    rng = np.random.default_rng(seed)
    x, y = MAKERS[name](n_samples, noise, rng)
    x_train, y_train, x_test, y_test = split(x.astype(np.float32), y, ratio, rng)
    return x_train, y_train, x_test, y_test
