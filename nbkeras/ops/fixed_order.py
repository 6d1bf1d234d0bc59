"""Matrix products whose results do not depend on the BLAS thread count.

OpenBLAS sums the inner (K) axis of a product in blocks whose size and order
can change with the number of threads: on the reference machine (OpenBLAS
0.3.31, AMD EPYC) ``x @ kernel`` for W1's first layer (32x784 @ 784x128)
differs in the last bits between 1 and 2 threads, and the difference grows
through training. For K up to 384, 392 of 392 tested shapes gave bit-identical
results with 1 and 2 threads. So nbkeras splits K into fixed blocks of
``K_BLOCK`` = 256, lets BLAS compute each block's product, and adds the
blocks in order: every output element is summed in the same order whatever
the thread count. Extra cost: one in-place addition of the output per block
(0.3% of W1's forward FLOPs) and one BLAS call per block. Blocks of 128 made
W2 (batch 512) train at 0.78x and predict at 0.62x of one plain product on a
quiet machine; 256 stays inside the measured K <= 384 and gave 0.94x/0.88x.

What is guaranteed (measured, tests/ops/test_fixed_order.py): float32
products, and so float32 training, give the same bits with 1 and 2 BLAS
threads on the reference machine. Not guaranteed: float64 (used for gradient
checks), where OpenBLAS's split of the output columns between threads can
still move a column to an edge kernel (differences of ~1e-15 seen with 300
columns, even for K=16), and other BLAS builds, whose kernels may differ.
"""

import numpy as np

K_BLOCK = 256


def matmul(a, b, out=None):
    """``a @ b`` (NumPy's matmul rules) with the inner axis summed in fixed blocks.

    Args:
        a, b: arrays as for ``np.matmul``.
        out: optional output array (C-contiguous, the result's shape and dtype).

    Returns:
        The product (``out`` when given).

    Example:
        >>> import numpy as np
        >>> a, b = np.ones((2, 300)), np.ones((300, 3))
        >>> matmul(a, b)[0, 0]
        300.0
    """
    depth = a.shape[-1]
    if depth <= K_BLOCK:
        return np.matmul(a, b, out=out)
    result = np.matmul(a[..., :K_BLOCK], _rows(b, 0, K_BLOCK), out=out)
    partial = np.empty_like(result)
    for start in range(K_BLOCK, depth, K_BLOCK):
        np.matmul(a[..., start:start + K_BLOCK], _rows(b, start, start + K_BLOCK), out=partial)
        result += partial
    return result


def _rows(b, start, stop):
    return b[start:stop] if b.ndim == 1 else b[..., start:stop, :]
