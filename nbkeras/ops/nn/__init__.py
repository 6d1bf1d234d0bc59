"""Fused ops of the heavy layers, one family per module (conv, pooling, normalization)."""
