"""The seven input features of TensorFlow Playground, computed from the two coordinates."""

import numpy as np

FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
# the same formulas as Python source, for the program that to_code() writes
CODE = {"x1": "x1", "x2": "x2", "x1^2": "x1 * x1", "x2^2": "x2 * x2", "x1*x2": "x1 * x2",
        "sin(x1)": "np.sin(x1)", "sin(x2)": "np.sin(x2)"}
LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁·x₂",
          "sin(x1)": "sin x₁", "sin(x2)": "sin x₂"}


def check_features(names):
    """Returns the feature names as a tuple in the Playground's order, or raises."""
    names = tuple(names)
    unknown = [name for name in names if name not in FEATURES]
    if unknown or not names:
        raise ValueError(f"features must be a non-empty subset of {list(FEATURES)}; received "
                         f"{list(names)}.")
    return tuple(name for name in FEATURES if name in names)


def feature_matrix(points, names):
    """The chosen features of ``points`` (shape ``(n, 2)``) as a float32 ``(n, len(names))`` array.

    Example:
        >>> feature_matrix(np.array([[1.0, 2.0]]), ["x1", "x1*x2"])
        array([[1., 2.]], dtype=float32)
    """
    x1, x2 = points[:, 0], points[:, 1]
    return np.stack([FEATURES[name](x1, x2) for name in names], axis=1).astype(np.float32)
