"""IndexLookup: the vocabulary table behind StringLookup, IntegerLookup and TextVectorization.

Index layout (Keras 3): ``[mask] [OOV x num_oov_indices] tokens...``; the mask
index exists only when ``mask_token`` is set and ``output_mode="int"``. ``adapt``
counts tokens and keeps the most frequent (ties: the larger token first, as
Keras's ``lexsort`` gives). TF-IDF weights are ``log(1 + documents / (1 +
documents containing the token))``.
"""

import collections

import numpy as np

from nbkeras.layers.preprocessing.base_preprocessing import (DataLayer, categorical_output_shape,
                                                             encode_categorical, is_text,
                                                             iter_batches, to_numpy)
from nbkeras.layers.preprocessing.vocabulary import plain_list, split_vocabulary
from nbkeras.ops.tensor import Tensor

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


class IndexLookup(DataLayer):
    """Maps tokens to indices (or back, with ``invert=True``); see StringLookup."""

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, oov_method="floormod", sparse=False, salt=None,
                 name=None, **kwargs):
        kwargs.pop("vocabulary_size", None)
        kwargs.pop("has_input_vocabulary", None)
        kwargs.pop("trainable", None)
        super().__init__(name=name, **{k: v for k, v in kwargs.items() if k != "dtype"})
        layer = type(self).__name__
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError("If set, `max_tokens` must be greater than 1. Received: "
                             f"max_tokens={max_tokens}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError("If pad_to_max_tokens is True, must set `max_tokens`. Received: "
                             f"max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError(f"`num_oov_indices` must be greater than or equal to 0. Received: "
                             f"num_oov_indices={num_oov_indices}")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in OUTPUT_MODES:
            raise ValueError(f"{layer}: `output_mode` must be one of {OUTPUT_MODES}. Received: "
                             f"output_mode={output_mode!r}")
        if invert and output_mode != "int":
            raise ValueError(f"`output_mode` must be `'int'` when `invert` is true. Received: "
                             f"output_mode={output_mode}")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError("`idf_weights` should only be set if `output_mode` is `'tf_idf'`. "
                             f"Received: idf_weights={idf_weights} and output_mode={output_mode}")
        if output_mode == "tf_idf" and vocabulary is not None and idf_weights is None:
            raise ValueError("When specifying the `vocabulary` argument, in TF-IDF output mode, "
                             "the `idf_weights` argument must also be provided.")
        if sparse:
            raise ValueError("nbkeras has no sparse tensors: use sparse=False.")
        self.max_tokens, self.num_oov_indices = max_tokens, int(num_oov_indices)
        self.mask_token, self.oov_token = mask_token, oov_token
        self.vocabulary_dtype, self.invert, self.output_mode = vocabulary_dtype, invert, output_mode
        self.pad_to_max_tokens, self.oov_method, self.sparse = pad_to_max_tokens, oov_method, sparse
        self.salt = [salt, salt] if isinstance(salt, int) else salt
        self.input_vocabulary = None if vocabulary is None else list(plain_list(vocabulary))
        self.input_idf_weights = None if idf_weights is None else list(plain_list(idf_weights))
        self._tokens, self._index, self.idf_weights = [], {}, None
        self._reset_counts()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # ------------------------------------------------------------------ the vocabulary
    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """Number of indices, special tokens included."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True):
        """The tokens in index order (``[mask], [UNK], ...`` first unless excluded)."""
        vocab = [self.oov_token] * self._token_start_index() + list(self._tokens)
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        return vocab if include_special_tokens else vocab[self._token_start_index():]

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (special tokens at the start are recognised and skipped)."""
        if isinstance(vocabulary, str):
            raise ValueError("nbkeras does not read vocabulary files: pass a list of tokens "
                             "(e.g. open(path).read().splitlines()).")
        if self.output_mode == "tf_idf" and idf_weights is None:
            raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        vocabulary = plain_list(vocabulary)
        special = ([self.mask_token] * self._oov_start_index() +
                   [self.oov_token] * self.num_oov_indices)
        tokens, found_special = split_vocabulary(vocabulary, special, self.mask_token,
                                                 self.oov_token, self.invert, self.max_tokens)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            weights = np.asarray(plain_list(idf_weights), dtype="float32")
            if len(weights) != len(vocabulary):
                raise ValueError("`idf_weights` must be the same length as vocabulary. "
                                 f"len(idf_weights) is {len(weights)}; len(vocabulary) is "
                                 f"{len(vocabulary)}")
            front = 0 if found_special else self._token_start_index()
            self._set_idf(weights, front, weights.mean() if front else 0.0)

    def _set_tokens(self, tokens):
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._index = {token: start + i for i, token in enumerate(self._tokens)}

    def _set_idf(self, weights, front, front_value):
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(weights)
        self.idf_weights = np.pad(weights, (front, back), constant_values=(front_value, 0.0)
                                  ).astype("float32")

    # ------------------------------------------------------------------ adapt
    def _reset_counts(self):
        self._counts, self._document_counts, self._documents = collections.Counter(), \
            collections.Counter(), 0

    def adapt(self, data, steps=None):
        """Builds the vocabulary from the tokens of ``data`` (most frequent first)."""
        if self.input_vocabulary is not None:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary "
                             "via `vocabulary` argument or `set_vocabulary()` method.")
        self._reset_counts()
        for batch in iter_batches(data, steps):
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, documents):
        """Counts the tokens of a batch; each row (list of tokens) is one document."""
        documents = self._as_documents(documents)
        for document in documents:
            tokens = [self._key(t) for t in document]
            self._counts.update(tokens)
            if self.output_mode == "tf_idf":
                self._document_counts.update(set(tokens))
        self._documents += len(documents)

    def _as_documents(self, data):
        data = data if isinstance(data, list) else np.asarray(data, dtype=object)
        if isinstance(data, np.ndarray):
            if data.ndim == 0:
                return [[data.item()]]
            if data.ndim == 1:
                return [list(data)]
            return [list(row.reshape(-1)) for row in data]
        return data

    def finalize_state(self):
        for special in (self.mask_token, self.oov_token):
            self._counts.pop(special, None)
        if not self._counts:
            return
        tokens = list(self._counts)
        counts = np.array([self._counts[t] for t in tokens])
        keys = np.array(tokens, dtype=object if self.vocabulary_dtype == "string" else "int64")
        if self.vocabulary_dtype == "string":
            keys = np.array([t.encode("utf-8") for t in tokens], dtype=object)
        order = np.lexsort((keys, counts))[::-1]
        if self.max_tokens:
            order = order[:self.max_tokens - self._token_start_index()]
        self._set_tokens([tokens[i] for i in order])
        if self.output_mode == "tf_idf":
            frequency = np.array([self._document_counts[t] for t in self._tokens], dtype="float64")
            idf = np.log(1 + self._documents / (1 + frequency)).astype("float32")
            self._set_idf(idf, self._token_start_index(), idf.mean())
        self._reset_counts()

    # ------------------------------------------------------------------ lookup
    def _key(self, token):
        if self.vocabulary_dtype == "string":
            return token.decode("utf-8") if isinstance(token, bytes) else str(token)
        return int(token)

    def lookup(self, inputs):
        """Indices (or tokens, when inverted) for an array of tokens."""
        inputs = np.asarray(inputs, dtype=object)
        if self.invert:
            flat = [int(t) for t in inputs.reshape(-1)]
            vocab, start = self.get_vocabulary(), self._token_start_index()

            def token_for(index):
                if self.mask_token is not None and index == 0:
                    return self.mask_token
                return vocab[index] if start <= index < len(vocab) else self.oov_token

            return np.array([token_for(i) for i in flat], dtype=object).reshape(inputs.shape)
        flat = [self._key(t) for t in inputs.reshape(-1)]
        mask_value = 0 if self.output_mode == "int" else np.iinfo(np.int64).max
        result = np.empty(len(flat), dtype=np.int64)
        oov = []
        for position, token in enumerate(flat):
            if self.mask_token is not None and token == self.mask_token:
                result[position] = mask_value
            elif token in self._index:
                result[position] = self._index[token]
            else:
                result[position] = self._oov_index(token)
                oov.append(token)
        if oov and self.num_oov_indices == 0:
            raise ValueError("When `num_oov_indices=0` all inputs should be in vocabulary, found "
                             f"OOV values {oov[:5]}, consider setting `num_oov_indices=1`.")
        return result.reshape(inputs.shape)

    def _oov_index(self, token):
        start = self._oov_start_index()
        if self.num_oov_indices <= 1:
            return start
        if self.vocabulary_dtype != "string" and self.oov_method != "farmhash":
            return start + token % self.num_oov_indices
        from nbkeras.layers.preprocessing.string_hashes import fingerprint64, siphash24

        text = token if self.vocabulary_dtype == "string" else str(token)
        digest = fingerprint64(text) if self.salt is None else siphash24(self.salt, text)
        return start + digest % self.num_oov_indices

    def encode(self, indices):
        """Turns looked-up indices into the layer's output (``int`` or vectors)."""
        if self.output_mode == "int":
            return Tensor(indices)
        if self.vocabulary_size() <= self._token_start_index() and not self.pad_to_max_tokens:
            raise RuntimeError(f"When using `output_mode={self.output_mode}` and "
                               "`pad_to_max_tokens=False`, the vocabulary size must be known "
                               "before calling the layer. Please call `adapt` or pass a "
                               "`vocabulary` argument.")
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        output = encode_categorical(indices, mode, depth, "float32")
        if self.output_mode == "tf_idf":
            output = output * self.idf_weights
        return Tensor(output)

    def encode_documents(self, documents):
        """Vector outputs (multi_hot, count, tf_idf) for lists of tokens of any lengths."""
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        rows = np.repeat(np.arange(len(documents)), [len(doc) for doc in documents])
        tokens = np.array([token for doc in documents for token in doc], dtype=object)
        indices = self.lookup(tokens) if len(tokens) else np.zeros(0, dtype=np.int64)
        counts = np.zeros((len(documents), depth), dtype="float32")
        valid = (indices >= 0) & (indices < depth)
        np.add.at(counts, (rows[valid], indices[valid]), 1.0)
        if self.output_mode == "multi_hot":
            return Tensor(np.minimum(counts, 1.0))
        if self.output_mode == "tf_idf":
            return Tensor(counts * self.idf_weights)
        if self.output_mode == "count":
            return Tensor(counts)
        raise ValueError(f"encode_documents makes vectors; output_mode={self.output_mode!r}")

    def call(self, inputs):
        looked_up = self.lookup(to_numpy(inputs))
        if not self.invert:
            return self.encode(looked_up)
        # Tensors hold numbers: inverted strings come back as a NumPy array of str
        return looked_up if self.vocabulary_dtype == "string" else Tensor(looked_up.astype("int64"))

    def __call__(self, *args, **kwargs):
        first = args[0] if args else kwargs.get("inputs")
        if is_text(first):  # Tensors hold numbers only: strings skip the Tensor conversion
            return self.call(np.asarray(first, dtype=object))
        return super().__call__(*args, **kwargs)

    def compute_output_shape(self, input_shape):
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        return categorical_output_shape(input_shape, self.output_mode, depth)

    def get_config(self):
        vocabulary = self.input_vocabulary
        if vocabulary is None and self._tokens:  # adapted: Keras saves it as an asset file
            vocabulary = self.get_vocabulary()
        idf = self.input_idf_weights
        if idf is None and self.idf_weights is not None and vocabulary is not None:
            idf = self.idf_weights[:len(vocabulary)].tolist()
        return {**super().get_config(), "invert": self.invert, "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                "mask_token": self.mask_token, "output_mode": self.output_mode,
                "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary_dtype": self.vocabulary_dtype, "idf_weights": idf,
                "vocabulary": vocabulary, "vocabulary_size": self.vocabulary_size(),
                "oov_method": self.oov_method, "salt": self.salt}

