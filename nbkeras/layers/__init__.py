"""``keras.layers``: the building blocks of models."""

from nbkeras.layers.core.activation import Activation
from nbkeras.layers.core.dense import Dense
from nbkeras.layers.core.input_layer import Input, InputLayer
from nbkeras.layers.core.lambda_layer import Lambda
from nbkeras.layers.layer import Layer
from nbkeras.layers.merging import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply,
                                    Subtract)
from nbkeras.layers.preprocessing import (CategoryEncoding, CenterCrop, Discretization, Hashing,
                                          IntegerLookup, Normalization, RandomBrightness,
                                          RandomContrast, RandomCrop, RandomFlip, RandomRotation,
                                          RandomTranslation, RandomZoom, Rescaling, Resizing,
                                          StringLookup, TextVectorization)
from nbkeras.layers.regularization import (ActivityRegularization, AlphaDropout, Dropout,
                                           GaussianDropout, GaussianNoise, SpatialDropout1D,
                                           SpatialDropout2D)
from nbkeras.layers.reshaping.flatten import Flatten
from nbkeras.layers.reshaping.permute import Permute
from nbkeras.layers.reshaping.repeat_vector import RepeatVector
from nbkeras.layers.reshaping.reshape import Reshape

__all__ = ["Activation", "ActivityRegularization", "Add", "AlphaDropout", "Average", "Concatenate",
           "Dense", "Dot", "Dropout", "Flatten", "GaussianDropout", "GaussianNoise", "Input",
           "InputLayer", "Lambda", "Layer", "Maximum", "Minimum", "Multiply", "Permute",
           "RepeatVector", "Reshape", "SpatialDropout1D", "SpatialDropout2D", "Subtract"]
__all__ += ["CategoryEncoding", "CenterCrop", "Discretization", "Hashing", "IntegerLookup",
            "Normalization", "RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
            "RandomRotation", "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
            "StringLookup", "TextVectorization"]  # preprocessing layers


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
