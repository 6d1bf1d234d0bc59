"""Checking a vocabulary given to a lookup layer (StringLookup, IntegerLookup, TextVectorization)."""

import collections

import numpy as np


def plain_list(values):
    """A list of Python values (bytes decoded as UTF-8) from a list, tuple or array."""
    values = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]


def split_vocabulary(vocabulary, special, mask_token, oov_token, invert, max_tokens):
    """The learned tokens of a given vocabulary, checked as Keras checks them.

    Args:
        vocabulary: the tokens, optionally starting with exactly the special tokens.
        special: the special tokens in index order (``[mask] + [oov] * num_oov_indices``).
        mask_token, oov_token, invert, max_tokens: the layer's settings.

    Returns:
        ``(tokens, found_special)``: the tokens after the special ones, and whether the
        vocabulary started with them.
    """
    if not vocabulary:
        raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
    found_special = vocabulary[:len(special)] == special
    tokens = vocabulary[len(special):] if found_special else vocabulary
    repeated = [t for t, c in collections.Counter(tokens).items() if c > 1]
    if repeated:
        raise ValueError("The passed vocabulary has at least one repeated term. Please uniquify "
                         f"your dataset. The repeated terms are: {repeated}")
    if mask_token is not None and mask_token in tokens:
        raise ValueError("Found reserved mask token at unexpected location in `vocabulary`. "
                         "Either remove all mask and OOV tokens, or include them only at the "
                         f"start of the vocabulary in precisely this order: {special}. "
                         f"Received: mask_token={mask_token}")
    if oov_token is not None and invert and oov_token in tokens:
        raise ValueError("Found reserved OOV token at unexpected location in `vocabulary`. "
                         f"Include special tokens only at the start, in this order: {special}.")
    if max_tokens is not None and len(special) + len(tokens) > max_tokens:
        raise ValueError("Attempted to set a vocabulary larger than the maximum vocab size. "
                         f"Received vocabulary size is {len(special) + len(tokens)}; "
                         f"`max_tokens` is {max_tokens}.")
    return tokens, found_special
