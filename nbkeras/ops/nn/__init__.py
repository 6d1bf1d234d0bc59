"""Fused ops for layers and losses, one family per file, each op's function beside it.

``dense`` (matmul + bias + activation), ``activations`` (each activation a
kernel pair), ``losses`` (per-sample loss kernels), ``normalize``; the heavy layers'
ops: ``conv`` (im2col + one BLAS product), ``pooling``, ``normalization`` (batch, layer,
group) and ``resize`` (zero padding, upsampling).
"""
