"""A whole step of a chain of Dense layers and a per-sample loss, in one compiled call.

A replayed step of a Sequential of Dense layers still made ~15 calls from Python
(products, bias and activation, loss, mean, their backward, the bias gradients),
each with its Python around it: ~40 of W5's ~53 us a step. Here one call does
them all, with the same kernels in the same order: each Dense layer's product
(``numpy_matmul.blocked_product``, NumPy's own routines and K blocks, or two
row halves through ``two_core_products.share_product`` where
``blas_threads.splits_itself``), its bias-and-activation kernel from
``kernels/dense.py``, the loss kernels of ``kernels/losses*.py``, the mean as
NumPy sums it (``numpy_matmul.pairwise_sum``), then backward: the loss
gradient, each layer's activation gradient, the input and kernel gradients
(the kernel's written into the optimizer's flat gradient buffer, as
``Op.input_grad_from_product`` does) and ``bias_gradient``. So the bits are
those of the ordinary path (``tests/models/test_step_plan_dense.py``).

``layout``: int64 ``(layers, FIELDS)``, one row per Dense layer: the offsets of
its kernel and bias in the flat buffers (``NO_BIAS`` without one), its fan-in
and units, its activation code (``kernels/dense.py``), and whether its forward
product, input gradient and kernel gradient are split in two row halves.
One kernel per loss (``step_kernel``), so a model compiles only its own;
the same kernel evaluates (forward and loss) and predicts (forward) a batch.
"""

import functools

import numpy as np

from nbkeras.kernels import dense as activations
from nbkeras.kernels import losses
from nbkeras.kernels.helpers import compiled_as
from nbkeras.kernels.numpy_matmul import block_edges, blocked_product, pairwise_sum
from nbkeras.kernels.two_core_products import share_product

KERNEL, BIAS, FAN_IN, UNITS, ACTIVATION, SPLIT_FORWARD, SPLIT_INPUT_GRAD, SPLIT_KERNEL_GRAD = range(8)
# What a call does: a training step, an evaluation step (forward and loss), or a prediction (forward).
TRAIN, EVALUATE, PREDICT = 0, 1, 2
FIELDS = 8
NO_BIAS = -1
# The losses a compiled step computes, by the Keras name of their kernel pair (ops/nn/losses.kernel_pair);
# the crossentropies also with their accuracy (ACCURATE).
LOSSES = ("mean_squared_error", "mean_absolute_error", "categorical_crossentropy",
          "categorical_crossentropy_from_logits", "binary_crossentropy", "binary_crossentropy_from_logits")
(MEAN_SQUARED, MEAN_ABSOLUTE, CATEGORICAL, CATEGORICAL_LOGITS, BINARY, BINARY_LOGITS) = range(len(LOSSES))
ACCURATE = (CATEGORICAL, CATEGORICAL_LOGITS, BINARY, BINARY_LOGITS)


# The activation of a layer by its code: Numba cannot index a tuple of kernels (kernels/dense.py's
# FORWARD, BACKWARD) with a code known only at run time, hence the branches.
def _forward_activation(code, z, bias):
    if code == activations.RELU:
        activations.dense_relu_forward(z, bias)
    elif code == activations.SIGMOID:
        activations.dense_sigmoid_forward(z, bias)
    elif code == activations.TANH:
        activations.dense_tanh_forward(z, bias)
    elif code == activations.SOFTMAX:
        activations.dense_softmax_forward(z, bias)
    else:
        activations.dense_linear_forward(z, bias)


def _backward_activation(code, y, dy, no_sums):
    if code == activations.RELU:
        return activations.dense_relu_backward(y, dy, no_sums)
    if code == activations.SIGMOID:
        return activations.dense_sigmoid_backward(y, dy, no_sums)
    if code == activations.TANH:
        return activations.dense_tanh_backward(y, dy, no_sums)
    if code == activations.SOFTMAX:
        return activations.dense_softmax_backward(y, dy, no_sums)
    return activations.dense_linear_backward(y, dy, no_sums)


forward_activation = compiled_as(_forward_activation, "dense_chain_forward_activation")
backward_activation = compiled_as(_backward_activation, "dense_chain_backward_activation")


def _product(blas, state, reals, a, a_transposed, b, b_transposed, out, split):
    """``out = a @ b`` (``a``, ``b`` given as stored, with their transposed flags, never both) as
    the ordinary path computes it: two row halves when ``split``, else ``fixed_order``'s blocks."""
    if split:
        share_product(blas, state, reals, a, a_transposed, b, b_transposed, out,
                      block_edges(a.shape[0] if a_transposed else a.shape[1]))
        return True
    if a_transposed:
        return blocked_product(blas, a.T, b, out)
    if b_transposed:
        return blocked_product(blas, a, b.T, out)
    return blocked_product(blas, a, b, out)


product = compiled_as(_product, "dense_chain_product")


@functools.cache
def step_kernel(loss, accuracy):
    """The compiled step for the loss ``LOSSES[loss]`` (the other losses' branches dropped),
    with each sample's accuracy from the same kernel call when ``accuracy`` (a crossentropy
    whose accuracy is among the compiled metrics: ``kernels/losses_accuracy.py``)."""

    def dense_chain_step(blas, state, reals, x, y, y_metric, values, grads, layout, epsilon, mode):
        """Forward, loss and backward of one batch (forward and loss when ``mode`` is
        ``EVALUATE``, forward alone for ``PREDICT``); returns ``(y_pred, loss, hits, True)``
        (``hits`` empty without ``accuracy``), or ``(..., False)`` if a product refused its
        layout (the caller then replays the ops).

        ``x``, ``y``: C-contiguous float32 batch arrays; ``y_metric``: the labels as the
        accuracy reads them; ``values``, ``grads``: the optimizer's flat buffers (each
        layer's gradients overwrite their part of ``grads``); ``state``, ``reals``: the
        two-core worker's words, or fresh ones.
        """
        batch, layers = x.shape[0], layout.shape[0]
        no_hits = np.empty(0, np.float32)
        # every layer's output, one after the other in one buffer (layer i's from starts[i])
        starts = np.empty(layers + 1, np.int64)
        starts[0] = 0
        for i in range(layers):
            starts[i + 1] = starts[i] + batch * layout[i, UNITS]
        outputs = np.empty(starts[layers], np.float32)
        h = x
        for i in range(layers):
            row = layout[i]
            fan_in, units = row[FAN_IN], row[UNITS]
            kernel = values[row[KERNEL]:row[KERNEL] + fan_in * units].reshape((fan_in, units))
            bias = values[:0] if row[BIAS] == NO_BIAS else values[row[BIAS]:row[BIAS] + units]
            z = outputs[starts[i]:starts[i + 1]].reshape((batch, units))
            if not product(blas, state, reals, h, False, kernel, False, z, row[SPLIT_FORWARD] != 0):
                return z, np.float32(0.0), no_hits, False
            forward_activation(row[ACTIVATION], z, bias)
            h = z
        y_pred = h
        if mode == PREDICT:
            return y_pred, np.float32(0.0), no_hits, True
        if accuracy and loss == CATEGORICAL:
            per_sample, hits = losses.categorical_crossentropy_accuracy_forward(y, y_metric, y_pred, epsilon)
        elif accuracy and loss == CATEGORICAL_LOGITS:
            per_sample, hits = losses.categorical_crossentropy_from_logits_accuracy_forward(y, y_metric, y_pred)
        elif accuracy and loss == BINARY:
            per_sample, hits = losses.binary_crossentropy_accuracy_forward(y, y_metric, y_pred, epsilon)
        elif accuracy:
            per_sample, hits = losses.binary_crossentropy_from_logits_accuracy_forward(y, y_metric, y_pred)
        elif loss == MEAN_SQUARED:
            per_sample = losses.mean_squared_error_forward(y, y_pred)
        elif loss == MEAN_ABSOLUTE:
            per_sample = losses.mean_absolute_error_forward(y, y_pred)
        elif loss == CATEGORICAL:
            per_sample = losses.categorical_crossentropy_forward(y, y_pred, epsilon)
        elif loss == CATEGORICAL_LOGITS:
            per_sample = losses.categorical_crossentropy_from_logits_forward(y, y_pred)
        elif loss == BINARY:
            per_sample = losses.binary_crossentropy_forward(y, y_pred, epsilon)
        else:
            per_sample = losses.binary_crossentropy_from_logits_forward(y, y_pred)
        if not accuracy:
            hits = no_hits
        # ops/numpy/reductions.Mean: NumPy's float32 sum divided by the count in float64
        mean = np.float32(np.float64(pairwise_sum(per_sample)) / np.float64(per_sample.size))
        if mode == EVALUATE:
            return y_pred, mean, hits, True
        dloss = np.empty(per_sample.size, np.float32)
        share = np.float32(1.0) / np.float32(per_sample.size)
        for i in range(dloss.size):
            dloss[i] = share
        if loss == MEAN_SQUARED:
            dy = losses.mean_squared_error_backward(y, y_pred, dloss)
        elif loss == MEAN_ABSOLUTE:
            dy = losses.mean_absolute_error_backward(y, y_pred, dloss)
        elif loss == CATEGORICAL:
            dy = losses.categorical_crossentropy_backward(y, y_pred, dloss, epsilon)
        elif loss == CATEGORICAL_LOGITS:
            dy = losses.categorical_crossentropy_from_logits_backward(y, y_pred, dloss)
        elif loss == BINARY:
            dy = losses.binary_crossentropy_backward(y, y_pred, dloss, epsilon)
        else:
            dy = losses.binary_crossentropy_from_logits_backward(y, y_pred, dloss)
        no_sums = np.zeros(0)  # the bias gradients are summed by bias_gradient below
        for i in range(layers - 1, -1, -1):
            row = layout[i]
            fan_in, units = row[FAN_IN], row[UNITS]
            kernel = values[row[KERNEL]:row[KERNEL] + fan_in * units].reshape((fan_in, units))
            output = outputs[starts[i]:starts[i + 1]].reshape((batch, units))
            below = x if i == 0 else outputs[starts[i - 1]:starts[i]].reshape((batch, fan_in))
            dz = backward_activation(row[ACTIVATION], output, dy, no_sums)
            if i > 0:
                dy = np.empty((batch, fan_in), np.float32)
                if not product(blas, state, reals, dz, False, kernel, True, dy, row[SPLIT_INPUT_GRAD] != 0):
                    return y_pred, np.float32(0.0), no_hits, False
            kernel_grad = grads[row[KERNEL]:row[KERNEL] + fan_in * units].reshape((fan_in, units))
            if not product(blas, state, reals, below, True, dz, False, kernel_grad,
                           row[SPLIT_KERNEL_GRAD] != 0):
                return y_pred, np.float32(0.0), no_hits, False
            if row[BIAS] != NO_BIAS:
                grads[row[BIAS]:row[BIAS] + units] = activations.bias_gradient(dz)
        return y_pred, mean, hits, True

    name = f"dense_chain_step_{LOSSES[loss]}{'_accuracy' if accuracy else ''}"
    return compiled_as(dense_chain_step, name)
