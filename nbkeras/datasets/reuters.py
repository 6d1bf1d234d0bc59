"""Reuters newswires: 11,228 short news texts in 46 topics, as lists of word indices."""

import numpy as np

from nbkeras.datasets import keras_origins
from nbkeras.datasets.safe_files import load_npz
from nbkeras.datasets.word_sequences import (drop_long, encode, limit_vocabulary, shuffle_pair,
                                             to_object_array, word_index)
from nbkeras.utils.file_utils import get_file

_LABELS = ("cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
           "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass",
           "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum",
           "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi",
           "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
           "dlr", "gas", "silver", "wpi", "hog", "lead")


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3):
    """Downloads (once) and loads the Reuters newswires (arguments as ``imdb.load_data``).

    Args:
        test_split: the fraction of (shuffled) newswires kept for testing.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: object arrays of lists of ints and
        integer topic labels in 0-45 (names from ``get_label_names()``).
    """
    path = get_file(fname=path, origin=f"{keras_origins.KERAS_BUCKET}reuters.npz",
                    file_hash=keras_origins.REUTERS_SHA256)
    arrays = load_npz(path)
    xs, labels = shuffle_pair(arrays["x"], arrays["y"], np.random.RandomState(seed))
    xs = encode(xs, start_char, index_from)
    if maxlen:
        xs, labels = drop_long(xs, labels, maxlen)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)
    cut = int(len(xs) * (1 - test_split))
    labels = np.asarray(labels)
    return ((to_object_array(xs[:cut]), np.array(labels[:cut])),
            (to_object_array(xs[cut:]), np.array(labels[cut:])))


def get_word_index(path="reuters_word_index.json"):
    """The ``{word: index}`` dict of Reuters (add ``index_from`` to match ``load_data``)."""
    return word_index(path, f"{keras_origins.KERAS_BUCKET}reuters_word_index.json",
                      keras_origins.REUTERS_WORD_INDEX_MD5)


def get_label_names():
    """The 46 topic names, in label order."""
    return _LABELS
