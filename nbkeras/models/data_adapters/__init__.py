"""From user data to batches: arrays, generators, PyDataset, DataFrames.

``EpochIterator`` gives the training loop ``(step, (x, y, sample_weight))``
whatever the source; the modules beside it adapt one kind of data each.
"""

from nbkeras.models.data_adapters.arrays import (ArrayAdapter, ArrayBatches, flat_arrays,
                                                 num_samples, take, to_arrays,
                                                 train_validation_split)
from nbkeras.models.data_adapters.epoch_iterator import (EpochIterator, apply_class_weight,
                                                         get_data_adapter)

__all__ = ["ArrayAdapter", "ArrayBatches", "EpochIterator", "apply_class_weight",
           "flat_arrays", "get_data_adapter", "num_samples", "take", "to_arrays",
           "train_validation_split"]
