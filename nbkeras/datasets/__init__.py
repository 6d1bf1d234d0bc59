"""``keras.datasets``: small data made on the spot (no network needed)."""

from nbkeras.datasets.synthetic import make_blobs, make_spirals, make_stripes

__all__ = ["make_blobs", "make_spirals", "make_stripes"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
