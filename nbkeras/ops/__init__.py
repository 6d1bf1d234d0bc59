"""``keras.ops``: differentiable functions on Tensors, and the tape.

The autodiff core is ``tensor.py`` (Tensor, Variable), ``tape.py`` and
``op.py`` (the Op base class). Op classes live beside the functions that
apply them, grouped by family: ``numpy/`` (arithmetic, reductions, shaping,
products, comparison, creation) and ``nn/`` (dense, activations, losses,
normalize). Kernels are reached from ops by ordinary deferred imports.

Example:
    >>> import nbkeras as keras
    >>> keras.ops.mean(keras.ops.square(keras.ops.convert_to_tensor([1.0, 3.0])))
    <Tensor shape=() dtype=float32
    5.0>
"""

from nbkeras.ops.core import convert_to_numpy, convert_to_tensor, shape
from nbkeras.ops.nn.activations import (elu, gelu, hard_sigmoid, leaky_relu, log_softmax, mish,
                                        relu, relu6, selu, sigmoid, silu, softmax, softplus,
                                        softsign, tanh)
from nbkeras.ops.numpy.arithmetic import (abs, absolute, add, cast, clip, divide, exp, log, maximum,
                                          minimum, multiply, negative, power, sqrt, square,
                                          subtract, where)
from nbkeras.ops.numpy.comparison import argmax, argmin, equal, greater, less, not_equal
from nbkeras.ops.numpy.creation import ones, ones_like, zeros, zeros_like
from nbkeras.ops.numpy.products import matmul
from nbkeras.ops.numpy.reductions import mean, sum
from nbkeras.ops.numpy.shaping import (concatenate, expand_dims, reshape, squeeze, transpose)
from nbkeras.ops.gradient_control import stop_gradient
from nbkeras.ops.nn.losses_functional import (binary_crossentropy, categorical_crossentropy,
                                              sparse_categorical_crossentropy)
from nbkeras.ops.nn.conv_functions import (average_pool, conv, conv_transpose, depthwise_conv,
                                           max_pool, separable_conv)
from nbkeras.ops.nn.moments import moments, normalize
from nbkeras.ops.nn.normalization_functions import (batch_normalization, layer_normalization,
                                                    rms_normalization)
from nbkeras.ops.numpy.indexing import in_top_k, one_hot, take, take_along_axis, top_k
from nbkeras.ops.numpy.joining import repeat, split, stack, tile, unstack
from nbkeras.ops.numpy.linalg import einsum, norm
from nbkeras.ops.numpy.ranges import array, arange, eye, full, full_like, identity, linspace
from nbkeras.ops.numpy.special import erf, log1p
from nbkeras.ops.numpy.statistics import cumsum, logsumexp, max, min, prod, std, var
from nbkeras.ops.op import Op
from nbkeras.ops.tape import GradientTape, Tape, no_grad
from nbkeras.ops.tensor import Tensor, Variable
from nbkeras.ops.tensor_operators import attach_operators

attach_operators()

swish = silu

__all__ = [
    "abs", "absolute", "add", "argmax", "argmin", "cast", "clip", "concatenate",
    "convert_to_numpy", "convert_to_tensor", "divide", "elu", "equal", "exp", "expand_dims",
    "gelu", "greater", "hard_sigmoid", "leaky_relu", "less", "log", "log_softmax", "matmul",
    "maximum", "mean", "minimum", "mish", "multiply", "negative", "not_equal", "ones",
    "ones_like", "power", "relu", "relu6", "reshape", "selu", "shape", "sigmoid", "silu",
    "softmax", "softplus", "softsign", "sqrt", "square", "squeeze", "subtract", "sum", "swish",
    "tanh", "transpose", "where", "zeros", "zeros_like",
    "arange", "array", "average_pool", "batch_normalization", "binary_crossentropy",
    "categorical_crossentropy", "conv", "conv_transpose", "cumsum", "depthwise_conv", "einsum",
    "erf", "eye", "full", "full_like", "identity", "in_top_k", "layer_normalization", "linspace",
    "log1p", "logsumexp", "max", "max_pool", "min", "moments", "norm", "normalize", "one_hot",
    "prod", "repeat", "rms_normalization", "separable_conv", "sparse_categorical_crossentropy",
    "split", "stack", "std", "stop_gradient", "take", "take_along_axis", "tile", "top_k",
    "unstack", "var",
    "GradientTape", "Op", "Tape", "Tensor", "Variable", "no_grad",
]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
