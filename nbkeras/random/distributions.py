"""Random tensors from the usual distributions (``keras.random.normal``, ``uniform``, ...).

Each function takes ``seed=`` (None, an int or a ``SeedGenerator``, see
``seed_generator``) and returns a Tensor of ``dtype`` (floatx by default).
Draws happen in NumPy float64 and are cast, so a float32 and a float64 draw
from the same seed hold the same values up to rounding.
"""

import numpy as np

from nbkeras import config
from nbkeras.ops.tensor import Tensor
from nbkeras.random.seed_generator import resolve_generator


def _float_dtype(dtype, function):
    dtype = np.dtype(dtype or config.floatx())
    if dtype.kind != "f":
        raise ValueError(f"`keras.random.{function}` requires a floating point `dtype`. "
                         f"Received: dtype={dtype.name}. Use keras.random.randint for integers.")
    return dtype


def _shape(shape):
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)


def _value(x):
    return x.data if isinstance(x, Tensor) else np.asarray(x)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from ``N(mean, stddev**2)``.

    Example:
        >>> import nbkeras as keras
        >>> keras.random.normal((2, 3), seed=1).shape
        (2, 3)
    """
    dtype = _float_dtype(dtype, "normal")
    values = resolve_generator(seed).normal(_value(mean), _value(stddev), size=_shape(shape))
    return Tensor(values, dtype=dtype)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples uniformly from ``[minval, maxval)``.

    Example:
        >>> import nbkeras as keras
        >>> x = keras.random.uniform((1000,), minval=2.0, maxval=3.0, seed=1).numpy()
        >>> bool(x.min() >= 2.0 and x.max() < 3.0)
        True
    """
    dtype = _float_dtype(dtype, "uniform")
    values = resolve_generator(seed).uniform(_value(minval), _value(maxval), size=_shape(shape))
    return Tensor(values, dtype=dtype)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from ``N(mean, stddev**2)``, redrawing values more than 2 stddev from the mean.

    Example:
        >>> import nbkeras as keras
        >>> x = keras.random.truncated_normal((1000,), seed=1).numpy()
        >>> bool(abs(x).max() <= 2.0)
        True
    """
    dtype = _float_dtype(dtype, "truncated_normal")
    generator, shape = resolve_generator(seed), _shape(shape)
    values = generator.standard_normal(shape)
    outside = np.abs(values) > 2.0
    while outside.any():
        values[outside] = generator.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2.0
    return Tensor(values * _value(stddev) + _value(mean), dtype=dtype)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers drawn uniformly from ``[minval, maxval)``.

    Example:
        >>> import nbkeras as keras
        >>> x = keras.random.randint((100,), 0, 3, seed=1)
        >>> x.dtype, sorted(set(x.numpy().tolist()))
        ('int32', [0, 1, 2])
    """
    dtype = np.dtype(dtype)
    if dtype.kind not in "iu":
        raise ValueError("`keras.random.randint` requires an integer `dtype`. "
                         f"Received: dtype={dtype.name}")
    values = resolve_generator(seed).integers(_value(minval), _value(maxval), size=_shape(shape))
    return Tensor(values.astype(dtype), dtype=dtype)


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Draws class indices from the softmax of each row of ``logits``.

    Args:
        logits: 2-D ``(batch, num_classes)`` unnormalized log-probabilities.
        num_samples: how many draws per row.

    Returns:
        An integer Tensor of shape ``(batch, num_samples)``.

    Example:
        >>> import nbkeras as keras
        >>> keras.random.categorical([[0.0, 0.0, -1e9]], 5, seed=1).shape
        (1, 5)
    """
    logits = np.asarray(_value(logits), dtype=np.float64)
    if logits.ndim != 2:
        raise ValueError("`logits` should be a 2-D tensor of shape (batch_size, num_classes). "
                         f"Received: logits.shape={logits.shape}")
    probabilities = np.exp(logits - logits.max(axis=-1, keepdims=True))
    cumulative = np.cumsum(probabilities / probabilities.sum(axis=-1, keepdims=True), axis=-1)
    draws = resolve_generator(seed).random((logits.shape[0], int(num_samples)))
    indices = np.stack([np.searchsorted(row, d, side="right")
                        for row, d in zip(cumulative, draws)])
    return Tensor(np.minimum(indices, logits.shape[1] - 1).astype(dtype), dtype=dtype)


def gamma(shape, alpha, dtype=None, seed=None):
    """Samples from the Gamma distribution with concentration ``alpha`` (scale 1)."""
    dtype = _float_dtype(dtype, "gamma")
    values = resolve_generator(seed).gamma(_value(alpha), size=_shape(shape))
    return Tensor(values, dtype=dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Number of successes in ``counts`` trials of probability ``probabilities`` (as floats)."""
    dtype = _float_dtype(dtype, "binomial")
    values = resolve_generator(seed).binomial(np.asarray(_value(counts)).astype(np.int64),
                                              _value(probabilities), size=_shape(shape))
    return Tensor(values, dtype=dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Samples from the Beta(``alpha``, ``beta``) distribution."""
    dtype = _float_dtype(dtype, "beta")
    values = resolve_generator(seed).beta(_value(alpha), _value(beta), size=_shape(shape))
    return Tensor(values, dtype=dtype)
