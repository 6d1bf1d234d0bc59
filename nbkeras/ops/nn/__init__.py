"""Fused ops of the neural-network layers, one module per family (recurrent, embedding, ...)."""
