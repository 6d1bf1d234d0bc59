"""LearningRateSchedule: a learning rate that changes with the optimizer step."""

import numpy as np

from nbkeras.identifiers import ConfigObject


class LearningRateSchedule(ConfigObject):
    """Base class of schedules: ``schedule(step)`` returns the rate for that step.

    The optimizer calls the schedule with its ``iterations`` before every
    update, so schedules count optimizer steps (batches), not epochs.
    Subclasses implement ``__call__(step)`` and ``get_config()``.

    Example:
        >>> import nbkeras as keras
        >>> class Halving(keras.optimizers.schedules.LearningRateSchedule):
        ...     def __call__(self, step):
        ...         return 0.1 / (step + 1)
        >>> optimizer = keras.optimizers.SGD(learning_rate=Halving())
        >>> float(optimizer.learning_rate)
        0.10000000149011612
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `get_config()`.")


    def plot_points(self, steps):
        """The rate at each of ``steps`` as a float32 array (handy for plotting).

        Args:
            steps: an iterable of integer steps.

        Returns:
            A float32 NumPy array.
        """
        return np.array([self(int(step)) for step in steps], dtype=np.float32)


def float32(value):
    """Rounds to a float32 scalar: Keras evaluates schedules in float32 tensors."""
    return np.float32(value)


def check_positive(value, name, schedule):
    """Raises a clear error when a count such as ``decay_steps`` is not positive."""
    if not value > 0:
        raise ValueError(f"{schedule}: `{name}` must be > 0. Received: {name}={value!r}")
