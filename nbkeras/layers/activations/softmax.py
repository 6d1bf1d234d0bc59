"""Softmax: ``exp(x) / sum(exp(x))`` along ``axis``, with an optional mask."""

from nbkeras import ops
from nbkeras.layers.layer import Layer
from nbkeras.ops.tensor import as_tensor

# Keras adds this to masked-out logits so they get (almost) no probability.
_MASKED_LOGIT = -1e9


class Softmax(Layer):
    """Softmax activation as a layer.

    Args:
        axis: the axis (or tuple of axes) to normalize over; default -1.

    Call arguments:
        inputs: the logits.
        mask: optional boolean mask of the same shape; False entries get
            (almost) zero probability.

    Example:
        >>> import nbkeras as keras
        >>> keras.layers.Softmax()(keras.ops.convert_to_tensor([[1.0, 1.0]])).numpy().tolist()
        [[0.5, 0.5]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = ops.convert_to_numpy(mask)
            offset = (1.0 - mask.astype(as_tensor(inputs).data.dtype)) * _MASKED_LOGIT
            inputs = ops.add(inputs, offset)
        if isinstance(self.axis, (tuple, list)):
            if len(self.axis) > 1:
                return ops.exp(ops.subtract(inputs, _logsumexp(inputs, tuple(self.axis))))
            return ops.softmax(inputs, axis=self.axis[0])
        return ops.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def _logsumexp(x, axis):
    x = as_tensor(x)
    peak = x.data.max(axis=axis, keepdims=True)
    return ops.add(ops.log(ops.sum(ops.exp(ops.subtract(x, peak)), axis=axis, keepdims=True)), peak)
