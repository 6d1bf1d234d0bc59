"""IMDB and Reuters: texts as lists of word indices (most frequent word = 1).

Both loaders follow Keras 3 step by step: shuffle with
``np.random.RandomState(seed)``, shift every index by ``index_from`` and put
``start_char`` first, drop sequences of ``maxlen`` words or more, then
replace words outside ``[skip_top, num_words)`` by ``oov_char`` (or drop
them when ``oov_char`` is None).
"""

import json

import numpy as np

from nbkeras.utils.file_utils import get_file


def encode(xs, start_char, index_from):
    """Shifts word indices by ``index_from`` and prepends ``start_char``."""
    head = [] if start_char is None else [start_char]
    return [head + [int(w) + index_from for w in x] for x in xs]


def drop_long(xs, labels, maxlen):
    """Keeps the sequences shorter than ``maxlen`` (Keras's ``remove_long_seq``)."""
    kept = [(x, y) for x, y in zip(xs, labels) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def limit_vocabulary(xs, num_words, skip_top, oov_char):
    """Words outside ``[skip_top, num_words)`` become ``oov_char`` (or are dropped)."""
    if not num_words:
        num_words = max(max(x) for x in xs if x)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def to_object_array(xs):
    """A 1-D array of Python lists (ragged), like Keras's ``dtype="object"`` result."""
    result = np.empty(len(xs), dtype=object)
    result[:] = xs
    return result


def shuffle_pair(x, y, rng):
    order = np.arange(len(x))
    rng.shuffle(order)
    return x[order], y[order]


def word_index(fname, origin, md5):
    """Downloads (once) and reads a ``{word: index}`` JSON file."""
    with open(get_file(fname, origin=origin, file_hash=md5), encoding="utf-8") as stream:
        return json.load(stream)
