"""Compile every kernel ahead of time, so a class never waits for Numba.

Kernels compile lazily on first use and are cached on disk by Numba; this
runs each of them once, in float32, through the real call paths (layers,
losses, optimizers), which fills the cache. Binder runs it at build time.
"""

import time

import numpy as np

from nbkeras import kernels


def warmup(verbose=True):
    """Compiles (or loads from the cache) every kernel once.

    Args:
        verbose: print one line per kernel family and the total time.

    Returns:
        A dict ``{family: seconds}`` plus ``"total"``.
    """
    runners = {"activations": _activations, "dense": _dense, "losses": _losses,
               "optimizers": _optimizers, "conv": _conv, "pooling": _pooling,
               "normalization": _normalization, "recurrent": _recurrent, "embedding": _embedding,
               "two_core_products": _two_core_products, "dense_chain": _dense_chain}
    timings = {}
    start = time.perf_counter()
    for module in kernels.families():
        family = module.__name__.rpartition(".")[2]
        begin = time.perf_counter()
        runners[family]()
        timings[family] = time.perf_counter() - begin
        if verbose:
            print(f"  {family:<12} {timings[family]:6.2f} s", flush=True)
    timings["total"] = time.perf_counter() - start
    if verbose:
        print(f"warmup done in {timings['total']:.2f} s", flush=True)
    return timings


def _gradient_of(fn, *arrays):
    from nbkeras.ops.tape import GradientTape
    from nbkeras.ops.tensor import Variable

    variables = [Variable(a) for a in arrays]
    with GradientTape() as tape:
        out = fn(*variables)
    return tape.gradient(out, variables)


def _layer_gradients(layer, x, training=False):
    from nbkeras import ops
    from nbkeras.ops.tape import GradientTape
    from nbkeras.ops.tensor import Variable

    inputs = Variable(x)
    with GradientTape() as tape:
        total = ops.sum(layer(inputs, training=True) if training else layer(inputs))
    tape.gradient(total, [inputs] + layer.trainable_weights)


def _conv():
    from nbkeras import layers

    x = np.ones((1, 4, 4, 2), dtype=np.float32)
    _layer_gradients(layers.Conv2D(2, 3, padding="same"), x)
    _layer_gradients(layers.Conv2DTranspose(2, 2, strides=2), x)
    # Big enough to run in two halves, whose relu backward has a kernel of its own.
    _layer_gradients(layers.Conv2D(16, 3, activation="relu"), np.ones((2, 34, 34, 8), dtype=np.float32))


def _pooling():
    from nbkeras import layers

    x = np.ones((1, 4, 4, 2), dtype=np.float32)
    _layer_gradients(layers.MaxPooling2D(), x)
    _layer_gradients(layers.AveragePooling2D(2), x)


def _normalization():
    from nbkeras import layers

    x = np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4)
    _layer_gradients(layers.BatchNormalization(), x, training=True)
    _layer_gradients(layers.LayerNormalization(), x)


def _activations():
    from nbkeras import activations, ops

    x = np.linspace(-2, 2, 6, dtype=np.float32).reshape(2, 3)
    for name, fn in activations.ALL_ACTIVATIONS.items():
        if name not in ("linear", "swish"):
            _gradient_of(lambda v, fn=fn: ops.sum(fn(v)), x)


def _dense():
    from nbkeras import ops
    from nbkeras.kernels import dense
    from nbkeras.layers import Dense
    from nbkeras.ops.tape import GradientTape

    x = np.ones((2, 3), dtype=np.float32)
    for activation in ("linear", "relu", "sigmoid", "tanh", "softmax"):
        layer = Dense(2, activation=activation)
        with GradientTape() as tape:
            total = ops.sum(layer(x))
        tape.gradient(total, layer.trainable_weights)
    # The Dense chain's bias sum: a chain loaded from the cache carries its own copy, so
    # nothing else compiles it then (the Dense op sums its bias in the backward kernel).
    dense.bias_gradient(x)


def _losses():
    from nbkeras import losses, ops

    y_prob = np.array([[0.2, 0.8], [0.6, 0.4]], dtype=np.float32)
    y_onehot = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    y_index = np.array([1, 0])
    cases = [(fn, y_onehot) for fn in (losses.mean_squared_error, losses.mean_absolute_error,
                                       losses.mean_absolute_percentage_error,
                                       losses.mean_squared_logarithmic_error,
                                       losses.binary_crossentropy, losses.categorical_crossentropy)]
    cases += [(lambda t, p: losses.binary_crossentropy(t, p, from_logits=True), y_onehot),
              (lambda t, p: losses.categorical_crossentropy(t, p, from_logits=True), y_onehot),
              (losses.sparse_categorical_crossentropy, y_index),
              (lambda t, p: losses.sparse_categorical_crossentropy(t, p, from_logits=True), y_index)]
    for fn, labels in cases:
        _gradient_of(lambda p, fn=fn, labels=labels: ops.sum(fn(labels, p)), y_prob)
    _losses_with_accuracy(y_prob, y_onehot, y_index)


def _losses_with_accuracy(y_prob, y_onehot, y_index):
    """The fused loss-and-accuracy kernels, with the labels learners pass most: one-hot from
    ``to_categorical`` (float64) and integer class indices, int64 or uint8 (the image data
    sets: digits, MNIST, CIFAR), each a kernel of its own."""
    from nbkeras import losses, metrics
    from nbkeras.metrics.loss_accuracy import LossWithAccuracy

    cases = [(losses.CategoricalCrossentropy, y_onehot.astype(np.float64), "categorical_accuracy"),
             (losses.SparseCategoricalCrossentropy, y_index, "sparse_categorical_accuracy"),
             (losses.SparseCategoricalCrossentropy, y_index.astype(np.uint8),
              "sparse_categorical_accuracy"),
             (losses.BinaryCrossentropy, y_onehot, "binary_accuracy")]
    for loss_class, labels, metric in cases:
        for from_logits in (False, True):
            fused = LossWithAccuracy.find(loss_class(from_logits=from_logits),
                                          [metrics.get(metric)])
            _gradient_of(lambda p, fused=fused, labels=labels: fused(labels, p), y_prob)


def _optimizers():
    from nbkeras import optimizers
    from nbkeras.ops.tensor import Variable

    for name, cls in sorted(optimizers.ALL_OPTIMIZERS.items()):
        for options in _variants(name):
            variable = Variable(np.ones(3, dtype=np.float32))
            cls(**options).apply([np.full(3, 0.5, dtype=np.float32)], [variable])


def _variants(name):
    variants = {"sgd": [{}, {"momentum": 0.9}], "adam": [{}, {"amsgrad": True}]}
    return variants.get(name, [{}])


def _recurrent():
    from nbkeras import ops
    from nbkeras.layers import GRU, LSTM, SimpleRNN

    x = np.ones((2, 3, 2), dtype=np.float32)
    mask = np.array([[True, True, False], [True, True, True]])
    for layer in (SimpleRNN(2, return_sequences=True), LSTM(2, return_sequences=True),
                  GRU(2, return_sequences=True)):
        _gradient_of(lambda v, layer=layer: ops.sum(layer(v, mask=mask)), x)


def _two_core_products():
    """The jobs on both cores (ops/two_cores.py): products, Adam's halves, batch copies, and the
    worker's loop, compiled here (the worker thread might not finish compiling its loop before
    the process ends). An empty job (kind 0) runs nothing."""
    from nbkeras.kernels import two_core_products
    from nbkeras.ops import two_cores

    gemm = two_cores.numpy_sgemm()
    if gemm is None:
        return
    state, reals = two_core_products.new_state()
    two_core_products.run_job(gemm, state, reals, 0, 0)
    two_core_products.serve(gemm, state, reals, 1)
    two_core_products.share(gemm, state, reals)
    rows = np.ones((4, 4), dtype=np.float32)    # each kind of job once, with no worker serving
    two_core_products.share_product(gemm, state, reals, rows, False, rows, False, np.empty_like(rows),
                                    np.array([0, 4], np.int64))
    two_core_products.share_adam(gemm, state, reals, *rows, 1e-3, 0.9, 0.999, 1e-7, 1)
    two_core_products.share_gather(gemm, state, reals, rows.ctypes.data, np.arange(4), np.empty_like(rows).ctypes.data,
                                   rows.strides[0])


def _dense_chain():
    """The compiled training steps of Dense chains, one per loss (models/step_plan_dense.py):
    training only loads them from the cache, never compiles them."""
    from nbkeras.kernels import dense_chain as kernels
    from nbkeras.kernels.two_core_products import new_state
    from nbkeras.ops.nn import dense_chain

    dense_chain.compile_steps()
    blas = dense_chain.numpy_blas()
    if blas is None:
        return
    # the parts too (loaded steps carry their own copies): every kernel of the family compiled
    rows, bias = np.ones((2, 2), dtype=np.float32), np.zeros(2, dtype=np.float32)
    kernels.forward_activation(0, rows, bias)
    kernels.backward_activation(0, rows, rows, np.zeros(0))
    kernels.product(blas, *new_state(), rows, False, rows, False, np.empty_like(rows), False)
    kernels.blocked_product(blas, rows, rows, np.empty_like(rows))
    kernels.pairwise_sum(bias)


def _embedding():
    from nbkeras import ops
    from nbkeras.layers import Embedding
    from nbkeras.ops.tape import GradientTape

    layer = Embedding(4, 2)
    with GradientTape() as tape:
        total = ops.sum(layer(np.array([[1, 2, 0]])))
    tape.gradient(total, layer.trainable_weights)
