"""IMDB movie reviews: 25,000 training and 25,000 test reviews, positive (1) or negative (0)."""

import numpy as np

from nbkeras.datasets import keras_origins
from nbkeras.datasets.safe_files import load_npz
from nbkeras.datasets.word_sequences import (drop_long, encode, limit_vocabulary, shuffle_pair,
                                             to_object_array, word_index)
from nbkeras.utils.file_utils import get_file


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
              oov_char=2, index_from=3, **kwargs):
    """Downloads (once) and loads IMDB reviews as lists of word indices.

    Args:
        path: file name in the cache.
        num_words: keep the ``num_words`` most frequent words; rarer ones become ``oov_char``.
        skip_top: also replace the ``skip_top`` most frequent words (like "the").
        maxlen: drop reviews of ``maxlen`` words or more.
        seed: the shuffle's seed.
        start_char: index put at the start of every review (1), or None.
        oov_char: index of out-of-vocabulary words (2), or None to drop them.
        index_from: real words start at this index (3: 0 is padding, 1 start, 2 OOV).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: object arrays of lists of ints, and
        label arrays of 0/1.
    """
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}")
    path = get_file(fname=path, origin=f"{keras_origins.KERAS_BUCKET}imdb.npz",
                    file_hash=keras_origins.IMDB_SHA256)
    arrays = load_npz(path)
    rng = np.random.RandomState(seed)
    x_train, y_train = shuffle_pair(arrays["x_train"], arrays["y_train"], rng)
    x_test, y_test = shuffle_pair(arrays["x_test"], arrays["y_test"], rng)
    x_train = encode(x_train, start_char, index_from)
    x_test = encode(x_test, start_char, index_from)
    if maxlen:
        x_train, y_train = drop_long(x_train, y_train, maxlen)
        x_test, y_test = drop_long(x_test, y_test, maxlen)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no "
                             "sequence was kept. Increase maxlen.")
    xs = limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([np.asarray(y_train), np.asarray(y_test)])
    cut = len(x_train)
    return ((to_object_array(xs[:cut]), labels[:cut]), (to_object_array(xs[cut:]), labels[cut:]))


def get_word_index(path="imdb_word_index.json"):
    """The ``{word: index}`` dict of IMDB (add ``index_from`` to match ``load_data``)."""
    return word_index(path, f"{keras_origins.KERAS_BUCKET}imdb_word_index.json",
                      keras_origins.IMDB_WORD_INDEX_MD5)
