"""Normalization layers: batch, layer, group, RMS and unit normalization."""

from nbkeras.layers.normalization.batch_normalization import BatchNormalization
from nbkeras.layers.normalization.group_normalization import GroupNormalization
from nbkeras.layers.normalization.layer_normalization import LayerNormalization
from nbkeras.layers.normalization.rms_normalization import RMSNormalization
from nbkeras.layers.normalization.unit_normalization import UnitNormalization

__all__ = ["BatchNormalization", "GroupNormalization", "LayerNormalization", "RMSNormalization",
           "UnitNormalization"]
