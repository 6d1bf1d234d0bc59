"""Embedding kernels: gather rows forward, scatter-add rows backward.

Forward: ``y[n] = embeddings[indices[n]]`` for every index (any shape of
``indices``, flattened by the op). Backward: ``dembeddings[indices[n]] += dy[n]``,
in index order, so a token that appears twice gets both contributions in a
fixed order (deterministic).
"""

from numba import njit


@njit(cache=True, error_model="numpy")
def embedding_forward(embeddings, indices, y):
    """y[n, :] = embeddings[indices[n], :].

    Args:
        embeddings: ``(input_dim, output_dim)`` table.
        indices: 1-D integer array of row numbers (checked by the op).
        y: ``(len(indices), output_dim)`` output.
    """
    for n in range(indices.size):
        row = embeddings[indices[n]]
        out = y[n]
        for j in range(row.size):
            out[j] = row[j]


@njit(cache=True, error_model="numpy")
def embedding_backward(indices, dy, dembeddings):
    """dembeddings[indices[n], :] += dy[n, :] (``dembeddings`` zeroed by the caller).

    Args:
        indices: 1-D integer array of row numbers.
        dy: ``(len(indices), output_dim)`` upstream gradient.
        dembeddings: ``(input_dim, output_dim)`` gradient of the table, accumulated into.
    """
    for n in range(indices.size):
        target = dembeddings[indices[n]]
        source = dy[n]
        for j in range(source.size):
            target[j] += source[j]
