"""StringLookup: strings to integer indices (and back with ``invert=True``)."""

from nbkeras.layers.preprocessing.base_index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps string tokens to indices from a vocabulary (given, or learned by ``adapt``).

    Args:
        max_tokens: the largest vocabulary (special tokens included), or None.
        num_oov_indices: indices for unknown tokens (1; nbkeras supports 0 or 1 for strings).
        mask_token: a token that maps to 0 (padding), or None.
        oov_token: the token returned for unknown indices when ``invert=True``.
        vocabulary: a list of tokens, or None to ``adapt``.
        idf_weights: with ``output_mode="tf_idf"`` and a given vocabulary.
        invert: map indices back to tokens.
        output_mode: ``"int"``, ``"one_hot"``, ``"multi_hot"``, ``"count"`` or ``"tf_idf"``.
        pad_to_max_tokens: vector outputs have ``max_tokens`` entries.

    Example:
        >>> layer = StringLookup(vocabulary=["a", "b", "c"])
        >>> layer([["a", "c"], ["d", "b"]]).numpy()
        array([[1, 3],
               [0, 2]])
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, salt=None,
                 **kwargs):
        kwargs.pop("vocabulary_dtype", None)
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary_dtype="string",
                         vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens,
                         sparse=sparse, name=name, salt=salt, **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["vocabulary_dtype"]  # strings only, as in Keras
        return {**config, "encoding": self.encoding}
