"""Normalization layers."""

from nbkeras.layers.normalization.unit_normalization import UnitNormalization

__all__ = ["UnitNormalization"]
