"""Reading Keras's dataset files without running code from them.

``mnist.npz`` and friends hold plain arrays (read with ``allow_pickle=False``).
IMDB and Reuters store ragged lists of word indices, and CIFAR ships Python
pickles: those are read with an unpickler that may only rebuild NumPy arrays
(and the lists, dicts, numbers and bytes that pickle makes without calling
anything). Any other object in the file is refused, so a tampered download
cannot execute code. Keras 3 reads these files the same way.
"""

import io
import pickle
import zipfile

import numpy as np

_ALLOWED = frozenset({("numpy", "ndarray"), ("numpy", "dtype"),
                      ("numpy.core.multiarray", "_reconstruct"),
                      ("numpy._core.multiarray", "_reconstruct")})


class ArrayOnlyUnpickler(pickle.Unpickler):
    """An unpickler that can only rebuild NumPy arrays and plain containers."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Refusing to load `{module}.{name}` from a dataset file: only NumPy arrays are "
            "allowed. The file may be corrupted or malicious; delete it from the cache and "
            "download it again.")


def load_pickle(path, encoding="bytes"):
    """Reads a pickle that may contain only arrays, lists, dicts, numbers and strings."""
    with open(path, "rb") as stream:
        return ArrayOnlyUnpickler(stream, encoding=encoding).load()


def load_npz(path):
    """All arrays of an ``.npz`` file, object arrays included (read without running code)."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                arrays[member[:-4]] = _read_npy(io.BytesIO(archive.read(member)))
    return arrays


def _read_npy(stream):
    try:
        return np.lib.format.read_array(stream, allow_pickle=False)
    except ValueError:  # an object array: its payload is a pickle
        stream.seek(0)
        major, _ = np.lib.format.read_magic(stream)
        if major == 1:
            np.lib.format.read_array_header_1_0(stream)
        else:
            np.lib.format.read_array_header_2_0(stream)
        return ArrayOnlyUnpickler(stream).load()


def shuffled_split(x, y, test_split, seed):
    """Keras's split for one-file sets: shuffle with ``RandomState(seed)``, test = last part."""
    if not 0 <= test_split < 1:
        raise ValueError(f"Invalid `test_split` argument: {test_split}. It must be between 0 and "
                         "1 (exclusive of 1).")
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))
