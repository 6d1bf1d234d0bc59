"""Shared parts of UpSampling, ZeroPadding and Cropping: per-axis pairs and channels_first."""

from nbkeras.layers.convolutional.base_conv import (check_input_rank, from_channels_last,
                                                    output_batch_shape, spatial_and_channels,
                                                    standardize_data_format, to_channels_last)
from nbkeras.layers.layer import Layer


def pairs(value, rank, name, layer_name):
    """An int, a pair, or ``rank`` pairs as ``((before, after), ...)`` (Keras's forms)."""
    if isinstance(value, int):
        result = ((value, value),) * rank
    elif rank == 1 and len(value) == 2 and all(isinstance(v, int) for v in value):
        result = (tuple(value),)
    elif len(value) == rank and all(isinstance(v, int) for v in value):
        result = tuple((v, v) for v in value)
    elif len(value) == rank:
        result = tuple(tuple(v) for v in value)
    else:
        raise ValueError(f"{layer_name}: `{name}` should be an int, a tuple of {rank} ints or "
                         f"{rank} pairs of ints. Received: {name}={value!r}")
    if any(len(p) != 2 or min(p) < 0 for p in result):
        raise ValueError(f"{layer_name}: `{name}` must hold non-negative pairs. Received: {name}={value!r}")
    return result


class SpatialLayer(Layer):
    """Runs ``transform`` on a channels-last view; ``new_size(size, axis)`` gives the shape."""

    rank = 2

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.built = True

    def call(self, inputs):
        check_input_rank(self, inputs, self.rank)
        return from_channels_last(self.transform(to_channels_last(inputs, self.data_format)),
                                  self.data_format)

    def compute_output_shape(self, input_shape):
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        out = [None if size is None else self.new_size(size, axis) for axis, size in enumerate(spatial)]
        return output_batch_shape(input_shape[0], out, channels, self.data_format)
