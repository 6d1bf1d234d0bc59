"""Boston housing prices (keras.datasets.boston_housing)."""

from nbkeras.datasets.housing import load_boston as load_data

__all__ = ["load_data"]
