"""Convolution layers: Conv1D/2D/3D, the 1-D and 2-D transposes, depthwise and separable convolutions."""

from nbkeras.layers.convolutional.conv1d import Conv1D
from nbkeras.layers.convolutional.conv1d_transpose import Conv1DTranspose
from nbkeras.layers.convolutional.conv2d import Conv2D
from nbkeras.layers.convolutional.conv2d_transpose import Conv2DTranspose
from nbkeras.layers.convolutional.conv3d import Conv3D
from nbkeras.layers.convolutional.depthwise_conv1d import DepthwiseConv1D
from nbkeras.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
from nbkeras.layers.convolutional.separable_conv1d import SeparableConv1D
from nbkeras.layers.convolutional.separable_conv2d import SeparableConv2D

__all__ = ["Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D", "DepthwiseConv1D",
           "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D"]
