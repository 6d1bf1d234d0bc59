"""CategoryEncoding: integer categories to one-hot, multi-hot or count vectors."""

from nbkeras.layers.preprocessing.base_preprocessing import (DataLayer, categorical_output_shape,
                                                             encode_categorical, to_numpy)
from nbkeras.ops.tensor import Tensor


class CategoryEncoding(DataLayer):
    """Encodes integer features in ``[0, num_tokens)`` as dense vectors.

    Args:
        num_tokens: the number of categories.
        output_mode: ``"one_hot"`` (one vector per value), ``"multi_hot"`` (one vector
            per sample, 1 where a category occurs) or ``"count"`` (how often).
        sparse: accepted for Keras compatibility; must be False (dense only).

    Example:
        >>> CategoryEncoding(num_tokens=4, output_mode="one_hot")([3, 2, 0]).numpy()
        array([[0., 0., 0., 1.],
               [0., 0., 1., 0.],
               [1., 0., 0., 0.]], dtype=float32)
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of tokens "
                             "is not known beforehand, use the IntegerLookup layer instead.")
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise ValueError("nbkeras has no sparse tensors: use sparse=False.")
        self.num_tokens, self.output_mode, self.sparse = int(num_tokens), output_mode, sparse
        self.built = True

    def call(self, inputs, count_weights=None):
        if count_weights is not None and self.output_mode != "count":
            raise ValueError("`count_weights` is not used when `output_mode` is not `'count'`. "
                             f"Received `count_weights={count_weights}`.")
        indices = to_numpy(inputs)
        weights = None if count_weights is None else to_numpy(count_weights)
        return Tensor(encode_categorical(indices, self.output_mode, self.num_tokens, self.dtype,
                                         weights))

    def compute_output_shape(self, input_shape):
        return categorical_output_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode}
