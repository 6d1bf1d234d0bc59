"""``keras.layers``: the building blocks of models."""

from nbkeras.layers.core.activation import Activation
from nbkeras.layers.core.dense import Dense
from nbkeras.layers.core.embedding import Embedding
from nbkeras.layers.core.input_layer import Input, InputLayer
from nbkeras.layers.core.lambda_layer import Lambda
from nbkeras.layers.core.mask_operations import Any, NotEqual  # noqa: F401 (Keras mask nodes in configs)
from nbkeras.layers.core.masking import Masking
from nbkeras.layers.layer import Layer
from nbkeras.layers.merging import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply,
                                    Subtract)
from nbkeras.layers.regularization import (ActivityRegularization, AlphaDropout, Dropout,
                                           GaussianDropout, GaussianNoise, SpatialDropout1D,
                                           SpatialDropout2D)
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

__all__ = ["Bidirectional", "Embedding", "GRU", "GRUCell", "LSTM", "LSTMCell", "Masking", "RNN",
           "SimpleRNN", "SimpleRNNCell", "StackedRNNCells", "TimeDistributed",
           "Activation", "ActivityRegularization", "Add", "AlphaDropout", "Average", "Concatenate",
           "Dense", "Dot", "Dropout", "Flatten", "GaussianDropout", "GaussianNoise", "Input",
           "InputLayer", "Lambda", "Layer", "Maximum", "Minimum", "Multiply", "Permute",
           "RepeatVector", "Reshape", "SpatialDropout1D", "SpatialDropout2D", "Subtract"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
