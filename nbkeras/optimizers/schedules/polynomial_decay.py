"""PolynomialDecay: from the initial rate to ``end_learning_rate`` along ``(1 - p) ** power``."""

import numpy as np

from nbkeras.optimizers.schedules.base import LearningRateSchedule, check_positive, float32


class PolynomialDecay(LearningRateSchedule):
    """``(initial - end) * (1 - step / decay_steps) ** power + end``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: steps to reach ``end_learning_rate``.
        end_learning_rate: the final rate (default 1e-4).
        power: the exponent (1.0 = linear).
        cycle: restart the decay with a longer period after ``decay_steps``.
        name: kept in the config.

    Example:
        >>> import nbkeras as keras
        >>> schedule = keras.optimizers.schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.0)
        >>> round(float(schedule(5)), 6)
        0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        check_positive(decay_steps, "decay_steps", type(self).__name__)
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.end_learning_rate, self.power = end_learning_rate, power
        self.cycle, self.name = cycle, name

    def __call__(self, step):
        initial, end = float32(self.initial_learning_rate), float32(self.end_learning_rate)
        step, decay_steps = float32(step), float32(self.decay_steps)
        if self.cycle:
            # The first multiple of decay_steps above the step (1 at step 0).
            multiplier = float32(1) if step == 0 else np.ceil(step / float32(self.decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = np.minimum(step, decay_steps)
        fraction = step / decay_steps
        return (initial - end) * np.power(float32(1) - fraction, float32(self.power)) + end

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "end_learning_rate": self.end_learning_rate,
                "power": self.power, "cycle": self.cycle, "name": self.name}
