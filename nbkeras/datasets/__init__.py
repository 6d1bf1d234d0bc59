"""``keras.datasets``: Keras's downloadable sets, small bundled sets, synthetic data.

``mnist``, ``fashion_mnist``, ``cifar10``, ``cifar100``, ``imdb``, ``reuters``,
``boston_housing`` and ``california_housing`` download once from Keras's
published locations (hash-checked, cached in ``~/.keras/datasets`` or
``$KERAS_HOME``). ``digits`` (8x8 images), ``diabetes`` (tabular regression) and
``docstrings`` (text classification) ship inside the package and work offline.
"""

from nbkeras.datasets import (boston_housing, california_housing, cifar10, cifar100, diabetes,
                              digits, docstrings, fashion_mnist, imdb, mnist, reuters)
from nbkeras.datasets.synthetic import make_blobs, make_spirals, make_stripes

__all__ = ["boston_housing", "california_housing", "cifar10", "cifar100", "diabetes", "digits",
           "docstrings", "fashion_mnist", "imdb", "make_blobs", "make_spirals", "make_stripes",
           "mnist", "reuters"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
