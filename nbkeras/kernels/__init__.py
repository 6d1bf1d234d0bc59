"""Numba kernels: the math of nbkeras, one short function per op and direction.

Each module pairs a forward kernel with its backward kernel:

* ``activations`` - relu, sigmoid, softmax, gelu, ... (``NAME_forward`` / ``NAME_backward``)
* ``dense`` - bias + activation after the Dense matmul, and the bias gradient
* ``losses`` - per-sample Keras 3 losses and their gradients w.r.t. ``y_pred``
* ``optimizers`` - in-place update steps (SGD, Adam, RMSprop, ...)
* ``recurrent`` - one time step of SimpleRNN, LSTM and GRU gates, forward and backward
* ``embedding`` - gather rows forward, scatter-add rows backward

Kernels work on C-contiguous float32 or float64 NumPy arrays, import nothing
else from nbkeras, and compile lazily on first call (importing this package
compiles nothing and does not even import Numba). They also run as plain
Python with ``NUMBA_DISABLE_JIT=1``, which is handy for stepping through one
in a debugger.
"""
