"""``keras.layers``: the building blocks of models."""

from nbkeras.layers.core.activation import Activation
from nbkeras.layers.core.dense import Dense
from nbkeras.layers.core.input_layer import Input, InputLayer
from nbkeras.layers.layer import Layer
from nbkeras.layers.regularization import (ActivityRegularization, AlphaDropout, Dropout,
                                           GaussianDropout, GaussianNoise, SpatialDropout1D,
                                           SpatialDropout2D)
from nbkeras.layers.reshaping.flatten import Flatten

__all__ = ["Activation", "ActivityRegularization", "AlphaDropout", "Dense", "Dropout", "Flatten",
           "GaussianDropout", "GaussianNoise", "Input", "InputLayer", "Layer", "SpatialDropout1D",
           "SpatialDropout2D"]
