"""PlaygroundTrainer: trains the model in chunks of epochs that add up to one ``fit``.

``fit(epochs=a + b, initial_epoch=a)`` after ``fit(epochs=a)`` draws the same
shuffles and dropout masks as one ``fit(epochs=a + b)`` when nothing else
draws random numbers in between, which ``SeededStream`` guarantees. So a
Playground stepped one epoch per frame ends with the numbers of the plain
program that ``to_code()`` prints.
"""

import math

from nbkeras.playground.builder import build_model
from nbkeras.playground.seeding import SeededStream


class PlaygroundTrainer:
    """Owns the model, its random stream and the history of one Playground run.

    Args:
        config: a ``PlaygroundConfig``.
        data: ``(x_train, y_train, x_test, y_test)`` with the features already computed.
    """

    def __init__(self, config, data):
        self.config = config
        self.x_train, self.y_train, self.x_test, self.y_test = data
        self.stream = SeededStream(config.seed)
        with self.stream:
            self.model = build_model(config)
        self.history = {}
        self.epoch = 0

    @property
    def diverged(self):
        """True once the training loss is NaN or infinite (training then stops)."""
        losses = self.history.get("loss")
        return bool(losses) and not math.isfinite(losses[-1])

    def run(self, epochs=1):
        """Trains ``epochs`` more epochs (``fit`` with ``initial_epoch``); returns the epochs run."""
        if epochs < 1 or self.diverged:
            return 0
        with self.stream:
            history = self.model.fit(self.x_train, self.y_train, batch_size=self.config.batch_size,
                                     epochs=self.epoch + epochs, initial_epoch=self.epoch,
                                     validation_data=(self.x_test, self.y_test), verbose=0)
        for key, values in history.history.items():
            self.history.setdefault(key, []).extend(float(value) for value in values)
        self.epoch += len(history.epoch)
        return len(history.epoch)
