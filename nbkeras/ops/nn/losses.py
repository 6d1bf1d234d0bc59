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
