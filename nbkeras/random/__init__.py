"""``keras.random``: seeded random tensors, dropout and shuffling.

Seeding follows Keras 3 (``seed=None`` uses the global generator reseeded by
``keras.utils.set_random_seed``; an int repeats; a ``SeedGenerator``
advances). The drawn numbers differ from Keras's own: only distributions,
shapes, dtypes and seeding rules are the same (see docs/keras_differences.md).

Example:
    >>> import nbkeras as keras
    >>> keras.utils.set_random_seed(0)
    >>> keras.random.normal((2, 2)).shape
    (2, 2)
"""

from nbkeras.random.distributions import (beta, binomial, categorical, gamma, normal, randint,
                                          truncated_normal, uniform)
from nbkeras.random.random_ops import dropout, shuffle
from nbkeras.random.seed_generator import SeedGenerator

__all__ = ["SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal",
           "randint", "shuffle", "truncated_normal", "uniform"]


def __dir__():
    return sorted(__all__)
