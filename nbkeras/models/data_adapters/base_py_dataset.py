"""PyDataset (alias Sequence): a dataset you write as ``__len__`` + ``__getitem__``.

Unlike a generator, a PyDataset can be read again every epoch and in any
order, so ``fit`` can shuffle its batches and call ``on_epoch_end`` (for
example to reshuffle samples) after each epoch.
"""

import warnings


class PyDataset:
    """Base class for datasets that serve whole batches by index.

    Subclasses call ``super().__init__(**kwargs)``, implement ``__len__``
    (number of batches) and ``__getitem__(index)`` returning ``x``,
    ``(x, y)`` or ``(x, y, sample_weight)``, and may override
    ``on_epoch_begin``/``on_epoch_end``. An endless dataset returns None from
    ``num_batches``.

    Args:
        workers, use_multiprocessing, max_queue_size: accepted as in Keras 3;
            nbkeras reads batches in the main thread, in order.

    Example:
        >>> import numpy as np
        >>> class Squares(PyDataset):
        ...     def __init__(self, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.x = np.arange(8, dtype="float32").reshape(8, 1)
        ...     def __len__(self):
        ...         return 4
        ...     def __getitem__(self, index):
        ...         x = self.x[2 * index:2 * index + 2]
        ...         return x, x ** 2
        >>> len(Squares())
        4
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size
        if workers > 1 or use_multiprocessing:
            warnings.warn(
                f"{type(self).__name__}: nbkeras reads batches in the main thread; "
                "workers and use_multiprocessing are accepted but not used.", stacklevel=2)

    @property
    def workers(self):
        return getattr(self, "_workers", 1)

    @property
    def use_multiprocessing(self):
        return getattr(self, "_use_multiprocessing", False)

    @property
    def max_queue_size(self):
        return getattr(self, "_max_queue_size", 10)

    def __getitem__(self, index):
        raise NotImplementedError(
            f"{type(self).__name__} must implement __getitem__(index) returning one batch: "
            "x, (x, y) or (x, y, sample_weight).")

    @property
    def num_batches(self):
        """Number of batches: ``len(self)``, or None for an endless dataset."""
        if hasattr(type(self), "__len__"):
            return len(self)
        raise NotImplementedError(
            f"{type(self).__name__} must implement __len__ (number of batches) or a "
            "num_batches property.")

    def on_epoch_begin(self):
        """Called before each epoch."""

    def on_epoch_end(self):
        """Called after each epoch (e.g. to reshuffle the samples)."""

    def __repr__(self):
        count = self.num_batches
        return f"<{type(self).__name__} batches={'endless' if count is None else count}>"


Sequence = PyDataset
