"""Matrix products whose results do not depend on the BLAS thread count.

OpenBLAS sums the inner (K) axis of a product in blocks whose size and order
can change with the number of threads: on the reference machine (OpenBLAS
0.3.31, AMD EPYC) ``x @ kernel`` for W1's first layer (32x784 @ 784x128)
differs in the last bits between 1 and 2 threads, and the difference grows
through training. For K up to 384, 392 of 392 tested shapes gave bit-identical
results with 1 and 2 threads (and so did 686 of 686 shapes with K from 257 to
384 on an Intel Xeon with AVX-512, 2026-12-07). So nbkeras sums a longer K in
the fewest equal blocks of at most ``K_BLOCK`` = 384 (K = 784 as 262 + 261 +
261), lets BLAS compute each block's product, and adds the blocks in order:
every output element is summed in the same order whatever the thread count.
Extra cost: one in-place addition of the output per extra block and one BLAS
call per block. Why equal blocks of up to 384 rather than fixed blocks of 256:
a thin last block (K = 288 as 256 + 32) runs at a quarter of BLAS's speed and
cost W3's second convolution 20-40% of its forward product; blocks of 128 made
W2 (batch 512) train at 0.78x and predict at 0.62x of one plain product.

What is guaranteed (measured, tests/ops/test_fixed_order.py): float32
products, and so float32 training, give the same bits with 1 and 2 BLAS
threads on the reference machine. Not guaranteed: float64 (used for gradient
checks), where OpenBLAS's split of the output columns between threads can
still move a column to an edge kernel (differences of ~1e-15 seen with 300
columns, even for K=16), and other BLAS builds, whose kernels may differ.
"""

import numpy as np

K_BLOCK = 384


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
    edges = block_edges(depth)
    result = np.matmul(a[..., :edges[1]], _rows(b, 0, edges[1]), out=out)
    partial = np.empty_like(result)
    for start, stop in zip(edges[1:-1], edges[2:]):
        np.matmul(a[..., start:stop], _rows(b, start, stop), out=partial)
        result += partial
    return result


def block_edges(depth):
    """Where the K blocks of a product with inner size ``depth`` start and stop.

    The fewest blocks of at most ``K_BLOCK``, as equal as possible (the first
    ones one longer), e.g. ``block_edges(784) == [0, 262, 523, 784]``.
    """
    count = -(-depth // K_BLOCK)
    size, longer = divmod(depth, count)
    edges = [0]
    for index in range(count):
        edges.append(edges[-1] + size + (index < longer))
    return edges


def _rows(b, start, stop):
    return b[start:stop] if b.ndim == 1 else b[..., start:stop, :]
