"""SeparableConv2D: a depthwise convolution followed by a 1x1 (pointwise) convolution."""

from nbkeras.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class SeparableConv2D(BaseDepthwiseConv):
    """Separable 2-D convolution: per-channel filters, then a pointwise mix into ``filters``.

    Weights, in Keras order: ``depthwise_kernel`` ``(*kernel_size, channels, depth_multiplier)``,
    ``pointwise_kernel`` ``(2*(1,) + (channels * depth_multiplier, filters))``, ``bias``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> keras.layers.SeparableConv2D(6, 3)(np.ones((1, 5, 5, 4))).shape
        (1, 3, 3, 6)
    """

    rank = 2
    separable = True

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, pointwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides=strides, padding=padding,
                         depth_multiplier=depth_multiplier, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                         depthwise_initializer=depthwise_initializer,
                         bias_initializer=bias_initializer,
                         depthwise_regularizer=depthwise_regularizer,
                         bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint,
                         filters=filters, pointwise_initializer=pointwise_initializer,
                         pointwise_regularizer=pointwise_regularizer,
                         pointwise_constraint=pointwise_constraint, **kwargs)
