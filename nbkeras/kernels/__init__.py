"""Numba kernels: the math of nbkeras, one short function per op and direction.

Each module pairs a forward kernel with its backward kernel:

* ``activations`` - relu, sigmoid, softmax, gelu, ... (``NAME_forward`` / ``NAME_backward``)
* ``dense`` - bias + activation after the Dense matmul, and the bias gradient
* ``conv`` - im2col / col2im around a convolution's BLAS products, and its direct forward (``conv_direct``)
* ``pooling`` - max and average pooling windows
* ``normalization`` - standardizing columns (batch norm) or rows (layer/group norm)
* ``losses`` - per-sample Keras 3 losses and their gradients w.r.t. ``y_pred``
* ``optimizers`` - in-place update steps (SGD, Adam, RMSprop, ...)
* ``recurrent`` - one time step of SimpleRNN, LSTM and GRU gates, forward and backward
* ``embedding`` - gather rows forward, scatter-add rows backward
* ``two_core_products`` - the halves of a product, Adam or a batch copy on two cores
* ``dense_chain`` - a whole training step of a chain of Dense layers in one call

Kernels work on C-contiguous float32 or float64 NumPy arrays, import nothing
else from nbkeras, and compile lazily on first call (importing this package
compiles nothing and does not even import Numba). They also run as plain
Python with ``NUMBA_DISABLE_JIT=1``, which is handy for stepping through one
in a debugger.

The families are declared once, in ``families()``: ops import the modules
they need by name, and ``python -m nbkeras warmup`` compiles every kernel of
every family listed here.
"""

from nbkeras.kernels import lean_numba

lean_numba.install()  # the first kernel call then starts Numba without importing SciPy


def families():
    """Every kernel family, imported (this loads Numba).

    Returns:
        The family modules, in a fixed order.
    """
    from nbkeras.kernels import (activations, conv, dense, dense_chain, embedding, losses, normalization,
                                 optimizers, pooling, recurrent, two_core_products)

    return (activations, dense, losses, optimizers, conv, pooling, normalization, recurrent,
            embedding, two_core_products, dense_chain)


def kernels_of(family):
    """The Numba kernels a family module defines or gathers, by name (none with JIT disabled).

    Scalar helpers (``kernels.helpers``) and other functions inlined into their callers
    (``inline="always"``) are left out: they compile inside the kernels that call them.
    """
    return {name: value for name, value in sorted(vars(family).items())
            if hasattr(value, "py_func") and value.py_func.__module__ != "nbkeras.kernels.helpers"
            and value.targetoptions.get("inline") != "always"}
