"""Activation kernels, Keras 3 formulas: ``NAME_forward`` and ``NAME_backward`` side by side.

``NAME_forward(x, *params)`` returns ``y``; ``NAME_backward(x, y, dy, *params)``
returns ``dx = dy * dy/dx``, using whichever of ``x`` or ``y`` gives the
simplest and most accurate derivative. Elementwise kernels accept arrays of
any rank; ``softmax`` and ``log_softmax`` work along the last axis. Inputs are
C-contiguous float32 or float64 arrays; outputs are new arrays of that dtype.
At kinks (relu at 0, ...) the backward kernels pick one one-sided derivative.

This module only gathers the kernels; each family lives in its own file:

* ``activations_relu`` - relu, leaky_relu, relu6, elu, selu
* ``activations_squashing`` - sigmoid, hard_sigmoid, tanh, softsign
* ``activations_smooth`` - softplus, silu, gelu, mish, exponential
* ``activations_softmax`` - softmax, log_softmax
"""

from nbkeras.kernels.activations_relu import (
    SELU_ALPHA,
    SELU_SCALE,
    elu_backward,
    elu_forward,
    leaky_relu_backward,
    leaky_relu_forward,
    relu6_backward,
    relu6_forward,
    relu_backward,
    relu_forward,
    selu_backward,
    selu_forward,
)
from nbkeras.kernels.activations_smooth import (
    GELU_CUBIC,
    INV_SQRT_2,
    INV_SQRT_2PI,
    SQRT_2_OVER_PI,
    exponential_backward,
    exponential_forward,
    gelu_backward,
    gelu_forward,
    mish_backward,
    mish_forward,
    silu_backward,
    silu_forward,
    softplus_backward,
    softplus_forward,
)
from nbkeras.kernels.activations_softmax import (
    log_softmax_backward,
    log_softmax_forward,
    softmax_backward,
    softmax_forward,
)
from nbkeras.kernels.activations_squashing import (
    hard_sigmoid_backward,
    hard_sigmoid_forward,
    sigmoid_backward,
    sigmoid_forward,
    softsign_backward,
    softsign_forward,
    tanh_backward,
    tanh_forward,
)
from nbkeras.kernels.helpers import stable_sigmoid, stable_softplus

__all__ = [
    "relu_forward", "relu_backward",
    "leaky_relu_forward", "leaky_relu_backward",
    "relu6_forward", "relu6_backward",
    "elu_forward", "elu_backward",
    "selu_forward", "selu_backward",
    "sigmoid_forward", "sigmoid_backward",
    "hard_sigmoid_forward", "hard_sigmoid_backward",
    "tanh_forward", "tanh_backward",
    "softsign_forward", "softsign_backward",
    "softplus_forward", "softplus_backward",
    "silu_forward", "silu_backward",
    "gelu_forward", "gelu_backward",
    "mish_forward", "mish_backward",
    "exponential_forward", "exponential_backward",
    "softmax_forward", "softmax_backward",
    "log_softmax_forward", "log_softmax_backward",
    # Constants and scalar helpers, public here before the split.
    "SELU_ALPHA", "SELU_SCALE", "SQRT_2_OVER_PI", "INV_SQRT_2", "INV_SQRT_2PI", "GELU_CUBIC",
    "stable_sigmoid", "stable_softplus",
]
