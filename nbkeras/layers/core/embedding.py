"""Embedding: turns integer tokens into dense vectors by looking up rows of a table."""

import functools
import warnings

import numpy as np

from nbkeras import constraints, initializers, regularizers
from nbkeras.layers.layer import Layer
from nbkeras.ops.host import replayed
from nbkeras.ops.nn.embedding import embedding_lookup
from nbkeras.ops.tensor import Tensor


class Embedding(Layer):
    """Turns non-negative integers (indexes) into dense vectors of fixed size.

    The table ``embeddings`` has shape ``(input_dim, output_dim)``; an input of
    shape ``(batch, time)`` gives ``(batch, time, output_dim)``.

    Args:
        input_dim: size of the vocabulary (largest index + 1).
        output_dim: size of each vector.
        embeddings_initializer: default ``"uniform"`` (U(-0.05, 0.05)).
        embeddings_regularizer, embeddings_constraint: as for Dense's kernel.
        mask_zero: index 0 is padding: the layer emits a mask ``inputs != 0`` that
            recurrent layers downstream use to skip those steps (then index 0
            cannot be a real token, so input_dim should be vocabulary + 1).
        weights: optional initial table ``[array]``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> layer = keras.layers.Embedding(10, 3, mask_zero=True)
        >>> layer(np.array([[4, 2, 0]])).shape
        (1, 3, 3)
        >>> layer.compute_mask(np.array([[4, 2, 0]]))
        array([[ True,  True, False]])
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs):
        input_length = kwargs.pop("input_length", None)
        if input_length is not None:
            warnings.warn(
                "Argument `input_length` is deprecated (Keras 3 ignores it). The sequence length "
                "comes from the data; to fix it in the model, start with "
                f"keras.Input(shape=({input_length},)).", UserWarning, stacklevel=2)
        super().__init__(**kwargs)
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Embedding: `{name}` must be a positive integer. Received: "
                                 f"{name}={value!r}. Example: Embedding(input_dim=1000, output_dim=16).")
        if lora_rank is not None or quantization_config is not None:
            raise ValueError("nbkeras's Embedding does not support LoRA or quantization.")
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.embeddings = None
        self._initial_weights = weights
        self.build()

    def build(self, input_shape=None):
        if self.embeddings is not None:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            name="embeddings", regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint)
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None
        self.built = True

    def call(self, inputs):
        data = inputs.data if isinstance(inputs, Tensor) else np.asarray(inputs)
        if data.dtype.kind == "f":
            # replayed: a replayed step (models/step_plan.py) checks its batch too
            replayed(functools.partial(_check_whole_numbers, self.name), Tensor.wrap(data))
            data = data.astype(np.int64)
        return embedding_lookup(Tensor.wrap(data), self.embeddings)

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        data = inputs.data if isinstance(inputs, Tensor) else np.asarray(inputs)
        return data != 0

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    @property
    def compute_dtype(self):
        return self.dtype

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                "embeddings_regularizer": None if self.embeddings_regularizer is None
                else regularizers.serialize(self.embeddings_regularizer),
                "activity_regularizer": None if self.activity_regularizer is None
                else regularizers.serialize(self.activity_regularizer),
                "embeddings_constraint": None if self.embeddings_constraint is None
                else constraints.serialize(self.embeddings_constraint),
                "mask_zero": self.mask_zero}


def _check_whole_numbers(layer_name, indices):
    if not np.all(indices == np.round(indices)):
        raise ValueError(f'Embedding "{layer_name}" expects integer token indices, received '
                         "non-integer floats. Convert the data with x.astype('int32').")
