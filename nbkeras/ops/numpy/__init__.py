"""NumPy-like ops (Keras's ``keras.ops`` numpy family), one group per file, each op's function beside it.

``arithmetic`` (elementwise), ``reductions``, ``shaping`` (reshape, transpose,
indexing, concatenation), ``products`` (matmul), ``comparison`` (not
differentiable), ``creation``.
"""
