"""Python generators and iterators as training data (consumed once, like Keras)."""

from nbkeras.models.data_adapters.batches import unpack_batch


class GeneratorAdapter:
    """Serves the batches a Python generator (or any iterator) yields.

    A generator cannot be rewound: every pass continues where the last one
    stopped, so an endless generator (``while True: ... yield``) needs
    ``steps_per_epoch``, and a finite one serves one epoch.
    """

    num_batches = None

    def __init__(self, generator):
        self.generator = iter(generator)

    def get_iterator(self):
        for batch in self.generator:
            yield unpack_batch(batch, "the generator")

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass


def is_generator(data):
    """True for iterators (generators, ``iter(...)``, map objects, ...)."""
    return hasattr(data, "__next__") and hasattr(data, "__iter__")
