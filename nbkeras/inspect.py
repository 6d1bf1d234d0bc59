"""``nbkeras.inspect``: what happens inside a layer, as arrays (the displays draw them).

* ``lstm_gates(layer, x)`` - input, forget, output gates, cell candidate, cell and
  hidden state of an LSTM at every step, ``(batch, time, units)`` each
* ``gru_gates(layer, x)`` - update and reset gates, candidate, hidden state
* ``simple_rnn_states(layer, x)`` - the hidden state of a SimpleRNN
* ``recurrent_states(layer, x)`` - whichever of the three the layer is

``nbkeras.display.gates(model, x)`` draws them as heatmaps.
"""

from nbkeras.layers.rnn.gate_views import (GRU_VIEWS, LSTM_VIEWS, SIMPLE_RNN_VIEWS, gru_gates,
                                           lstm_gates, recurrent_states, simple_rnn_states)

__all__ = ["GRU_VIEWS", "LSTM_VIEWS", "SIMPLE_RNN_VIEWS", "gru_gates", "lstm_gates", "recurrent_states",
           "simple_rnn_states"]
