"""``keras.layers``: the building blocks of models."""

from nbkeras.layers.activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from nbkeras.layers.core.activation import Activation
from nbkeras.layers.core.dense import Dense
from nbkeras.layers.core.identity import Identity
from nbkeras.layers.core.input_layer import Input, InputLayer
from nbkeras.layers.core.lambda_layer import Lambda
from nbkeras.layers.layer import Layer
from nbkeras.layers.merging import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply,
                                    Subtract, add, average, concatenate, dot, maximum, minimum,
                                    multiply, subtract)
from nbkeras.layers.normalization import UnitNormalization
from nbkeras.layers.regularization import (ActivityRegularization, AlphaDropout, Dropout,
                                           GaussianDropout, GaussianNoise, SpatialDropout1D,
                                           SpatialDropout2D, SpatialDropout3D)
from nbkeras.layers.reshaping.flatten import Flatten
from nbkeras.layers.reshaping.permute import Permute
from nbkeras.layers.reshaping.repeat_vector import RepeatVector
from nbkeras.layers.reshaping.reshape import Reshape

__all__ = ["Activation", "ActivityRegularization", "Add", "AlphaDropout", "Average", "Concatenate",
           "Dense", "Dot", "Dropout", "Flatten", "GaussianDropout", "GaussianNoise", "Input",
           "InputLayer", "Lambda", "Layer", "Maximum", "Minimum", "Multiply", "Permute",
           "RepeatVector", "Reshape", "SpatialDropout1D", "SpatialDropout2D", "Subtract",
           "ELU", "Identity", "LeakyReLU", "PReLU", "ReLU", "Softmax", "SpatialDropout3D",
           "UnitNormalization", "add", "average", "concatenate", "dot", "maximum", "minimum",
           "multiply", "subtract"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules


def __getattr__(name):
    """``keras.layers.Conv3D`` and other missing names: say what exists instead."""
    from nbkeras.layers.missing import missing_layer

    raise missing_layer(name, __all__)
