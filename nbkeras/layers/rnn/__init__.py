"""Recurrent layers: SimpleRNN, LSTM, GRU, their cells, RNN(cell), Bidirectional, TimeDistributed."""
