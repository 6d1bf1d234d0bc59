"""predict's loop: batches in, the model's outputs out, copied into one preallocated array.

A batch of a small model (W5, 1-2-1) computes in a few microseconds, so what
the loop does around it counts as much as the model: the outputs of each batch
are copied into one array allocated after the first batch (when the number of
samples is known and the model has one output), instead of a list joined at
the end, and a single input array is cut into batches by slicing, without the
generic ``EpochIterator``'s per-batch work. The batches, their order and the
numbers are the same; only the bookkeeping is less.

predict does not check its input arrays for NaN or infinity before the first
batch as fit and evaluate do (one pass over all of them: 17 ms of W1's 250 ms
predict): it checks its outputs, far smaller, and only when they hold a NaN or
an infinity checks the inputs, raising the same error. A NaN that never reaches
the outputs goes unreported, as in Keras, which checks nothing.
"""

import numpy as np

from nbkeras.models import trainer_utils as utils
from nbkeras.models.data_adapters.arrays import ArrayAdapter, flat_arrays, report_non_finite


def sliced_batches(epoch_iterator):
    """``(step, x_batch)`` of one NumPy array served in order, or None for any other data.

    The same slices ``ArrayAdapter`` gives (``x[start:start + batch_size]``) without
    its generators; None when steps are limited, the data is shuffled or nested.
    """
    adapter = epoch_iterator.data_adapter
    if epoch_iterator.steps_per_epoch is not None or type(adapter) is not ArrayAdapter \
            or type(adapter.x) is not np.ndarray or adapter.shuffle:
        return None
    x, size = adapter.x, adapter.batch_size
    return enumerate(x[start:start + size] for start in range(0, adapter.count, size))


def report_non_finite_inputs(outputs, epoch_iterator):
    """Raises the input arrays' NaN/inf error when the ``outputs`` of predict are not all finite."""
    adapter = epoch_iterator.data_adapter
    if type(adapter) is ArrayAdapter and not all(
            np.isfinite(array.sum()) for array in flat_arrays(outputs) if array.dtype.kind == "f"):
        report_non_finite(adapter.x, "x")


def sample_count(epoch_iterator):
    """The number of samples predict will return, when known in advance (plain arrays)."""
    adapter = epoch_iterator.data_adapter
    if epoch_iterator.steps_per_epoch is None and type(adapter) is ArrayAdapter:
        return adapter.count
    return None


class PredictOutputs:
    """The outputs of predict's batches, in one array allocated at the first batch.

    Used for a single-output model and a known sample count; anything else (several
    outputs, batches of other shapes, an unknown count) is kept as a list of batches
    and joined at the end, as ``utils.concatenate`` does.

    Args:
        count: the number of samples, or None when unknown.
    """

    def __init__(self, count):
        self._count = count
        self._array = None
        self._filled = 0
        self._batches = []

    def add(self, outputs):
        """Stores one batch's outputs (arrays); returns them as the batch-end hook shows them."""
        array = self._array
        if array is None and self._count is not None and not self._batches \
                and type(outputs) is np.ndarray and outputs.ndim:
            array = self._array = np.empty((self._count,) + outputs.shape[1:], outputs.dtype)
        if array is not None:
            stop = self._filled + len(outputs)
            if type(outputs) is np.ndarray and outputs.shape[1:] == array.shape[1:] \
                    and outputs.dtype == array.dtype and stop <= len(array):
                view = array[self._filled:stop]
                view[...] = outputs
                self._filled = stop
                return view
            if self._filled:  # an unexpected batch: a list from now on
                self._batches.append(array[:self._filled])
            self._array = None
        self._batches.append(outputs)
        return outputs

    def result(self):
        """All outputs joined along the batch axis."""
        if self._array is not None:
            return self._array if self._filled == len(self._array) else self._array[:self._filled]
        return utils.concatenate(self._batches)
