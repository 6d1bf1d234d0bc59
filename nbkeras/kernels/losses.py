"""Loss kernels, Keras 3 formulas: a per-sample forward and its gradient w.r.t. ``y_pred``.

``NAME_forward(y_true, y_pred, *params)`` reduces the last axis and returns
one loss per sample, shape ``y_pred.shape[:-1]`` (a 0-d array for 1-D input).
Regression losses and binary crossentropy take the mean over the last axis,
categorical crossentropies the sum. ``NAME_backward(y_true, y_pred, dloss,
*params)`` takes ``dloss`` of that per-sample shape and returns
``d loss / d y_pred`` times ``dloss``, shaped like ``y_pred``.

Inputs are C-contiguous float32/float64 arrays; ``y_true`` has ``y_pred``'s
shape and dtype (sparse losses: class indices of shape ``y_pred.shape[:-1]``
stored as numbers, checked to lie in ``[0, classes)`` by the caller). The
caller also does label smoothing and shape fixes. ``epsilon`` is Keras'
fuzz factor (1e-7); clipping bounds are rounded to ``y_pred``'s dtype first,
as Keras does, because ``1 - 1e-7`` in float32 is ``1 - 1.19e-7``.

This module only gathers the kernels; each family lives in its own file:

* ``losses_regression`` - mean squared / absolute / absolute percentage / squared log error
* ``losses_binary_crossentropy`` - binary crossentropy, with a from_logits variant
* ``losses_categorical_crossentropy`` - categorical crossentropy, with a from_logits variant
* ``losses_sparse_crossentropy`` - the same with integer labels, with a from_logits variant
* ``losses_accuracy`` - the three crossentropies with the matching accuracy, in one call
"""

from nbkeras.kernels.helpers import cast_like
from nbkeras.kernels.losses_accuracy import (
    binary_crossentropy_accuracy_forward,
    binary_crossentropy_from_logits_accuracy_forward,
    categorical_crossentropy_accuracy_forward,
    categorical_crossentropy_from_logits_accuracy_forward,
    sparse_categorical_crossentropy_accuracy_forward,
    sparse_categorical_crossentropy_from_logits_accuracy_forward,
)
from nbkeras.kernels.losses_binary_crossentropy import (
    binary_crossentropy_backward,
    binary_crossentropy_forward,
    binary_crossentropy_from_logits_backward,
    binary_crossentropy_from_logits_forward,
)
from nbkeras.kernels.losses_categorical_crossentropy import (
    categorical_crossentropy_backward,
    categorical_crossentropy_forward,
    categorical_crossentropy_from_logits_backward,
    categorical_crossentropy_from_logits_forward,
)
from nbkeras.kernels.losses_regression import (
    mean_absolute_error_backward,
    mean_absolute_error_forward,
    mean_absolute_percentage_error_backward,
    mean_absolute_percentage_error_forward,
    mean_squared_error_backward,
    mean_squared_error_forward,
    mean_squared_logarithmic_error_backward,
    mean_squared_logarithmic_error_forward,
)
from nbkeras.kernels.losses_sparse_crossentropy import (
    class_index,
    sparse_categorical_crossentropy_backward,
    sparse_categorical_crossentropy_forward,
    sparse_categorical_crossentropy_from_logits_backward,
    sparse_categorical_crossentropy_from_logits_forward,
)

__all__ = [
    "mean_squared_error_forward", "mean_squared_error_backward",
    "mean_absolute_error_forward", "mean_absolute_error_backward",
    "mean_absolute_percentage_error_forward", "mean_absolute_percentage_error_backward",
    "mean_squared_logarithmic_error_forward", "mean_squared_logarithmic_error_backward",
    "binary_crossentropy_forward", "binary_crossentropy_backward",
    "binary_crossentropy_from_logits_forward", "binary_crossentropy_from_logits_backward",
    "categorical_crossentropy_forward", "categorical_crossentropy_backward",
    "categorical_crossentropy_from_logits_forward",
    "categorical_crossentropy_from_logits_backward",
    "sparse_categorical_crossentropy_forward", "sparse_categorical_crossentropy_backward",
    "sparse_categorical_crossentropy_from_logits_forward",
    "sparse_categorical_crossentropy_from_logits_backward",
    "categorical_crossentropy_accuracy_forward",
    "categorical_crossentropy_from_logits_accuracy_forward",
    "sparse_categorical_crossentropy_accuracy_forward",
    "sparse_categorical_crossentropy_from_logits_accuracy_forward",
    "binary_crossentropy_accuracy_forward", "binary_crossentropy_from_logits_accuracy_forward",
    # Helpers, public here before the split.
    "cast_like", "class_index",
]
