"""One batch as ``(x, y, sample_weight)``: unpacking what generators and datasets yield."""

from nbkeras.models.data_adapters.arrays import num_samples, to_arrays


def unpack_batch(batch, source):
    """Splits a yielded batch into ``(x, y, sample_weight)``, converted to arrays.

    Args:
        batch: ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` (Keras rule).
        source: what produced it, for error messages (e.g. ``"the generator"``).
    """
    if isinstance(batch, tuple):
        if not 1 <= len(batch) <= 3:
            raise ValueError(
                f"Each batch from {source} must be x, (x,), (x, y) or (x, y, sample_weight); "
                f"received a tuple of {len(batch)} elements. Group several inputs in a list "
                "or dict: ([x1, x2], y)."
            )
        x, y, sample_weight = (tuple(batch) + (None, None))[:3]
    else:
        x, y, sample_weight = batch, None, None
    x = to_arrays(x, "x")
    y = to_arrays(y, "y")
    sample_weight = to_arrays(sample_weight, "sample_weight")
    num_samples(x, y, sample_weight)
    return x, y, sample_weight
