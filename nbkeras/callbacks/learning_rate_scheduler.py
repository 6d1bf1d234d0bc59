"""LearningRateScheduler: set the learning rate from a function of the epoch."""

import numpy as np

from nbkeras.callbacks.callback import Callback


class LearningRateScheduler(Callback):
    """Calls ``schedule(epoch, lr)`` before each epoch and sets the optimizer's learning rate.

    Adds ``learning_rate`` to the epoch logs.

    Args:
        schedule: ``schedule(epoch, lr) -> float`` (0-based epoch); a
            one-argument ``schedule(epoch)`` also works.
        verbose: 1 prints the new rate each epoch.

    Example:
        >>> halve = LearningRateScheduler(lambda epoch, lr: lr if epoch < 2 else lr / 2)
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            learning_rate = self.schedule(epoch, float(optimizer.learning_rate))
        except TypeError:  # a one-argument schedule
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError("The output of the `schedule` function should be a float. "
                             f"Got: {learning_rate}")
        optimizer.learning_rate = float(learning_rate)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                  f"{learning_rate}.", flush=True)

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.learning_rate)
