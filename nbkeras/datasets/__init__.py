"""``keras.datasets``: small data made on the spot (no network needed)."""

from nbkeras.datasets import digits  # noqa: F401  (bundled 8x8 handwritten digits)
from nbkeras.datasets.synthetic import make_blobs, make_spirals, make_stripes

__all__ = ["make_blobs", "make_spirals", "make_stripes"]
__all__ += ["digits"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
