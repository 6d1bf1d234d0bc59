"""Small Numba helpers that several kernel modules share, each written once.

* ``stable_sigmoid``, ``stable_softplus`` - scalar functions that never overflow
* ``add_to_row`` - ``row += bias`` (nothing for an empty bias)
* ``compiled_as`` - a kernel made from a function written once for several variants
* ``as_rows``, ``flat`` - an array as rows of its last axis, or flat, without a reshape
  when it has that shape already
* ``max_of_row`` - the largest element of a row, as ``row.max()`` (NaN if one is)
* ``shifted_exp_sum`` - the two pieces of a stable softmax / log-sum-exp of a row
* ``cast_like`` - rounds a Python float to an array's dtype (float32 or float64)
* ``window_count`` - cells of a pooling window inside the image (average pooling)
* ``float64_zeros``, ``rounded_like`` - column sums kept in float64, rounded once at the end

Every helper is inlined (``inline="always"``) into the kernels that call it:
compiled on its own, a helper costs a compilation of its own per argument type
(0.04-0.2 s each with an empty kernel cache, ``benchmarks/PROFILE.md``), where
inlined it is only typed again inside its kernel. Same arithmetic, same bits.

Numba's on-disk cache of a kernel does not notice when a helper it calls
changes in another file: after editing this module, delete
``nbkeras/kernels/__pycache__`` (or run once with ``NUMBA_DISABLE_JIT=1``).
"""

import numpy as np
from numba import njit
from numba.extending import overload


@njit(cache=True, error_model="numpy", inline="always")
def stable_sigmoid(v):
    """Scalar 1 / (1 + exp(-v)) that never overflows (exp of a non-positive number).

    Args:
        v: a float.

    Returns:
        sigmoid(v).
    """
    e = np.exp(-abs(v))
    if v >= 0:
        return 1.0 / (1.0 + e)
    return e / (1.0 + e)


@njit(cache=True, error_model="numpy", inline="always")
def stable_softplus(v):
    """Scalar log(1 + exp(v)) computed as max(v, 0) + log1p(exp(-|v|)).

    Args:
        v: a float.

    Returns:
        softplus(v).
    """
    return max(v, 0.0) + np.log1p(np.exp(-abs(v)))


@njit(cache=True, error_model="numpy", inline="always")
def add_to_row(row, bias):
    """``row += bias`` in place; a bias of length 0 (``use_bias=False``) adds nothing."""
    for j in range(bias.size):
        row[j] += bias[j]


def compiled_as(function, name):
    """``function`` as a kernel called ``name`` (in tracebacks, profiles and the cache's files).

    For kernels made by a function that returns one variant per constant (an
    activation code, a flag): the constant is a closure value, so Numba drops the
    branches of the other variants before it types the kernel, and each variant
    compiles only its own code.
    """
    function.__name__ = function.__qualname__ = name
    # nogil: the conv op's two batch halves call the Dense variants from two threads.
    return njit(cache=True, error_model="numpy", nogil=True)(function)


def as_rows(array, rows, n):
    """``array.reshape(rows, n)``: one row per sample, along the last axis.

    In a kernel, a 2-D ``array`` (the common case: a batch of rows) is used as
    it is, and no reshape is compiled: each ``reshape`` in a loss kernel cost
    ~0.03 s of its first compile (``benchmarks/PROFILE.md``, First fit).
    """
    return array.reshape(rows, n)


def flat(array):
    """``array.reshape(-1)``; in a kernel, a 1-D ``array`` is used as it is (see ``as_rows``)."""
    return array.reshape(-1)


@overload(as_rows, inline="always")
def _as_rows_in_kernels(array, rows, n):
    if array.ndim == 2:
        return lambda array, rows, n: array
    return lambda array, rows, n: array.reshape(rows, n)


@overload(flat, inline="always")
def _flat_in_kernels(array):
    if array.ndim == 1:
        return lambda array: array
    return lambda array: array.reshape(-1)


@njit(cache=True, error_model="numpy", inline="always")
def max_of_row(row):
    """Returns ``max(row)`` exactly as Numba's ``row.max()`` does: the first NaN if there is one.

    A loop, because Numba's ``row.max()`` compiles a general NumPy reduction:
    measured here, 0.4 s of the first run's compile time for each kernel with a softmax.

    Args:
        row: 1-D array, at least one element.

    Returns:
        the maximum, of row's dtype.
    """
    largest = row[0]
    if largest != largest:  # NaN
        return largest
    for j in range(1, row.size):
        if row[j] != row[j]:
            return row[j]
        if row[j] > largest:
            largest = row[j]
    return largest


@njit(cache=True, error_model="numpy", inline="always")
def shifted_exp_sum(row):
    """Returns ``row_max = max(row)`` and ``exp_sum = sum(exp(row - row_max))``.

    Subtracting the maximum changes nothing mathematically and keeps every
    exp() at most 1, so large logits cannot overflow. Then
    ``softmax(row) = exp(row - row_max) / exp_sum`` and
    ``log(sum(exp(row))) = row_max + log(exp_sum)``.

    Args:
        row: 1-D array, at least one element.

    Returns:
        (row_max, exp_sum).
    """
    row_max = max_of_row(row)
    exp_sum = 0.0
    for j in range(row.size):
        exp_sum += np.exp(row[j] - row_max)
    return row_max, exp_sum


@njit(cache=True, error_model="numpy", inline="always")
def softmax_rows(rows, out):
    """Writes the softmax of every row of a 2-D array (at least one column) into ``out``.

    ``out[r, j] = exp(rows[r, j] - max(rows[r])) / sum(exp(rows[r] - max(rows[r])))``, the
    sum in float64: subtracting the maximum keeps every exp() at most 1. In passes over all
    rows (subtract each row's maximum, exp, then sum and divide); row by row, each step
    waited for the one before (an exp call, then the float64 sum that needs it): W2's
    512 x 10 output took 31 us, 22 us in passes, the same bits.

    Args:
        rows: ``(batch, units)``.
        out: the same shape (may be ``rows`` itself).
    """
    batch, units = rows.shape
    for r in range(batch):
        row_max = max_of_row(rows[r])
        for j in range(units):
            out[r, j] = rows[r, j] - row_max
    for r in range(batch):
        for j in range(units):
            out[r, j] = np.exp(out[r, j])
    for r in range(batch):
        total = 0.0
        for j in range(units):
            total += out[r, j]
        for j in range(units):
            out[r, j] = out[r, j] / total


@njit(cache=True, error_model="numpy", inline="always")
def cast_like(array, value):
    """Rounds a Python float to the dtype of ``array`` (a float32 or float64 scalar).

    Args:
        array: any array; only its dtype is used.
        value: a number.

    Returns:
        value as a scalar of array's dtype.
    """
    # The dtype's scalar constructor rounds as storing into the array would; it
    # compiles in half the time of a one-element array (0.13 s against 0.27 s here).
    return array.dtype.type(value)


@njit(cache=True, error_model="numpy", inline="always")
def class_index(label, classes):
    """Returns int(label), raising if it is not a valid class index in [0, classes).

    Args:
        label: a class index stored as a number.
        classes: number of classes (size of the last axis of y_pred).

    Returns:
        the index as an int.
    """
    index = int(label)
    if index < 0 or index >= classes:
        raise ValueError("sparse crossentropy: a class index is outside [0, classes)")
    return index


# Optimizer state that decays towards zero (the momentum of a weight whose
# gradient stays zero, e.g. behind a dead ReLU) eventually makes the arithmetic
# produce "denormal" floats, and x86 arithmetic on denormals is about 100x
# slower. State of 1e-35 is still normal, but m * alpha (alpha ~1e-4) is not.
# Measured here: Adam's update for W1 went from 37 us to 1 ms per step. State
# below FLUSH_THRESHOLD is set to zero; that changes a weight update by less than
# 1e-26, far below float32 resolution.
FLUSH_THRESHOLD = 1e-30


@njit(cache=True, error_model="numpy", inline="always")
def flush_denormal(value):
    """Returns ``value``, or zero of its type when its magnitude is below FLUSH_THRESHOLD."""
    return value if abs(value) >= FLUSH_THRESHOLD else value * 0


@njit(cache=True, error_model="numpy", inline="always")
def window_count(i, j, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, height, width):
    """How many cells of the pooling window (i, j) lie inside a ``height x width`` image."""
    rows = min(i * stride_h - pad_top + pool_h, height) - max(i * stride_h - pad_top, 0)
    cols = min(j * stride_w - pad_left + pool_w, width) - max(j * stride_w - pad_left, 0)
    return max(rows, 0) * max(cols, 0)


@njit(cache=True, error_model="numpy", inline="always")
def float64_zeros(n):
    """``np.zeros(n)`` as a loop (compiles faster than ``np.zeros``; the same bits)."""
    # The shape as a tuple: np.empty((n,), ...) is the form the loss kernels compile already.
    total = np.empty((n,), dtype=np.float64)
    for j in range(n):
        total[j] = 0.0
    return total


@njit(cache=True, error_model="numpy", inline="always")
def rounded_like(total, like):
    """``total.astype(like.dtype)`` as a loop: float64 sums rounded once to ``like``'s dtype."""
    result = np.empty((total.size,), dtype=like.dtype)
    for j in range(total.size):
        result[j] = total[j]
    return result
