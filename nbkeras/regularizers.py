"""Weight penalties added to the loss (``keras.regularizers``), Keras 3 formulas.

``L2(0.01)`` adds ``0.01 * sum(w**2)``: there is no factor 1/2 in Keras.
A regularizer is called on a Variable/Tensor and returns a scalar Tensor
built from ``nbkeras.ops``, so its gradient flows during training.
"""

import numpy as np

from nbkeras.identifiers import ConfigObject, Registry
from nbkeras import ops
from nbkeras.ops.nn.normalize import l2_normalize


class Regularizer(ConfigObject):
    """Base class: ``__call__(x)`` returns a scalar penalty."""

    def __call__(self, x):
        return 0.0


class L1(Regularizer):
    """``l1 * sum(|x|)``."""

    def __init__(self, l1=0.01):
        self.l1 = _check_factor(l1, "l1")

    def __call__(self, x):
        return ops.multiply(self.l1, ops.sum(ops.abs(x)))

    def get_config(self):
        # Keras stores l1 as a float32 tensor, so its config shows the rounded value.
        return {"l1": float(np.float32(self.l1))}


class L2(Regularizer):
    """``l2 * sum(x**2)``."""

    def __init__(self, l2=0.01):
        self.l2 = _check_factor(l2, "l2")

    def __call__(self, x):
        return ops.multiply(self.l2, ops.sum(ops.square(x)))

    def get_config(self):
        return {"l2": self.l2}


class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x**2)``."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _check_factor(l1, "l1")
        self.l2 = _check_factor(l2, "l2")

    def __call__(self, x):
        penalty = ops.multiply(0.0, ops.sum(x))
        if self.l1:
            penalty = ops.add(penalty, ops.multiply(self.l1, ops.sum(ops.abs(x))))
        if self.l2:
            penalty = ops.add(penalty, ops.multiply(self.l2, ops.sum(ops.square(x))))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes rows (or columns) of a 2-D weight to be orthogonal.

    Keras 3 formula: L2-normalize the rows (``mode="rows"``) or columns,
    take their Gram matrix, and penalize
    ``factor * 0.5 * sum(|off-diagonal|) / (n * (n - 1) / 2)``.

    Args:
        factor: strength of the penalty.
        mode: ``"rows"`` or ``"columns"``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> float(keras.regularizers.OrthogonalRegularizer(0.1)(np.eye(3, dtype="float32")))
        0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        if mode not in ("rows", "columns"):
            raise ValueError(f"mode must be 'rows' or 'columns'. Received: mode={mode!r}")
        self.factor = _check_factor(factor, "factor")
        self.mode = mode

    def __call__(self, x):
        if len(x.shape) != 2:
            raise ValueError("Inputs to OrthogonalRegularizer must have rank 2. Received: "
                             f"inputs.shape={tuple(x.shape)}")
        if self.mode == "columns":
            x = ops.transpose(x)
        normalized = l2_normalize(x, axis=1)
        gram = ops.matmul(normalized, ops.transpose(normalized))
        n = x.shape[0]
        off_diagonal = ops.multiply(gram, 1.0 - np.eye(n, dtype=normalized.data.dtype))
        num_pairs = n * (n - 1.0) / 2.0
        return ops.divide(ops.multiply(self.factor * 0.5, ops.sum(ops.abs(off_diagonal))), num_pairs)

    def get_config(self):
        return {"factor": float(np.float32(self.factor)), "mode": self.mode}


def _check_factor(value, name):
    value = float(value)
    if value < 0 or value != value:
        raise ValueError(f"Regularization factor must be a non-negative number. Received: {name}={value}")
    return value


l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer
ALL_REGULARIZERS = {"l1": L1, "l2": L2, "l1l2": L1L2, "L1L2": L1L2,
                    "orthogonal_regularizer": OrthogonalRegularizer}
REGISTRY = Registry("regularizer", "keras.regularizers", ALL_REGULARIZERS,
                    classes=(L1, L2, L1L2, OrthogonalRegularizer))


def serialize(regularizer):
    return REGISTRY.serialize(regularizer)


def get(identifier):
    """Resolves None, a name ("l2"), a config dict, an instance or a callable."""
    if identifier is None or isinstance(identifier, Regularizer) or callable(identifier):
        return identifier
    if isinstance(identifier, dict):
        return REGISTRY.class_from_config(identifier).from_config(identifier.get("config", {}))
    if isinstance(identifier, str):
        return REGISTRY.lookup(identifier)()
    raise REGISTRY.not_understood(identifier, "None, a name, a config dict or a Regularizer")
