"""Datasets without tf.data: batches of NumPy arrays served by a PyDataset.

Keras 3 returns ``tf.data.Dataset`` objects from its dataset utilities.
nbkeras has no TensorFlow, so the same functions return a ``BatchDataset``,
a :class:`~nbkeras.utils.PyDataset` that ``fit``, ``evaluate`` and
``predict`` accept and that a learner can index (``dataset[0]`` is the first
batch) or loop over.
"""

import math
import random

import numpy as np

from nbkeras.models.data_adapters.base_py_dataset import PyDataset


class BatchDataset(PyDataset):
    """Serves samples ``0..count-1`` in batches, reading each sample with ``load``.

    Args:
        load: a function ``load(indices) -> batch`` (x, or a tuple (x, y)).
        count: the number of samples.
        batch_size: samples per batch; None serves one sample at a time, unbatched.
        reshuffle: draw a new sample order after every epoch (``on_epoch_end``), from
            nbkeras's seeded generator, so batches differ from epoch to epoch (as tf.data's
            ``shuffle`` does in Keras). The first epoch keeps the given order.
    """

    def __init__(self, load, count, batch_size=32, description="samples", reshuffle=False):
        super().__init__()
        self._load, self.count, self.batch_size = load, int(count), batch_size
        self.description, self.reshuffle = description, reshuffle
        self._order = None
        self._source = self  # a mapped dataset follows the order of the one it maps

    def on_epoch_end(self):
        if self._source is not self:
            self._source.on_epoch_end()
        elif self.reshuffle:
            from nbkeras import random_state

            self._order = random_state.generator().permutation(self.count)

    def __len__(self):
        return self.count if self.batch_size is None else math.ceil(self.count / self.batch_size)

    def __getitem__(self, index):
        if not -len(self) <= index < len(self):
            raise IndexError(f"Batch {index} is out of range: this dataset has {len(self)} "
                             "batches.")
        index %= len(self)
        if self.batch_size is None:
            return self._load(self._samples(np.array([index])), unbatched=True)
        start = index * self.batch_size
        stop = min(start + self.batch_size, self.count)
        return self._load(self._samples(np.arange(start, stop)))

    def _samples(self, positions):
        order = self._source._order
        return positions if order is None else order[positions]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def map(self, function):
        """A dataset whose batches are ``function(*batch)`` (tf.data's ``map`` on batches).

        Example: ``texts_only = train_ds.map(lambda x, y: x)`` to ``adapt`` a
        ``TextVectorization`` layer on the texts of a ``(texts, labels)`` dataset.
        """
        def load(indices, unbatched=False):
            batch = self._load(indices, unbatched)
            return function(*batch) if isinstance(batch, tuple) else function(batch)

        mapped = BatchDataset(load, self.count, self.batch_size, self.description)
        mapped._source = self._source
        return mapped

    def as_numpy(self):
        """All batches stacked into whole arrays: ``x`` or ``(x, y)``."""
        batches = [self[i] for i in range(len(self))]
        if isinstance(batches[0], tuple):
            return tuple(np.concatenate(part) for part in zip(*batches))
        return np.concatenate(batches)

    def __repr__(self):
        return (f"<{type(self).__name__} {self.count} {self.description}, "
                f"batch_size={self.batch_size}, batches={len(self)}>")


def take_batch(parts, indices, unbatched=False):
    """Selects ``indices`` from every array of ``parts``; one part is returned bare."""
    chosen = tuple(part[indices[0]] if unbatched else part[indices] for part in parts)
    return chosen[0] if len(chosen) == 1 else chosen


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None):
    """Splits arrays into a left and a right part (e.g. train and test).

    Args:
        dataset: an array, or a tuple/list of arrays with the same first axis.
        left_size: a fraction in (0, 1) or a number of samples for the left part
            (default: the rest of ``right_size``).
        right_size: the same for the right part (default: the rest of ``left_size``).
        shuffle: shuffle the samples before splitting.
        seed: the shuffle's seed (Keras's order: ``random.Random(seed).shuffle``).

    Returns:
        ``(left, right)``, each with the structure of ``dataset`` (nbkeras returns
        arrays; Keras returns tf.data datasets).

    Example:
        >>> left, right = split_dataset(np.arange(10), left_size=0.8)
        >>> left.shape, right.shape
        ((8,), (2,))
    """
    parts = list(dataset) if isinstance(dataset, (tuple, list)) else [dataset]
    parts = [np.asarray(p) for p in parts]
    total = len(parts[0])
    if any(len(p) != total for p in parts):
        raise ValueError("Every array of `dataset` must have the same length. Received lengths "
                         f"{[len(p) for p in parts]}.")
    if left_size is None and right_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. "
                         "Received: left_size=None and right_size=None")
    left, right = _split_sizes(left_size, right_size, total)
    order = list(range(total))
    if shuffle:
        random.Random(random.randint(0, int(1e6)) if seed is None else seed).shuffle(order)
    order = np.array(order, dtype=np.int64)
    left_parts = [p[order[:left]] for p in parts]
    right_parts = [p[order[total - right:]] for p in parts]
    if isinstance(dataset, (tuple, list)):
        return type(dataset)(left_parts), type(dataset)(right_parts)
    return left_parts[0], right_parts[0]


def _split_sizes(left_size, right_size, total):
    """Keras's rules: floats are fractions (rounded), ints are counts, sides may not be empty."""
    sizes = {}
    for side, size in (("left", left_size), ("right", right_size)):
        if size is None:
            continue
        if isinstance(size, bool) or not isinstance(size, (int, float)):
            raise TypeError(f"Invalid `{side}_size` Type. Expected: int or float or None, "
                            f"Received: type({side}_size)={type(size)}.")
        if (isinstance(size, int) and not 0 < size < total) or \
                (isinstance(size, float) and not 0 < size < 1):
            raise ValueError(f"`{side}_size` should be either a positive integer smaller than "
                             f"{total}, or a float within the range `[0, 1]`. Received: "
                             f"{side}_size={size}")
        sizes[side] = round(size * total) if isinstance(size, float) else size
    left = sizes.get("left", total - sizes.get("right", 0))
    right = sizes.get("right", total - left)
    if left + right > total:
        raise ValueError(f"The sum of `left_size` and `right_size` should be smaller than the "
                         f"{total}. Received: left_size + right_size = {left + right}")
    if left == 0 or right == 0:
        raise ValueError(f"With `dataset` of length={total}, `left_size`={left} and "
                         f"`right_size`={right}, one side would be empty. Adjust the sizes.")
    return int(left), int(right)


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None):
    """Sliding windows over a time series, in batches.

    Window ``i`` holds ``data[start + i*stride + k*sampling_rate]`` for
    ``k < sequence_length``; its target is ``targets[start + i*stride]`` (shift
    ``targets`` yourself to predict a later step, as in Keras).

    Args:
        data: array with time on the first axis.
        targets: array of targets aligned with ``data``, or None.
        sequence_length: steps per window.
        sequence_stride: steps between the starts of two windows.
        sampling_rate: steps between two samples inside a window.
        batch_size: windows per batch (None: one window at a time).
        shuffle, seed: shuffle the window order once (``np.random.RandomState(seed)``).
        start_index, end_index: use only ``data[start_index:end_index]``.

    Returns:
        A ``BatchDataset`` of ``x`` or ``(x, y)`` batches,
        ``x.shape == (batch, sequence_length) + data.shape[1:]``.

    Example:
        >>> ds = timeseries_dataset_from_array(np.arange(10), None, sequence_length=3,
        ...                                    batch_size=4)
        >>> ds[0]
        array([[0, 1, 2],
               [1, 2, 3],
               [2, 3, 4],
               [3, 4, 5]])
    """
    data = np.asarray(data)
    for name, value in (("sequence_length", sequence_length), ("sequence_stride", sequence_stride),
                        ("sampling_rate", sampling_rate)):
        if not isinstance(value, (int, np.integer)) or value <= 0:
            raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value!r}")
    start_index = 0 if start_index is None else int(start_index)
    end_index = len(data) if end_index is None else int(end_index)
    if not 0 <= start_index < len(data) or not start_index < end_index <= len(data):
        raise ValueError(f"`start_index`={start_index} and `end_index`={end_index} must satisfy "
                         f"0 <= start_index < end_index <= len(data) = {len(data)}.")
    if targets is not None:
        targets = np.asarray(targets)
        if len(targets) != len(data):
            raise ValueError("Expected data and targets to have the same number of time steps "
                             f"(axis=0). Got data.shape={data.shape}, "
                             f"targets.shape={targets.shape}")
    count = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        count = min(count, len(targets))
    starts = np.arange(0, max(count, 0), sequence_stride)
    if shuffle:
        np.random.RandomState(np.random.randint(1e6) if seed is None else seed).shuffle(starts)
    window = np.arange(sequence_length) * sampling_rate
    view = data[start_index:end_index]
    target_view = None if targets is None else targets[start_index:]

    def load(indices, unbatched=False):
        positions = starts[indices]
        x = view[positions[:, None] + window]
        parts = (x,) if target_view is None else (x, target_view[positions])
        return take_batch(parts, np.arange(len(positions)), unbatched)

    return BatchDataset(load, len(starts), batch_size, description="windows", reshuffle=shuffle)
