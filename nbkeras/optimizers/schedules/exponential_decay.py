"""ExponentialDecay: ``initial_learning_rate * decay_rate ** (step / decay_steps)``."""

import numpy as np

from nbkeras.optimizers.schedules.base import LearningRateSchedule, check_positive, float32


class ExponentialDecay(LearningRateSchedule):
    """Multiplies the rate by ``decay_rate`` every ``decay_steps`` steps.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: steps over which the rate is multiplied by ``decay_rate``.
        decay_rate: the factor (e.g. 0.96).
        staircase: decay in whole jumps (``floor(step / decay_steps)``).
        name: kept in the config.

    Example:
        >>> import nbkeras as keras
        >>> schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
        >>> round(float(schedule(10)), 6)
        0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        check_positive(decay_steps, "decay_steps", type(self).__name__)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps, self.decay_rate = decay_steps, decay_rate
        self.staircase, self.name = staircase, name

    def __call__(self, step):
        exponent = float32(step) / float32(self.decay_steps)
        if self.staircase:
            exponent = np.floor(exponent)
        return float32(self.initial_learning_rate) * np.power(float32(self.decay_rate), exponent)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}
