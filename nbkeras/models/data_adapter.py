"""From user data to batches: arrays (or lists/dicts of arrays) sliced per step.

Checks happen once per ``fit``, before any training: sample counts agree,
data is numeric, no NaN or infinity hides in it.
"""

import math

import numpy as np

from nbkeras import config, random_state
from nbkeras.ops.tensor import Tensor


def to_arrays(data, role):
    """Converts nested data to NumPy arrays (floats to floatx), checking it.

    Args:
        data: an array-like, or a list/tuple/dict of them.
        role: ``"x"``, ``"y"`` or ``"sample_weight"``, for error messages.
    """
    if data is None:
        return None
    if isinstance(data, dict):
        return {k: to_arrays(v, f"{role}[{k!r}]") for k, v in data.items()}
    if isinstance(data, (list, tuple)) and data and _is_array_like(data[0]):
        return [to_arrays(v, f"{role}[{i}]") for i, v in enumerate(data)]
    array = np.asarray(data.data if isinstance(data, Tensor) else data)
    if array.dtype.kind == "f" and array.dtype != config.floatx():
        array = array.astype(config.floatx())
    elif array.dtype.kind == "b":
        array = array.astype(config.floatx())
    elif array.dtype.kind not in "fiu":
        raise TypeError(
            f"{role} must hold numbers, but it has dtype {array.dtype} (first value: "
            f"{array.flat[0]!r}). Convert it first, e.g. np.asarray({role}, dtype='float32'), "
            "or encode text labels as integers."
        )
    if array.ndim == 0:
        raise ValueError(f"{role} must have a batch axis; received a scalar {array!r}.")
    if array.dtype.kind == "f":
        bad = ~np.isfinite(array)
        if bad.any():
            where = np.argwhere(bad)[0]
            kind = "NaN" if np.isnan(array[tuple(where)]) else "infinity"
            raise ValueError(
                f"{role} contains {int(bad.sum())} non-finite value(s) ({kind} at index "
                f"{tuple(int(i) for i in where)}). Remove or impute them before training, "
                f"e.g. with np.nan_to_num({role}) or by dropping those samples."
            )
    return np.ascontiguousarray(array)


def _is_array_like(value):
    return hasattr(value, "shape") or isinstance(value, (list, tuple))


def flat_arrays(structure):
    if structure is None:
        return []
    if isinstance(structure, dict):
        return [a for v in structure.values() for a in flat_arrays(v)]
    if isinstance(structure, list):
        return [a for v in structure for a in flat_arrays(v)]
    return [structure]


def take(structure, index):
    """Selects samples ``index`` (a slice or an index array) from nested arrays."""
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: take(v, index) for k, v in structure.items()}
    if isinstance(structure, list):
        return [take(v, index) for v in structure]
    return structure[index]


def num_samples(x, y=None, sample_weight=None):
    """The common sample count; raises a clear error when they differ."""
    counts = {}
    for role, data in (("x", x), ("y", y), ("sample_weight", sample_weight)):
        for array in flat_arrays(data):
            counts.setdefault(role, set()).add(int(array.shape[0]))
    all_counts = set().union(*counts.values()) if counts else set()
    if len(all_counts) > 1:
        detail = ", ".join(f"{role}: {sorted(c)}" for role, c in counts.items())
        raise ValueError(
            f"Data cardinality is ambiguous: the first axis (samples) must have the same "
            f"length everywhere. Received {detail}. Make sure x and y hold the same samples."
        )
    return all_counts.pop() if all_counts else 0


def train_validation_split(arrays, validation_split):
    """Keras's split: the LAST ``validation_split`` fraction, taken before any shuffling."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be in (0, 1). Received: validation_split={validation_split}")
    count = num_samples(*arrays)
    split_at = int(math.floor(count * (1.0 - validation_split)))
    if split_at == 0 or split_at == count:
        raise ValueError(
            f"validation_split={validation_split} leaves an empty training or validation set "
            f"with {count} samples. Use more data or another fraction."
        )
    train = tuple(take(a, slice(0, split_at)) for a in arrays)
    validation = tuple(take(a, slice(split_at, None)) for a in arrays)
    return train, validation


class ArrayBatches:
    """Iterates over ``(x, y, sample_weight)`` in batches, one epoch at a time.

    Args:
        x, y, sample_weight: arrays (nested for several inputs/outputs).
        batch_size: samples per step; the last batch may be smaller.
        shuffle: draw a new order every epoch (from nbkeras's seeded generator).
        steps: optional number of steps per epoch (at most one pass).
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False, steps=None):
        if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer. Received: batch_size={batch_size!r}")
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.count = num_samples(x, y, sample_weight)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        full = math.ceil(self.count / self.batch_size)
        self.steps = full if steps is None else min(int(steps), full)

    def __len__(self):
        return self.steps

    def __iter__(self):
        order = random_state.generator().permutation(self.count) if self.shuffle else None
        for step in range(self.steps):
            start = step * self.batch_size
            stop = min(start + self.batch_size, self.count)
            index = slice(start, stop) if order is None else order[start:stop]
            yield take(self.x, index), take(self.y, index), take(self.sample_weight, index)
