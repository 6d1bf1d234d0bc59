"""InverseTimeDecay: ``initial_learning_rate / (1 + decay_rate * step / decay_steps)``."""

import numpy as np

from nbkeras.optimizers.schedules.base import LearningRateSchedule, check_positive, float32


class InverseTimeDecay(LearningRateSchedule):
    """Decays the rate like ``1 / t``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: how often the decay is applied.
        decay_rate: the rate of decay.
        staircase: use ``floor(step / decay_steps)`` (whole jumps).
        name: kept in the config.

    Example:
        >>> import nbkeras as keras
        >>> schedule = keras.optimizers.schedules.InverseTimeDecay(0.1, 10, 1.0)
        >>> round(float(schedule(10)), 6)
        0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        check_positive(decay_steps, "decay_steps", type(self).__name__)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps, self.decay_rate = decay_steps, decay_rate
        self.staircase, self.name = staircase, name

    def __call__(self, step):
        progress = float32(step) / float32(self.decay_steps)
        if self.staircase:
            progress = np.floor(progress)
        denominator = float32(1) + float32(self.decay_rate) * progress
        return float32(self.initial_learning_rate) / denominator

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}
