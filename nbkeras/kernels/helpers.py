"""Small Numba helpers that several kernel modules share, each written once.

* ``stable_sigmoid``, ``stable_softplus`` - scalar functions that never overflow
* ``shifted_exp_sum`` - the two pieces of a stable softmax / log-sum-exp of a row
* ``cast_like`` - rounds a Python float to an array's dtype (float32 or float64)

Numba's on-disk cache of a kernel does not notice when a helper it calls
changes in another file: after editing this module, delete
``nbkeras/kernels/__pycache__`` (or run once with ``NUMBA_DISABLE_JIT=1``).
"""

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
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


@njit(cache=True, error_model="numpy")
def stable_softplus(v):
    """Scalar log(1 + exp(v)) computed as max(v, 0) + log1p(exp(-|v|)).

    Args:
        v: a float.

    Returns:
        softplus(v).
    """
    return max(v, 0.0) + np.log1p(np.exp(-abs(v)))


@njit(cache=True, error_model="numpy")
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
    row_max = row.max()
    exp_sum = 0.0
    for j in range(row.size):
        exp_sum += np.exp(row[j] - row_max)
    return row_max, exp_sum


@njit(cache=True, error_model="numpy")
def cast_like(array, value):
    """Rounds a Python float to the dtype of ``array`` (a float32 or float64 scalar).

    Args:
        array: any array; only its dtype is used.
        value: a number.

    Returns:
        value as a scalar of array's dtype.
    """
    holder = np.empty(1, dtype=array.dtype)
    holder[0] = value
    return holder[0]
