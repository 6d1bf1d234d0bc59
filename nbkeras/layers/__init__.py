"""``keras.layers``: the building blocks of models."""

from nbkeras.layers.activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from nbkeras.layers.convolutional import (Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D,
                                          DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D,
                                          SeparableConv2D)
from nbkeras.layers.core.activation import Activation
from nbkeras.layers.core.dense import Dense
from nbkeras.layers.core.embedding import Embedding
from nbkeras.layers.core.identity import Identity
from nbkeras.layers.core.input_layer import Input, InputLayer
from nbkeras.layers.core.lambda_layer import Lambda
from nbkeras.layers.core.mask_operations import Any, NotEqual  # noqa: F401 (Keras mask nodes in configs)
from nbkeras.layers.core.masking import Masking
from nbkeras.layers.layer import Layer
from nbkeras.layers.merging import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply,
                                    Subtract, add, average, concatenate, dot, maximum, minimum,
                                    multiply, subtract)
from nbkeras.layers.normalization import (BatchNormalization, GroupNormalization,
                                          LayerNormalization, RMSNormalization, UnitNormalization)
from nbkeras.layers.pooling import (AveragePooling1D, AveragePooling2D, AveragePooling3D,
                                    GlobalAveragePooling1D, GlobalAveragePooling2D,
                                    GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D,
                                    GlobalMaxPooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D)
from nbkeras.layers.preprocessing import (CategoryEncoding, CenterCrop, Discretization, Hashing,
                                          IntegerLookup, Normalization, RandomBrightness,
                                          RandomContrast, RandomCrop, RandomFlip, RandomRotation,
                                          RandomTranslation, RandomZoom, Rescaling, Resizing,
                                          StringLookup, TextVectorization)
from nbkeras.layers.regularization import (ActivityRegularization, AlphaDropout, Dropout,
                                           GaussianDropout, GaussianNoise, SpatialDropout1D,
                                           SpatialDropout2D, SpatialDropout3D)
from nbkeras.layers.reshaping.cropping1d import Cropping1D
from nbkeras.layers.reshaping.cropping2d import Cropping2D
from nbkeras.layers.reshaping.flatten import Flatten
from nbkeras.layers.rnn.bidirectional import Bidirectional
from nbkeras.layers.rnn.gru import GRU
from nbkeras.layers.rnn.gru_cell import GRUCell
from nbkeras.layers.rnn.lstm import LSTM
from nbkeras.layers.rnn.lstm_cell import LSTMCell
from nbkeras.layers.rnn.rnn import RNN
from nbkeras.layers.rnn.simple_rnn import SimpleRNN
from nbkeras.layers.rnn.simple_rnn_cell import SimpleRNNCell
from nbkeras.layers.rnn.stacked_rnn_cells import StackedRNNCells
from nbkeras.layers.rnn.time_distributed import TimeDistributed
from nbkeras.layers.reshaping.permute import Permute
from nbkeras.layers.reshaping.repeat_vector import RepeatVector
from nbkeras.layers.reshaping.reshape import Reshape
from nbkeras.layers.reshaping.up_sampling1d import UpSampling1D
from nbkeras.layers.reshaping.up_sampling2d import UpSampling2D
from nbkeras.layers.reshaping.zero_padding1d import ZeroPadding1D
from nbkeras.layers.reshaping.zero_padding2d import ZeroPadding2D

# Keras's aliases.
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution1DTranspose, Convolution2DTranspose = Conv1DTranspose, Conv2DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D = MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
MaxPool3D, AvgPool3D = MaxPooling3D, AveragePooling3D
GlobalMaxPool3D, GlobalAvgPool3D = GlobalMaxPooling3D, GlobalAveragePooling3D

__all__ = ["Bidirectional", "Embedding", "GRU", "GRUCell", "LSTM", "LSTMCell", "Masking", "RNN",
           "SimpleRNN", "SimpleRNNCell", "StackedRNNCells", "TimeDistributed",
           "Activation", "ActivityRegularization", "Add", "AlphaDropout", "Average", "Concatenate",
           "Dense", "Dot", "Dropout", "Flatten", "GaussianDropout", "GaussianNoise", "Input",
           "InputLayer", "Lambda", "Layer", "Maximum", "Minimum", "Multiply", "Permute",
           "RepeatVector", "Reshape", "SpatialDropout1D", "SpatialDropout2D", "Subtract",
           "ELU", "Identity", "LeakyReLU", "PReLU", "ReLU", "Softmax", "SpatialDropout3D",
           "UnitNormalization", "add", "average", "concatenate", "dot", "maximum", "minimum",
           "multiply", "subtract"]
# Convolutional networks (issue 13).
__all__ += ["AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D", "BatchNormalization",
            "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Convolution1D",
            "Convolution1DTranspose", "Convolution2D", "Convolution2DTranspose", "Cropping1D",
            "Cropping2D", "DepthwiseConv1D", "DepthwiseConv2D", "GlobalAveragePooling1D",
            "GlobalAveragePooling2D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D",
            "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GroupNormalization",
            "LayerNormalization", "MaxPool1D", "MaxPool2D", "MaxPooling1D", "MaxPooling2D",
            "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D",
            "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D", "Conv3D", "Convolution3D",
            "AveragePooling3D", "AvgPool3D", "GlobalAveragePooling3D", "GlobalAvgPool3D",
            "GlobalMaxPool3D", "GlobalMaxPooling3D", "MaxPool3D", "MaxPooling3D", "RMSNormalization"]
__all__ += ["CategoryEncoding", "CenterCrop", "Discretization", "Hashing", "IntegerLookup",
            "Normalization", "RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
            "RandomRotation", "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
            "StringLookup", "TextVectorization"]  # preprocessing layers


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules


def __getattr__(name):
    """``keras.layers.ConvLSTM2D`` and other missing names: say what exists instead."""
    from nbkeras.layers.missing import missing_layer

    raise missing_layer(name, __all__)
