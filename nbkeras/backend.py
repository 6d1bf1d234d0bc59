"""``keras.backend``: the few backend functions tutorials still call."""

from nbkeras.config import epsilon, floatx, image_data_format, set_epsilon, set_floatx
from nbkeras.naming import reset_names


def clear_session():
    """Resets automatic layer names (``dense``, ``dense_1``, ...) to their start."""
    reset_names()


def backend():
    """The name of the computation backend: ``"nbkeras"`` (NumPy + Numba)."""
    return "nbkeras"


__all__ = ["backend", "clear_session", "epsilon", "floatx", "image_data_format",
           "set_epsilon", "set_floatx"]
