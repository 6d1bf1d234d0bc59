"""California housing prices (keras.datasets.california_housing)."""

from nbkeras.datasets.housing import load_california as load_data

__all__ = ["load_data"]
