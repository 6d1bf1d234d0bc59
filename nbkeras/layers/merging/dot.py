"""Dot: the dot product of two tensors along chosen axes, per sample."""

from nbkeras import ops
from nbkeras.layers.merging.base_merge import Merge


class Dot(Merge):
    """Per-sample dot product of two tensors of rank 2 or 3.

    For ``(batch, n)`` inputs the output is ``(batch, 1)``; for ``(batch, a, k)``
    and ``(batch, k, b)`` with ``axes=(2, 1)`` it is ``(batch, a, b)``.

    Args:
        axes: the axis (or a pair of axes, one per input) to sum over.
        normalize: L2-normalize both inputs along ``axes`` first (the
            result is then the cosine similarity).

    Example:
        >>> import nbkeras as keras
        >>> a, b = keras.Input(shape=(4,)), keras.Input(shape=(4,))
        >>> keras.layers.Dot(axes=1)([a, b]).shape
        (None, 1)
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int) and not (isinstance(axes, (list, tuple)) and len(axes) == 2):
            raise TypeError(f"Dot '{self.name}': invalid type for argument `axes`: it should be "
                            f"an int or a list/tuple of two ints. Received: axes={axes}")
        self.axes = axes
        self.normalize = normalize

    def _pair(self, shapes):
        axes = [self.axes, self.axes] if isinstance(self.axes, int) else list(self.axes)
        return [a % len(s) for a, s in zip(axes, shapes)]

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        if len(input_shape) != 2:
            raise ValueError(f"A `Dot` layer ('{self.name}') should be called on exactly 2 "
                             f"inputs. Received: input_shape={input_shape}")
        shape_a, shape_b = (list(s) for s in input_shape)
        if len(shape_a) not in (2, 3) or len(shape_b) not in (2, 3):
            raise ValueError(f"Dot '{self.name}': nbkeras supports inputs of rank 2 or 3. "
                             f"Received: input_shape={input_shape}")
        axis_a, axis_b = self._pair([shape_a, shape_b])
        if None not in (shape_a[axis_a], shape_b[axis_b]) and shape_a[axis_a] != shape_b[axis_b]:
            raise ValueError(
                f"Dot '{self.name}': incompatible input shapes: shape_a[{axis_a}] = "
                f"{shape_a[axis_a]} but shape_b[{axis_b}] = {shape_b[axis_b]}. Received: "
                f"input_shape={input_shape}")
        rest = [d for i, d in enumerate(shape_a) if i not in (0, axis_a)]
        rest += [d for i, d in enumerate(shape_b) if i not in (0, axis_b)]
        return tuple([shape_a[0]] + (rest or [1]))

    def _merge_function(self, inputs):
        x, y = inputs
        axis_x, axis_y = self._pair([x.shape, y.shape])
        if self.normalize:
            x, y = _l2_normalize(x, axis_x), _l2_normalize(y, axis_y)
        if x.ndim == 2 and y.ndim == 2:
            return ops.sum(ops.multiply(x, y), axis=1, keepdims=True)
        # Move the summed axis of x last and of y to position 1, then batch-matmul.
        x = _expand_to_3d(x, last=True) if x.ndim == 2 else x
        y = _expand_to_3d(y, last=False) if y.ndim == 2 else y
        if axis_x != x.ndim - 1:
            x = ops.transpose(x, (0, 2, 1))
        if axis_y != 1:
            y = ops.transpose(y, (0, 2, 1))
        out = ops.matmul(x, y)
        return ops.reshape(out, (out.shape[0],) + self.compute_output_shape(
            [tuple(inputs[0].shape), tuple(inputs[1].shape)])[1:])

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def _expand_to_3d(x, last):
    return ops.expand_dims(x, 1 if last else 2)


def _l2_normalize(x, axis):
    squared = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.divide(x, ops.sqrt(ops.maximum(squared, 1e-12)))
