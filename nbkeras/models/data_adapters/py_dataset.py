"""``keras.utils.PyDataset`` as training data: indexed batches, ``on_epoch_end``."""

from nbkeras import random_state
from nbkeras.models.data_adapters.batches import unpack_batch


class PyDatasetAdapter:
    """Serves ``dataset[i]`` for every batch index, shuffled when ``shuffle=True`` (as Keras).

    Calls the dataset's ``on_epoch_begin``/``on_epoch_end`` around every pass.
    """

    def __init__(self, dataset, shuffle=False):
        self.dataset = dataset
        self.shuffle = shuffle
        self.num_batches = dataset.num_batches

    def get_iterator(self):
        count = self.dataset.num_batches
        if count is None:  # an endless dataset: indices 0, 1, 2, ...
            index = 0
            while True:
                yield unpack_batch(self.dataset[index], type(self.dataset).__name__)
                index += 1
        order = list(range(count))
        if self.shuffle:
            order = [int(i) for i in random_state.generator().permutation(count)]
        for index in order:
            yield unpack_batch(self.dataset[index], type(self.dataset).__name__)

    def on_epoch_begin(self):
        self.dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.dataset.on_epoch_end()
