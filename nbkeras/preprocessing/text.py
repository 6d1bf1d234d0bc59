"""``keras.preprocessing.text`` (tf.keras 2): the ``Tokenizer`` of older tutorials.

Keras 3 removed it; ``keras.layers.TextVectorization`` does the same job
inside a model. The word order follows tf.keras 2: most frequent first, ties
in order of first appearance; index 0 is never used (padding), the
``oov_token`` (if any) takes index 1.
"""

import collections
import json

import numpy as np

from nbkeras.preprocessing.legacy_warning import warn_once

__all__ = ["Tokenizer", "text_to_word_sequence"]

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(input_text, filters=FILTERS, lower=True, split=" "):
    """Splits a text into words after lower-casing and removing the ``filters`` characters."""
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(str.maketrans({c: split for c in filters}))
    return [word for word in input_text.split(split) if word]


class Tokenizer:
    """Turns texts into sequences of word indices (tf.keras 2's ``Tokenizer``).

    Args:
        num_words: keep only the ``num_words - 1`` most frequent words in outputs.
        filters: characters removed from the texts.
        lower: lower-case the texts.
        split: the word separator.
        char_level: treat every character as a token.
        oov_token: a token for unknown words (index 1), or None to drop them.

    Example:
        >>> tokenizer = Tokenizer(num_words=10, oov_token="<OOV>")  # doctest: +SKIP
        >>> tokenizer.fit_on_texts(["the cat sat", "the dog"])      # doctest: +SKIP
        >>> tokenizer.texts_to_sequences(["the bird sat"])           # doctest: +SKIP
        [[2, 1, 4]]
    """

    def __init__(self, num_words=None, filters=FILTERS, lower=True, split=" ", char_level=False,
                 oov_token=None, analyzer=None, document_count=0, **kwargs):
        warn_once("keras.preprocessing.text.Tokenizer", "keras.layers.TextVectorization")
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}")
        self.num_words, self.filters, self.lower, self.split = num_words, filters, lower, split
        self.char_level, self.oov_token, self.analyzer = char_level, oov_token, analyzer
        self.document_count = document_count
        self.word_counts = collections.OrderedDict()
        self.word_docs = collections.defaultdict(int)
        self.word_index, self.index_word, self.index_docs = {}, {}, collections.defaultdict(int)

    def _words(self, text):
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [t.lower() for t in text] if isinstance(text, list) else text.lower()
            return list(text)
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit_on_texts(self, texts):
        """Counts the words of ``texts`` and builds ``word_index`` (most frequent = 1 or 2)."""
        for text in texts:
            self.document_count += 1
            words = self._words(text)
            for word in words:
                self.word_counts[word] = self.word_counts.get(word, 0) + 1
            for word in set(words):
                self.word_docs[word] += 1
        ordered = sorted(self.word_counts.items(), key=lambda item: item[1], reverse=True)
        vocabulary = ([] if self.oov_token is None else [self.oov_token]) + \
            [word for word, _ in ordered]
        self.word_index = {word: i for i, word in enumerate(vocabulary, start=1)}
        self.index_word = {i: word for word, i in self.word_index.items()}
        self.index_docs = collections.defaultdict(int)
        for word, count in self.word_docs.items():
            self.index_docs[self.word_index[word]] = count

    def texts_to_sequences(self, texts):
        """Lists of word indices; rare words (>= num_words) become the OOV index or vanish."""
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        sequences = []
        for text in texts:
            sequence = []
            for word in self._words(text):
                index = self.word_index.get(word)
                if index is not None and not (self.num_words and index >= self.num_words):
                    sequence.append(index)
                elif oov is not None:
                    sequence.append(oov)
            sequences.append(sequence)
        return sequences

    def sequences_to_texts(self, sequences):
        """Back from indices to space-separated words (unknown indices become the OOV token)."""
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        texts = []
        for sequence in sequences:
            words = []
            for index in sequence:
                word = self.index_word.get(index)
                if word is not None and not (self.num_words and index >= self.num_words):
                    words.append(word)
                elif oov is not None:
                    words.append(self.index_word[oov])
            texts.append(" ".join(words))
        return texts

    def texts_to_matrix(self, texts, mode="binary"):
        """One row per text: ``"binary"``, ``"count"``, ``"freq"`` or ``"tfidf"`` per word."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode)

    def sequences_to_matrix(self, sequences, mode="binary"):
        if mode not in ("binary", "count", "tfidf", "freq"):
            raise ValueError(f"Unknown vectorization mode: {mode}")
        num_words = self.num_words or len(self.word_index) + 1
        if not num_words or num_words == 1:
            raise ValueError("Specify a dimension (`num_words` argument), or fit on some text "
                             "data first.")
        matrix = np.zeros((len(sequences), num_words))
        for row, sequence in enumerate(sequences):
            counts = collections.Counter(j for j in sequence if j < num_words)
            for j, count in counts.items():
                if mode == "count":
                    matrix[row, j] = count
                elif mode == "freq":
                    matrix[row, j] = count / len(sequence)
                elif mode == "binary":
                    matrix[row, j] = 1
                else:
                    idf = np.log(1 + self.document_count / (1 + self.index_docs.get(j, 0)))
                    matrix[row, j] = (1 + np.log(count)) * idf
        return matrix

    def get_config(self):
        return {"num_words": self.num_words, "filters": self.filters, "lower": self.lower,
                "split": self.split, "char_level": self.char_level, "oov_token": self.oov_token,
                "document_count": self.document_count,
                "word_counts": json.dumps(self.word_counts),
                "word_index": json.dumps(self.word_index)}

    def __repr__(self):
        return f"<Tokenizer words={len(self.word_index)} num_words={self.num_words}>"
