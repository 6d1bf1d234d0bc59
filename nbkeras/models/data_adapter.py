"""Compatibility face: the data adapters now live in ``nbkeras.models.data_adapters``."""

from nbkeras.models.data_adapters import (ArrayAdapter, ArrayBatches, EpochIterator,  # noqa: F401
                                          apply_class_weight, flat_arrays, get_data_adapter,
                                          num_samples, take, to_arrays, train_validation_split)
