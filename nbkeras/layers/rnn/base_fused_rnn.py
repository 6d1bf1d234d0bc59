"""What SimpleRNN, LSTM and GRU share: a built-in cell, Keras's flat config, and the fused op."""

from nbkeras import activations
from nbkeras.layers.rnn.base_rnn_cell import cell_arguments
from nbkeras.layers.rnn.rnn import RNN
from nbkeras.ops.nn.recurrent import recurrent_sequence
from nbkeras import ops

_RNN_ARGUMENTS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll",
                  "zero_output_for_mask")
# The activation functions the recurrent kernels compute, by the names the op takes.
_FUSED_ACTIVATIONS = {activations.tanh: "tanh", activations.sigmoid: "sigmoid", activations.relu: "relu",
                      activations.linear: "linear", activations.hard_sigmoid: "hard_sigmoid"}
_CELL_ATTRIBUTES = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                    "recurrent_initializer", "bias_initializer", "unit_forget_bias",
                    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                    "recurrent_dropout", "reset_after", "seed")


class FusedRNN(RNN):
    """An RNN whose cell is one of nbkeras's own: it runs as ONE op per call.

    Subclasses set ``cell_class``, ``cell_name`` and ``op_class``, and say in
    ``fusable()`` when the fused kernels apply (activations tanh, sigmoid, relu,
    linear or hard_sigmoid); any other setting runs the cell step by step with
    the same numbers.
    """

    cell_class = None
    cell_name = None
    op_class = None

    def __init__(self, units, *, cell_kwargs, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, zero_output_for_mask=False,
                 use_cudnn="auto", **kwargs):
        cell = self.cell_class(units, dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
                               name=self.cell_name, **cell_kwargs)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         zero_output_for_mask=zero_output_for_mask, **kwargs)
        self.use_cudnn = use_cudnn

    def __getattr__(self, name):
        # units, activation, dropout, ... live on the cell, as in Keras (layer.units works).
        if name in _CELL_ATTRIBUTES and "cell" in self.__dict__:
            return getattr(self.__dict__["cell"], name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def fusable(self):
        return type(self.cell) is self.cell_class and None not in self.fused_activations().values()

    def fused_activations(self):
        """The op's ``activation`` and ``recurrent_activation`` names (None: the kernels lack one)."""
        cell = self.cell
        return {"activation": _FUSED_ACTIVATIONS.get(cell.activation),
                "recurrent_activation": _FUSED_ACTIVATIONS.get(getattr(cell, "recurrent_activation",
                                                                       activations.sigmoid))}

    def fused_call(self, sequences, states, mask, training):
        if not self.fusable() or sequences.data.dtype.kind != "f":
            return None
        cell = self.cell
        batch, _, features = sequences.shape
        x = sequences
        cell.configure_dropout(batch, features, x.data.dtype, training)
        if cell._dropout_mask is not None:
            x = ops.multiply(x, cell._dropout_mask[:, None, :])
        recurrent_mask = cell._recurrent_dropout_mask
        cell.reset_dropout()
        results = recurrent_sequence(self.op_class, x, cell.kernel, cell.recurrent_kernel, cell.bias,
                                     states, mask, recurrent_mask, go_backwards=self.go_backwards,
                                     return_sequences=self.return_sequences,
                                     zero_output_for_mask=self.zero_output_for_mask, **self.fused_activations())
        return results[0], list(results[1:])

    def get_config(self):
        config = super(RNN, self).get_config()
        config.update({name: getattr(self, name) for name in _RNN_ARGUMENTS})
        config.update(cell_arguments(self.cell))
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config.pop("cell", None)
        return cls(**config)
