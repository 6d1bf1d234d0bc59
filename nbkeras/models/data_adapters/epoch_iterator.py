"""EpochIterator: cuts any data source into epochs of steps, with Keras 3's rules.

* Without ``steps_per_epoch`` an epoch is one full pass over the data.
* With ``steps_per_epoch`` the iterator is kept between epochs: epoch 2
  continues where epoch 1 stopped. When a source of known length runs out
  inside an epoch, that epoch ends early with a warning, and the next epoch
  starts a new pass (this is what Keras 3 does with arrays too).
* A generator that runs out cannot restart: training stops with a warning.
"""

import warnings

import numpy as np

from nbkeras.models.data_adapters import arrays, generator, py_dataset

RAN_OUT = (
    "Your input ran out of data; interrupting training. Make sure that your dataset or "
    "generator can generate at least `steps_per_epoch * epochs` batches."
)


class EpochIterator:
    """Yields ``(step, (x, y, sample_weight))`` for one epoch per ``for`` loop.

    Args:
        x, y, sample_weight: the data in any supported form.
        batch_size: for arrays (default 32); ignored for batched sources.
        steps_per_epoch: steps per epoch, or None for one full pass.
        shuffle: shuffle arrays, or the batch order of a PyDataset.
        class_weight: ``{class_index: weight}`` turned into sample weights per batch.
        role: how to call the data in errors (``"x"``, ``"validation_data"``).
        check_finite: False to skip the NaN/inf check of arrays (see ``to_arrays``).
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                 shuffle=False, class_weight=None, role="x", check_finite=True):
        if steps_per_epoch is not None and (not isinstance(steps_per_epoch, (int, np.integer))
                                            or steps_per_epoch <= 0):
            raise ValueError("steps_per_epoch must be a positive integer or None. "
                             f"Received: steps_per_epoch={steps_per_epoch!r}")
        self.data_adapter = get_data_adapter(x, y, sample_weight, batch_size, shuffle, role,
                                             check_finite)
        self.steps_per_epoch = None if steps_per_epoch is None else int(steps_per_epoch)
        self.class_weight = class_weight
        self.exhausted = False
        self._iterator = None
        self._steps_seen = 0

    @property
    def num_batches(self):
        """Steps per epoch (None when unknown, e.g. a generator without steps_per_epoch)."""
        return self.steps_per_epoch or self.data_adapter.num_batches

    def __iter__(self):
        adapter = self.data_adapter
        known = adapter.num_batches
        adapter.on_epoch_begin()
        if self._iterator is None or self.steps_per_epoch is None:
            self._iterator = iter(adapter.get_iterator())
            self._steps_seen = 0
        limit = self.steps_per_epoch or known
        step = 0
        while limit is None or step < limit:
            if known and self._steps_seen >= known:
                if self.steps_per_epoch:
                    warnings.warn(RAN_OUT, stacklevel=2)
                break
            batch = next(self._iterator, None)
            if batch is None:
                self._ran_out(step)
                break
            self._steps_seen += 1
            yield step, self._weighted(batch)
            step += 1
        if known and self._steps_seen >= known:
            self._iterator = None
        adapter.on_epoch_end()

    def _ran_out(self, step):
        """A source of unknown length ended: fine after a full pass, fatal if empty."""
        self._iterator = None
        if isinstance(self.data_adapter, generator.GeneratorAdapter):
            if step == 0:
                self.exhausted = True
                warnings.warn(
                    RAN_OUT + " A Python generator is used up after one pass: make it endless "
                    "(`while True:` around the yields) and pass steps_per_epoch=..., or use a "
                    "keras.utils.PyDataset, which restarts every epoch.", stacklevel=3)
            elif self.steps_per_epoch:
                warnings.warn(RAN_OUT, stacklevel=3)

    def _weighted(self, batch):
        x, y, sample_weight = batch
        if self.class_weight:
            sample_weight = apply_class_weight(self.class_weight, y, sample_weight)
        return x, y, sample_weight


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, shuffle=False, role="x",
                     check_finite=True):
    """Picks the adapter for ``x``: PyDataset, generator/iterator, or arrays."""
    from nbkeras.models.data_adapters.base_py_dataset import PyDataset

    if isinstance(x, PyDataset) or _looks_like_sequence(x):
        # Keras ignores batch_size for a PyDataset (its batches are made by __getitem__); the
        # Keras guides pass it anyway.
        _reject_extra(y, sample_weight, None, "a PyDataset", role)
        return py_dataset.PyDatasetAdapter(x, shuffle=shuffle)
    if generator.is_generator(x):
        _reject_extra(y, sample_weight, batch_size, "a generator", role)
        return generator.GeneratorAdapter(x)
    if x is None:
        raise ValueError(f"Expected input data for {role}; received None.")
    x = arrays.to_arrays(x, "x", check_finite)
    y = arrays.to_arrays(y, "y", check_finite)
    sample_weight = arrays.to_arrays(sample_weight, "sample_weight", check_finite)
    return arrays.ArrayAdapter(x, y, sample_weight, 32 if batch_size is None else batch_size,
                               shuffle)


def _looks_like_sequence(x):
    """A PyDataset-like object: indexable batches with ``__len__`` and ``on_epoch_end``."""
    return (hasattr(x, "__getitem__") and hasattr(x, "__len__") and hasattr(x, "on_epoch_end")
            and not isinstance(x, (list, tuple, dict, np.ndarray)))


def _reject_extra(y, sample_weight, batch_size, kind, role):
    for name, value in (("y", y), ("sample_weight", sample_weight), ("batch_size", batch_size)):
        if value is not None:
            raise ValueError(
                f"When {role} is {kind}, it yields whole batches: do not pass {name}= (put the "
                f"targets and weights in the batches: (x, y) or (x, y, sample_weight)). "
                f"Received: {name}={_short(value)}."
            )


def _short(value):
    return f"array of shape {value.shape}" if hasattr(value, "shape") else repr(value)[:60]


def apply_class_weight(class_weight, y, sample_weight):
    """Turns ``class_weight={class: weight}`` into per-sample weights (Keras rule).

    The class of a sample is its label (class indices) or the argmax of a
    one-hot row; classes missing from the dict weigh 1.
    """
    if isinstance(y, (list, dict)):
        raise ValueError("class_weight is only supported for models with a single output. "
                         "Pass sample_weight= instead.")
    if y is None:
        raise ValueError("class_weight needs targets y to know each sample's class.")
    if y.ndim > 1 and y.shape[-1] > 1:
        labels = y.argmax(axis=-1)
    else:
        labels = np.round(y.reshape(len(y), -1)[:, 0]).astype(np.int64)
    weights = np.array([class_weight.get(int(label), 1.0) for label in labels.reshape(-1)],
                       dtype=np.float32).reshape(labels.shape)
    return weights if sample_weight is None else sample_weight * weights
