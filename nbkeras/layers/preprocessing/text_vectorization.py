"""TextVectorization: sentences to token indices or bag-of-words vectors, in pure Python.

Keras 3 needs TensorFlow for this layer; nbkeras follows its documented steps
with Python strings: standardize (ASCII lower-casing as ``tf.strings.lower``,
then removal of ``!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'``), split on ASCII
whitespace (or into characters), optional n-grams joined by a space, then a
StringLookup with ``mask_token=""`` (index 0) and ``"[UNK]"`` (index 1).
"""

import re

import numpy as np

from nbkeras.layers.preprocessing.base_preprocessing import DataLayer, is_text, iter_batches
from nbkeras.layers.preprocessing.string_lookup import StringLookup
from nbkeras.ops.tensor import Tensor

PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")


class TextVectorization(DataLayer):
    """Turns raw strings into integer sequences or vectors.

    Args:
        max_tokens: vocabulary size limit (special tokens included).
        standardize: ``"lower_and_strip_punctuation"``, ``"lower"``,
            ``"strip_punctuation"``, None, or a function on a NumPy array of str.
        split: ``"whitespace"``, ``"character"``, None, or a function str -> list of tokens.
        ngrams: None, an int n (all 1..n-grams) or a tuple of widths.
        output_mode: ``"int"``, ``"multi_hot"``, ``"count"`` or ``"tf_idf"``.
        output_sequence_length: pad (with 0) or cut every ``int`` output to this length.
        pad_to_max_tokens: vector outputs have ``max_tokens`` entries.
        vocabulary, idf_weights: a given vocabulary instead of ``adapt``.

    Example:
        >>> layer = TextVectorization(output_sequence_length=4)
        >>> layer.adapt(["The cat sat.", "The dog sat on the cat!"])
        >>> layer.get_vocabulary()
        ['', '[UNK]', 'the', 'sat', 'cat', 'on', 'dog']
        >>> layer(["the dog ran"]).numpy()
        array([[2, 6, 1, 0]])
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int", output_sequence_length=None,
                 pad_to_max_tokens=False, vocabulary=None, idf_weights=None, sparse=False,
                 ragged=False, encoding="utf-8", name=None, **kwargs):
        kwargs.pop("vocabulary_size", None)
        kwargs.pop("has_input_vocabulary", None)
        super().__init__(name=name, **{k: v for k, v in kwargs.items() if k != "dtype"})
        if not (standardize is None or callable(standardize) or standardize in STANDARDIZE):
            raise ValueError(f"TextVectorization: `standardize` must be one of {STANDARDIZE}, "
                             f"None or a callable. Received: standardize={standardize!r}")
        if not (split is None or callable(split) or split in ("whitespace", "character")):
            raise ValueError("TextVectorization: `split` must be 'whitespace', 'character', None "
                             f"or a callable. Received: split={split!r}")
        output_mode = "multi_hot" if output_mode == "binary" else output_mode
        if output_mode not in ("int", "one_hot", "multi_hot", "count", "tf_idf"):
            raise ValueError("TextVectorization: `output_mode` must be 'int', 'one_hot', "
                             "'multi_hot', 'count' or 'tf_idf'. Received: "
                             f"output_mode={output_mode!r}")
        ngrams = tuple(ngrams) if isinstance(ngrams, list) else ngrams
        if not (ngrams is None or isinstance(ngrams, int) or
                isinstance(ngrams, tuple) and all(isinstance(n, int) for n in ngrams)):
            raise ValueError("`ngrams` must be None, an integer, or a tuple of integers. "
                             f"Received: ngrams={ngrams}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is not "
                             f"'int'. Received output_sequence_length={output_sequence_length}.")
        if sparse or ragged:
            raise ValueError("nbkeras has no sparse or ragged tensors: use sparse=False, "
                             "ragged=False.")
        self.max_tokens, self.standardize, self.split = max_tokens, standardize, split
        self.ngrams = ngrams
        self._ngram_widths = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self.output_mode, self.output_sequence_length = output_mode, output_sequence_length
        self.pad_to_max_tokens, self.encoding = pad_to_max_tokens, encoding
        self.sparse, self.ragged = sparse, ragged
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            encoding=encoding, name=f"{self.name}_lookup")
        self.built = True

    # ------------------------------------------------------------------ text to tokens
    def standardize_text(self, texts):
        """Applies ``standardize`` to an array of str."""
        if callable(self.standardize):
            return np.asarray(self.standardize(np.asarray(texts, dtype=object)), dtype=object)
        result = []
        for text in texts.reshape(-1):
            text = text.decode(self.encoding) if isinstance(text, bytes) else str(text)
            if self.standardize in ("lower_and_strip_punctuation", "lower"):
                text = text.translate(_ASCII_LOWER)
            if self.standardize in ("lower_and_strip_punctuation", "strip_punctuation"):
                text = PUNCTUATION.sub("", text)
            result.append(text)
        return np.array(result, dtype=object).reshape(texts.shape)

    def tokenize(self, texts):
        """Standardized, split and n-grammed tokens: one list per input string."""
        texts = np.asarray(texts, dtype=object)
        if texts.ndim > 1:
            if texts.shape[-1] != 1:
                raise ValueError("When using `TextVectorization` to tokenize strings, the input "
                                 "rank must be 1 or the last shape dimension must be 1. Received: "
                                 f"inputs.shape={texts.shape} with rank={texts.ndim}")
            texts = texts[..., 0]
        texts = self.standardize_text(texts.reshape(-1))
        documents = [self._split(text) for text in texts]
        if self._ngram_widths:
            documents = [_ngrams(tokens, self._ngram_widths) for tokens in documents]
        return documents

    def _split(self, text):
        if self.split is None:
            return [text]
        if self.split == "whitespace":
            return [token for token in _WHITESPACE.split(text) if token]
        if self.split == "character":
            return list(text)
        return list(self.split(text))

    # ------------------------------------------------------------------ vocabulary
    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary (and IDF weights) from a list/array/dataset of strings."""
        lookup = self._lookup_layer
        if lookup.input_vocabulary is not None:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary.")
        lookup._reset_counts()
        batches = [data] if isinstance(data, (list, tuple, str)) else iter_batches(data, steps)
        for batch in batches:
            lookup.update_state(self.tokenize(batch))
        lookup.finalize_state()

    def get_vocabulary(self, include_special_tokens=True):
        """The tokens by index: ``""`` (padding), ``"[UNK]"``, then the most frequent first."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    # ------------------------------------------------------------------ call
    def __call__(self, *args, **kwargs):
        first = args[0] if args else kwargs.get("inputs")
        if is_text(first):  # Tensors hold numbers only: strings skip the Tensor conversion
            return self.call(first)
        return super().__call__(*args, **kwargs)

    def call(self, inputs):
        if isinstance(inputs, Tensor):
            raise TypeError(f"TextVectorization '{self.name}' expects strings (a list or NumPy "
                            f"array of str); received numbers of shape {inputs.shape}.")
        documents = self.tokenize(inputs)
        lookup = self._lookup_layer
        if self.output_mode == "one_hot":
            return Tensor(np.stack([lookup.encode(lookup.lookup(np.array(doc, dtype=object)
                                                                ).reshape(1, -1)).data[0]
                                    for doc in documents]))
        if self.output_mode != "int":
            return lookup.encode_documents(documents)
        length = self.output_sequence_length
        if length is None:
            length = max((len(doc) for doc in documents), default=0)
        result = np.zeros((len(documents), length), dtype=np.int64)
        for row, doc in enumerate(documents):
            indices = lookup.lookup(np.array(doc[:length], dtype=object))
            result[row, :len(indices)] = indices
        return Tensor(result)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return (input_shape[0], self.output_sequence_length)
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        return (input_shape[0], depth)

    def get_config(self):
        lookup_config = self._lookup_layer.get_config()
        return {**super().get_config(), "max_tokens": self.max_tokens,
                "standardize": self.standardize if not callable(self.standardize) else None,
                "split": self.split if not callable(self.split) else None,
                "ngrams": self.ngrams, "output_mode": self.output_mode,
                "output_sequence_length": self.output_sequence_length,
                "pad_to_max_tokens": self.pad_to_max_tokens, "sparse": self.sparse,
                "ragged": self.ragged, "vocabulary": lookup_config["vocabulary"],
                "idf_weights": lookup_config["idf_weights"], "encoding": self.encoding,
                "vocabulary_size": self.vocabulary_size()}


def _ngrams(tokens, widths):
    """All n-grams of the given widths, width by width (``tf.strings.ngrams``'s order)."""
    return [" ".join(tokens[i:i + n]) for n in widths for i in range(len(tokens) - n + 1)]
