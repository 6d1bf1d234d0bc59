"""Normalization layers: batch, layer and group normalization."""

from nbkeras.layers.normalization.batch_normalization import BatchNormalization
from nbkeras.layers.normalization.group_normalization import GroupNormalization
from nbkeras.layers.normalization.layer_normalization import LayerNormalization

__all__ = ["BatchNormalization", "GroupNormalization", "LayerNormalization"]
