"""NumPy arrays (or lists/dicts of them) as training data: checks, slicing, batches.

Checks happen once per ``fit``, before any training: sample counts agree,
data is numeric, no NaN or infinity hides in it. Objects with a
``to_numpy()`` method (pandas DataFrame/Series, without importing pandas)
are converted first.
"""

import math

import numpy as np

from nbkeras import config, random_state
from nbkeras.ops import two_cores
from nbkeras.ops.nn.recurrent_halves import run_two
from nbkeras.ops.tensor import Tensor


def to_arrays(data, role, check_finite=True):
    """Converts nested data to NumPy arrays (floats to floatx), checking it.

    Args:
        data: an array-like, a DataFrame/Series (anything with ``to_numpy()``),
            or a list/tuple/dict of them.
        role: ``"x"``, ``"y"`` or ``"sample_weight"``, for error messages.
        check_finite: False to leave the NaN/inf check to the caller
            (``report_non_finite``): predict checks its outputs first.

    Returns:
        The same structure with C-contiguous NumPy arrays (lists for tuples).
    """
    if data is None:
        return None
    if isinstance(data, dict):
        return {k: to_arrays(v, f"{role}[{k!r}]", check_finite) for k, v in data.items()}
    if isinstance(data, (list, tuple)) and data and _is_array_like(data[0]) \
            and not _is_python_numbers(data):
        return [to_arrays(v, f"{role}[{i}]", check_finite) for i, v in enumerate(data)]
    if hasattr(data, "to_numpy") and not isinstance(data, np.ndarray):
        data = data.to_numpy()
    try:
        array = np.asarray(data.data if isinstance(data, Tensor) else data)
    except ValueError as error:  # nested lists of different lengths
        raise ValueError(
            f"{role} is a nested list whose rows do not all have the same length, so it is not "
            f"one array of samples ({error}). Make every sample the same length (for sequences: "
            "keras.utils.pad_sequences), or pass a NumPy array.") from None
    if array.dtype.kind == "f" and array.dtype != config.floatx():
        array = array.astype(config.floatx())
    elif array.dtype.kind == "b":
        array = array.astype(config.floatx())
    elif array.dtype.kind == "O":
        array = _object_to_float(array, role)
    elif array.dtype.kind not in "fiu":
        raise TypeError(
            f"{role} must hold numbers, but it has dtype {array.dtype} (first value: "
            f"{array.flat[0]!r}). Convert it first, e.g. np.asarray({role}, dtype='float32'), "
            "or encode text labels as integers."
        )
    if array.ndim == 0:
        raise ValueError(f"{role} must have a batch axis; received a scalar {array!r}.")
    if check_finite and array.dtype.kind == "f":
        _check_finite(array, role)
    return np.ascontiguousarray(array)


# Data from this size on is checked for NaN and inf in two halves on both cores.
FINITE_CHECK_SPLIT_BYTES = 1 << 22


def report_non_finite(arrays, role):
    """Raises the error of ``to_arrays`` if the (converted) ``arrays`` hold a NaN or inf."""
    if isinstance(arrays, dict):
        for k, v in arrays.items():
            report_non_finite(v, f"{role}[{k!r}]")
    elif isinstance(arrays, list):
        for i, v in enumerate(arrays):
            report_non_finite(v, f"{role}[{i}]")
    elif arrays is not None and arrays.dtype.kind == "f":
        _check_finite(arrays, role)


def _object_to_float(array, role):
    """A DataFrame with mixed numeric columns gives dtype=object: convert if all are numbers."""
    try:
        return array.astype(config.floatx())
    except (TypeError, ValueError):
        first = next((v for v in array.flat if not isinstance(v, (int, float, np.number))), None)
        raise TypeError(
            f"{role} must hold numbers, but it holds Python objects such as {first!r}. "
            "Encode text columns as numbers first (e.g. pandas.get_dummies or category codes)."
        ) from None


def _check_finite(array, role):
    if _sums_finite(array):
        return  # any NaN or inf makes a sum non-finite; one pass, no boolean copy
    bad = ~np.isfinite(array)
    if not bad.any():
        return  # finite values whose sum overflowed
    where = np.argwhere(bad)[0]
    kind = "NaN" if np.isnan(array[tuple(where)]) else "infinity"
    raise ValueError(
        f"{role} contains {int(bad.sum())} non-finite value(s) ({kind} at index "
        f"{tuple(int(i) for i in where)}). Remove or impute them before training, "
        f"e.g. with np.nan_to_num({role}) or by dropping those samples."
    )


def _sums_finite(array):
    """True if the sum of ``array`` is finite: of its two halves on both cores when it is large.

    Each ``fit`` call checks its data: one pass over W2's 188 MB took 12 ms, 100 us a step
    when every epoch is a ``fit`` call of its own; two halves take 6.3 ms.
    """
    flat = array.reshape(-1) if array.flags.c_contiguous else None
    if flat is None or flat.nbytes < FINITE_CHECK_SPLIT_BYTES:
        return bool(np.isfinite(array.sum()))
    middle, sums = flat.size // 2, [0.0, 0.0]

    def first():
        sums[0] = flat[:middle].sum()

    def second():
        sums[1] = flat[middle:].sum()

    run_two(first, second)
    return bool(np.isfinite(sums[0]) and np.isfinite(sums[1]))


def _is_python_numbers(data):
    """Nested Python lists of numbers, e.g. ``[[1, 2], [3, 4]]``: ONE array, not several inputs."""
    for item in data:
        if isinstance(item, (list, tuple)):
            if item and not _is_python_numbers(item):
                return False
        elif not isinstance(item, (int, float, np.number)) or isinstance(item, (bool, np.bool_)):
            return False
    return True


def _is_array_like(value):
    return hasattr(value, "shape") or isinstance(value, (list, tuple))


def is_array_data(data):
    """True for data this module handles (arrays, DataFrames, lists/dicts of them)."""
    if isinstance(data, dict):
        return all(is_array_data(v) for v in data.values())
    if isinstance(data, (list, tuple)):
        return True
    return isinstance(data, (np.ndarray, Tensor, np.generic)) or hasattr(data, "to_numpy")


def flat_arrays(structure):
    """The arrays of a nested structure, in order."""
    if structure is None:
        return []
    if isinstance(structure, dict):
        return [a for v in structure.values() for a in flat_arrays(v)]
    if isinstance(structure, list):
        return [a for v in structure for a in flat_arrays(v)]
    return [structure]


def take(structure, index):
    """Selects samples ``index`` (a slice, or an index array of valid positions) from nested arrays.

    The rows of a NumPy array go through ``two_cores.take_rows`` (a large batch: both cores).
    """
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: take(v, index) for k, v in structure.items()}
    if isinstance(structure, list):
        return [take(v, index) for v in structure]
    return two_cores.take_rows(structure, index)


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


class ArrayAdapter:
    """Serves ``(x, y, sample_weight)`` arrays in batches; a new order each pass.

    Args:
        x, y, sample_weight: arrays (nested for several inputs/outputs).
        batch_size: samples per step; the last batch may be smaller.
        shuffle: draw a new order every pass (from nbkeras's seeded generator).
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False):
        if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) \
                or batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer. Received: batch_size={batch_size!r}")
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.count = num_samples(x, y, sample_weight)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.num_batches = math.ceil(self.count / self.batch_size)

    def get_iterator(self):
        """One pass over the data, batch by batch."""
        order = random_state.generator().permutation(self.count) if self.shuffle else None
        for step in range(self.num_batches):
            start = step * self.batch_size
            stop = min(start + self.batch_size, self.count)
            index = slice(start, stop) if order is None else order[start:stop]
            yield take(self.x, index), take(self.y, index), take(self.sample_weight, index)

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass


class ArrayBatches:
    """Compatibility wrapper: one pass of at most ``steps`` batches (older callers)."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False, steps=None):
        self.adapter = ArrayAdapter(x, y, sample_weight, batch_size, shuffle)
        full = self.adapter.num_batches
        self.steps = full if steps is None else min(int(steps), full)

    def __len__(self):
        return self.steps

    def __iter__(self):
        for step, batch in enumerate(self.adapter.get_iterator()):
            if step >= self.steps:
                return
            yield batch
