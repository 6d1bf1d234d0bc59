"""Elementwise functions beyond arithmetic: log1p and erf, each with its derivative."""

import math

import numpy as np

from nbkeras.ops.op import Op

_erf = np.vectorize(math.erf, otypes=[np.float64])


class Log1p(Op):
    def forward(self, x):
        self.x = x
        return np.log1p(x)

    def backward(self, dy):
        return (dy / (1 + self.x),)


def log1p(x):
    """``log(1 + x)``, accurate for small ``x``.

    Example:
        >>> import nbkeras as keras
        >>> float(keras.ops.log1p(keras.ops.convert_to_tensor(0.0)))
        0.0
    """
    return Log1p.apply(x)


class Erf(Op):
    def forward(self, x):
        self.x = x
        return _erf(x).astype(x.dtype if x.dtype.kind == "f" else np.float32)

    def backward(self, dy):
        derivative = 2.0 / math.sqrt(math.pi) * np.exp(-np.square(self.x))
        return ((dy * derivative).astype(dy.dtype),)


def erf(x):
    """The error function ``2/sqrt(pi) * integral_0^x exp(-t**2) dt``.

    Example:
        >>> import nbkeras as keras
        >>> round(float(keras.ops.erf(keras.ops.convert_to_tensor(1.0))), 4)
        0.8427
    """
    return Erf.apply(x)
