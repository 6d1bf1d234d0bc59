"""Embedding lookup as one op: gather rows forward, scatter-add rows backward."""

import numpy as np

from nbkeras.ops.op import Op


class EmbeddingOp(Op):
    """``y[..., :] = embeddings[indices[...], :]``; ``indices`` any shape of integers.

    Backward adds each row of ``dy`` into the row of the table it came from
    (a token used twice gets both contributions, in a fixed order).
    """

    def forward(self, indices, embeddings):
        from nbkeras.kernels import embedding as kernels  # deferred: importing kernels loads Numba

        flat = np.ascontiguousarray(indices, dtype=np.int64).reshape(-1)
        check_indices(flat, embeddings.shape[0])
        self.indices, self.table_shape, self.dtype = flat, embeddings.shape, embeddings.dtype
        y = np.empty((flat.size, embeddings.shape[1]), embeddings.dtype)
        kernels.embedding_forward(embeddings, flat, y)
        return y.reshape(tuple(np.shape(indices)) + (embeddings.shape[1],))

    def backward(self, dy):
        from nbkeras.kernels import embedding as kernels

        if not self.needs_input_grad[1]:
            return None, None
        buffer = self.inputs[1].claim_zero_grad_buffer()
        grad = np.zeros(self.table_shape, self.dtype) if buffer is None else buffer
        if buffer is not None:
            grad.fill(0)
        kernels.embedding_backward(self.indices, np.ascontiguousarray(dy, self.dtype).reshape(
            self.indices.size, self.table_shape[1]), grad)
        return None, (None if buffer is not None else grad)


def check_indices(flat, input_dim):
    """Indices must lie in [0, input_dim): say which one does not, and the fix."""
    if flat.size and (flat.min() < 0 or flat.max() >= input_dim):
        bad = int(flat.max()) if flat.max() >= input_dim else int(flat.min())
        raise ValueError(
            f"Embedding received the index {bad}, outside [0, {input_dim}) (input_dim={input_dim}). "
            f"Use input_dim=max index + 1 (here at least {max(bad + 1, input_dim)}), or map rare "
            "tokens to an out-of-vocabulary index.")


def embedding_lookup(indices, embeddings):
    """The rows of ``embeddings`` picked by integer ``indices`` (any shape): ``(*indices.shape, dim)``."""
    return EmbeddingOp.apply(indices, embeddings)
