"""``keras.ops``: differentiable functions on Tensors, and the tape.

Example:
    >>> import nbkeras as keras
    >>> keras.ops.mean(keras.ops.square(keras.ops.convert_to_tensor([1.0, 3.0])))
    <Tensor shape=() dtype=float32
    5.0>
"""

from nbkeras.ops.activation_ops import (elu, gelu, hard_sigmoid, leaky_relu, log_softmax, mish, relu,
                                        relu6, selu, sigmoid, silu, softmax, softplus, softsign,
                                        tanh)
from nbkeras.ops.functions import (abs, absolute, add, argmax, argmin, cast, clip, concatenate,
                                   convert_to_numpy, convert_to_tensor, divide, equal, exp,
                                   expand_dims, greater, less, log, matmul, maximum, mean,
                                   minimum, multiply, negative, not_equal, ones, ones_like, power,
                                   reshape, shape, sqrt, square, squeeze, subtract, sum,
                                   transpose, where, zeros, zeros_like)
from nbkeras.ops.op import Op
from nbkeras.ops.tape import GradientTape, Tape, no_grad
from nbkeras.ops.tensor import Tensor, Variable

swish = silu

__all__ = [
    "abs", "absolute", "add", "argmax", "argmin", "cast", "clip", "concatenate",
    "convert_to_numpy", "convert_to_tensor", "divide", "elu", "equal", "exp", "expand_dims",
    "gelu", "greater", "hard_sigmoid", "leaky_relu", "less", "log", "log_softmax", "matmul",
    "maximum", "mean", "minimum", "mish", "multiply", "negative", "not_equal", "ones",
    "ones_like", "power", "relu", "relu6", "reshape", "selu", "shape", "sigmoid", "silu",
    "softmax", "softplus", "softsign", "sqrt", "square", "squeeze", "subtract", "sum", "swish",
    "tanh", "transpose", "where", "zeros", "zeros_like",
    "GradientTape", "Op", "Tape", "Tensor", "Variable", "no_grad",
]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
