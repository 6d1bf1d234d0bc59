"""``pad_sequences``: lists of different lengths to one rectangular array."""

import numpy as np


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """Pads (or cuts) every sequence to ``maxlen`` so they stack into one array.

    Args:
        sequences: a list of sequences (lists or arrays; the items may be vectors).
        maxlen: the output length (default: the longest sequence).
        dtype: the output dtype (``"int32"``; use ``"object"`` or a string dtype for text).
        padding: ``"pre"`` (fill before) or ``"post"`` (fill after).
        truncating: ``"pre"`` (drop the start of long sequences) or ``"post"`` (drop the end).
        value: the fill value.

    Returns:
        An array of shape ``(len(sequences), maxlen) + item_shape``.

    Example:
        >>> pad_sequences([[1, 2, 3], [4, 5], [6]], maxlen=2)
        array([[2, 3],
               [4, 5],
               [0, 6]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, sample_shape = [], ()
    for index, sequence in enumerate(sequences):
        try:
            lengths.append(len(sequence))
        except TypeError as error:
            raise ValueError("`sequences` must be a list of iterables. Found non-iterable: "
                             f"{sequence!r} at position {index}.") from error
        if not sample_shape and len(sequence):
            sample_shape = np.asarray(sequence).shape[1:]
    for name, option in (("Padding", padding), ("Truncating", truncating)):
        if option not in ("pre", "post"):
            raise ValueError(f'{name} type "{option}" not understood: use "pre" or "post".')
    maxlen = (max(lengths) if lengths else 0) if maxlen is None else int(maxlen)
    is_text = np.issubdtype(np.dtype(dtype), np.str_) or np.dtype(dtype) == object
    if isinstance(value, str) and dtype != object and not is_text:
        raise ValueError(f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
                         "You should set `dtype=object` for variable length strings.")
    result = np.full((len(lengths), maxlen) + tuple(sample_shape), value, dtype=dtype)
    for index, sequence in enumerate(sequences):
        if not len(sequence) or not maxlen:
            continue
        kept = np.asarray(sequence, dtype=dtype)
        kept = kept[-maxlen:] if truncating == "pre" else kept[:maxlen]
        if kept.shape[1:] != tuple(sample_shape):
            raise ValueError(f"Shape of sample {kept.shape[1:]} of sequence at position {index} "
                             f"is different from expected shape {tuple(sample_shape)}")
        if padding == "post":
            result[index, :len(kept)] = kept
        else:
            result[index, maxlen - len(kept):] = kept
    return result
