"""Per-sample losses computed by a (forward, backward) kernel pair from ``nbkeras.kernels.losses``."""

import functools

import numpy as np

from nbkeras.ops.op import Op


class LossKernelOp(Op):
    """Per-sample loss from a kernel pair; the gradient flows to ``y_pred`` only."""

    def forward(self, y_true, y_pred, forward_kernel, backward_kernel, params):
        self.y_true = np.ascontiguousarray(y_true)
        self.y_pred = np.ascontiguousarray(y_pred)
        self.backward_kernel, self.params = backward_kernel, params
        return forward_kernel(self.y_true, self.y_pred, *params)

    def backward(self, dloss):
        grad = self.backward_kernel(self.y_true, self.y_pred, np.ascontiguousarray(dloss), *self.params)
        return None, grad


class LossAccuracyOp(LossKernelOp):
    """A LossKernelOp whose forward kernel also gives each sample's accuracy (``hits``).

    ``y_metric`` (the labels as the accuracy metric reads them) is an input, not
    an attribute, so a replayed op reads the new batch's labels. The hits go to
    ``sink(y_metric, y_pred, hits)`` with the arrays this forward received, so a
    replayed step hands over the hits of its own batch; the loss and its gradient
    are those of LossKernelOp.
    """

    def forward(self, y_true, y_pred, y_metric, forward_kernel, backward_kernel, params, sink):
        self.y_true = np.ascontiguousarray(y_true)
        self.y_pred = np.ascontiguousarray(y_pred)
        self.backward_kernel, self.params = backward_kernel, params
        loss, hits = forward_kernel(self.y_true, np.ascontiguousarray(y_metric), self.y_pred, *params)
        sink(y_metric, y_pred, hits)
        return loss

    def backward(self, dloss):
        return super().backward(dloss) + (None,)


@functools.cache
def kernel_pair(loss_name):
    """The (forward, backward) kernels of a Keras loss name such as ``"mean_squared_error"``.

    Raises:
        KeyError: for a loss that has no kernel pair.
    """
    from nbkeras.kernels import losses as k  # deferred: importing kernels loads Numba

    return {
        "mean_squared_error": (k.mean_squared_error_forward, k.mean_squared_error_backward),
        "mean_absolute_error": (k.mean_absolute_error_forward, k.mean_absolute_error_backward),
        "mean_absolute_percentage_error": (k.mean_absolute_percentage_error_forward,
                                           k.mean_absolute_percentage_error_backward),
        "mean_squared_logarithmic_error": (k.mean_squared_logarithmic_error_forward,
                                           k.mean_squared_logarithmic_error_backward),
        "binary_crossentropy": (k.binary_crossentropy_forward, k.binary_crossentropy_backward),
        "binary_crossentropy_from_logits": (k.binary_crossentropy_from_logits_forward,
                                            k.binary_crossentropy_from_logits_backward),
        "categorical_crossentropy": (k.categorical_crossentropy_forward,
                                     k.categorical_crossentropy_backward),
        "categorical_crossentropy_from_logits": (k.categorical_crossentropy_from_logits_forward,
                                                 k.categorical_crossentropy_from_logits_backward),
        "sparse_categorical_crossentropy": (k.sparse_categorical_crossentropy_forward,
                                            k.sparse_categorical_crossentropy_backward),
        "sparse_categorical_crossentropy_from_logits": (
            k.sparse_categorical_crossentropy_from_logits_forward,
            k.sparse_categorical_crossentropy_from_logits_backward),
    }[loss_name]


@functools.cache
def accuracy_kernel(loss_name):
    """The forward kernel of ``loss_name`` that also returns the matching accuracy hits.

    Raises:
        KeyError: for a loss without one (only the crossentropies have one).
    """
    from nbkeras.kernels import losses as k  # deferred: importing kernels loads Numba

    return getattr(k, f"{loss_name}_accuracy_forward")


def per_sample_loss_and_accuracy(loss_name, y_true, y_pred, y_metric, sink, *params):
    """``per_sample_loss`` that also hands each sample's accuracy to ``sink(y_metric, y_pred, hits)``.

    Args:
        loss_name: a crossentropy, e.g. ``"categorical_crossentropy_from_logits"``.
        y_true, y_pred: Tensors of checked labels and predictions.
        y_metric: the labels as the accuracy metric reads them (see ``kernels.losses_accuracy``).
        sink: called with the arrays of ``y_metric`` and ``y_pred`` and the float32 hits,
            shape ``y_pred.shape[:-1]``.
        *params: extra kernel arguments (epsilon).
    """
    return LossAccuracyOp.apply(y_true, y_pred, y_metric, forward_kernel=accuracy_kernel(loss_name),
                                backward_kernel=kernel_pair(loss_name)[1], params=params, sink=sink)


def per_sample_loss(loss_name, y_true, y_pred, *params):
    """One loss value per sample (the last axis reduced) by the kernels of ``loss_name``.

    Args:
        loss_name: e.g. ``"binary_crossentropy"`` (see ``kernel_pair``).
        y_true, y_pred: Tensors of checked labels and predictions.
        *params: extra kernel arguments (epsilon).
    """
    forward_kernel, backward_kernel = kernel_pair(loss_name)
    return LossKernelOp.apply(y_true, y_pred, forward_kernel=forward_kernel,
                              backward_kernel=backward_kernel, params=params)
