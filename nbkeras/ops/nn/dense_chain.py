"""Runs the compiled step of a Dense chain (``kernels/dense_chain.py``) from Python.

What it needs from this side: NumPy's BLAS routines by address (``numpy_blas``)
and, for products split in two row halves, the two-core worker's words
(``ops/two_cores.py``), reserved around the call exactly as one product would
reserve them. ``models/step_plan_dense.py`` decides which steps run here.

The step kernel is only *loaded*, never compiled, while training: compiling it
with an empty cache takes ~5-15 s (each loss its own kernel), more than most
fits of a course last, and it would hold Numba's compiler lock meanwhile.
``python -m nbkeras warmup`` (Binder's build runs it) or ``compile_steps()``
compiles them once into Numba's disk cache; until then the steps replay the
ops, with the same bits.

Module state: ``_blas``, the routines' addresses found once (None without
NumPy's OpenBLAS), ``_alone``, the words of a worker nobody serves, passed to
steps whose products do not split (never written then, so threads may share
them), ``_loaded``, per step kernel whether it is loaded (checked once per
process), and ``_compiling``, True while ``compile_steps`` runs.
"""

import functools

import numpy as np

from nbkeras import blas_threads
from nbkeras.ops import two_cores
from nbkeras.ops.nn.recurrent_blas import numpy_routine_address

# kernels/dense_chain.py's modes, repeated here: importing that module would load Numba
TRAIN, EVALUATE, PREDICT = 0, 1, 2

_blas = []
_alone = []
_loaded = {}
_compiling = False  # True inside compile_steps: then prepare compiles what is missing


def numpy_blas():
    """int64 ``[sgemm, 1 if 64-bit integers, sgemv, sdot]`` of NumPy's OpenBLAS, or None."""
    if not _blas:
        sgemm = two_cores.numpy_sgemm()
        routines = None
        if sgemm is not None:
            gemv, dot = numpy_routine_address("gemv", np.float32), numpy_routine_address("dot", np.float32)
            if gemv is not None and dot is not None:
                routines = np.array([sgemm[0], sgemm[1], gemv, dot], np.int64)
        _blas.append(routines)
    return _blas[0]


def loss_names():
    """The losses (names of ``ops/nn/losses.kernel_pair``) a compiled step computes."""
    return _kernels().LOSSES


def with_accuracy(loss):
    """True if the compiled step of loss ``loss`` (an index) can give each sample's accuracy too."""
    return loss in _kernels().ACCURATE


def loss_code(name):
    """The index of loss ``name`` among ``loss_names()``."""
    return _kernels().LOSSES.index(name)


def splits(rows, depth, columns):
    """True if a float32 ``(rows, depth) @ (depth, columns)`` is computed in two row halves
    (``ops/two_cores.splits``), the rule the compiled step follows for each product."""
    return blas_threads.splits_itself(rows, depth, columns, "float32")


def prepare(step, x, y, y_metric, values, grads, layout, epsilon):
    """True if the compiled step ``step`` (``(loss index, with accuracy)``) for arguments of
    these types is ready to run: compiled in this process or loaded from Numba's disk cache
    now (never compiled here: see the module docstring), and NumPy's OpenBLAS is there."""
    if numpy_blas() is None:
        return False
    ready = _loaded.get(step)
    if ready is None or (not ready and _compiling):
        ready = _load(step, _arguments(x, y, y_metric, values, grads, layout, epsilon, TRAIN))
    return ready


def run_step(step, mode, x, y, y_metric, values, grads, layout, epsilon, splits):
    """One compiled call (``kernels.dense_chain.step_kernel``), after ``prepare``.

    Args:
        step: ``(loss index, with accuracy)`` (``loss_code``, ``with_accuracy``).
        mode: ``TRAIN``, ``EVALUATE`` (forward and loss) or ``PREDICT`` (forward).
        x, y: C-contiguous float32 batch arrays (``y`` any such array to predict).
        y_metric: the labels as the accuracy reads them (``y`` without accuracy).
        values, grads: the optimizer's flat float32 buffers (``grads`` unused unless training).
        layout: the int64 layer table of ``kernels/dense_chain.py``.
        epsilon: the loss's epsilon (0.0 when it has none).
        splits: True if some product is split in two row halves.

    Returns:
        ``(y_pred, loss, hits, done)``; ``done`` False if a product refused its layout
        (nothing useful computed: the caller replays the ops).
    """
    kernel = _kernels().step_kernel(*step)
    worker = two_cores.free_worker() if splits else None
    if worker is None:
        if splits:  # words of its own: another thread may be running halves with the shared ones
            from nbkeras.kernels.two_core_products import new_state

            return kernel(numpy_blas(), *new_state(), x, y, y_metric, values, grads, layout, epsilon, mode)
        return kernel(*_arguments(x, y, y_metric, values, grads, layout, epsilon, mode))
    try:
        return kernel(numpy_blas(), worker.state, worker.reals, x, y, y_metric, values, grads, layout, epsilon,
                      mode)
    finally:
        worker.busy.release()


def _arguments(x, y, y_metric, values, grads, layout, epsilon, mode):
    """The kernel's arguments with shared words of a worker nobody serves: only for steps
    whose products do not split (the words are then never written) and for typing."""
    if not _alone:
        from nbkeras.kernels.two_core_products import new_state  # loaded with the step kernel

        _alone.append(new_state())
    state, reals = _alone[0]
    return numpy_blas(), state, reals, x, y, y_metric, values, grads, layout, epsilon, mode


def cached_steps():
    """``(ready, all)``: how many compiled steps are in Numba's cache (loading them), of how many."""
    x = np.ones((2, 2), np.float32)
    layout = np.array([[0, 4, 2, 2, 0, 0, 0, 0]], np.int64)
    steps = [(loss, accuracy) for loss in range(len(loss_names()))
             for accuracy in ((False, True) if with_accuracy(loss) else (False,))]
    ready = sum(prepare(step, x, x, x, np.ones(6, np.float32), np.empty(6, np.float32), layout, 1e-7)
                for step in steps)
    return ready, len(steps)


def compile_steps():
    """Compiles the step kernel of every loss, with and without accuracy (for ``warmup``;
    ~5-15 s each with an empty cache)."""
    global _compiling
    if numpy_blas() is None:
        return
    _compiling = True
    try:
        cached_steps()  # while compiling, a step that is not in the cache is compiled
    finally:
        _compiling = False


def _load(step, arguments):
    """Loads the kernel for these argument types from Numba's disk cache, never compiling it
    while training; ``compile_steps`` (warmup) compiles. True when it is ready to call."""
    from numba import typeof  # loaded with the kernels

    kernel = _kernels().step_kernel(*step)
    signature = tuple(typeof(argument) for argument in arguments)
    if signature in kernel.overloads or _compiling:
        ready = True
    else:
        try:  # Numba's own first step in Dispatcher.compile: the disk cache, by signature
            ready = kernel._cache.load_overload(signature, kernel.targetctx) is not None
        except AttributeError:  # another Numba's internals: no compiled step, same bits
            ready = False
    if ready:
        kernel.compile(signature)
    _loaded[step] = ready
    return ready


@functools.cache
def _kernels():
    """The step kernels' module, imported on first use (importing kernels loads Numba)."""
    from nbkeras.kernels import dense_chain

    return dense_chain
