"""``keras.layers``: the building blocks of models."""

from nbkeras.layers.core.activation import Activation
from nbkeras.layers.core.dense import Dense
from nbkeras.layers.core.input_layer import Input, InputLayer
from nbkeras.layers.layer import Layer
from nbkeras.layers.reshaping.flatten import Flatten

__all__ = ["Activation", "Dense", "Flatten", "Input", "InputLayer", "Layer"]
