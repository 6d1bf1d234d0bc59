"""Cosine schedules: CosineDecay (with optional linear warmup) and CosineDecayRestarts (SGDR)."""

import math

import numpy as np

from nbkeras.optimizers.schedules.base import LearningRateSchedule, check_positive, float32


def cosine_factor(fraction, alpha):
    """``(1 - alpha) * 0.5 * (1 + cos(pi * fraction)) + alpha``: from 1 down to alpha."""
    cosine = float32(0.5) * (float32(1) + np.cos(float32(math.pi) * fraction))
    return float32(1 - alpha) * cosine + float32(alpha)


class CosineDecay(LearningRateSchedule):
    """Half a cosine from the rate down to ``alpha * rate`` over ``decay_steps``.

    With ``warmup_target``, the rate first grows linearly from
    ``initial_learning_rate`` to ``warmup_target`` over ``warmup_steps``,
    then decays from ``warmup_target``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: length of the decay.
        alpha: the final rate as a fraction of the starting one.
        name: kept in the config.
        warmup_target: the rate reached after warmup (None: no warmup).
        warmup_steps: length of the warmup.

    Example:
        >>> import nbkeras as keras
        >>> schedule = keras.optimizers.schedules.CosineDecay(0.1, decay_steps=10)
        >>> round(float(schedule(5)), 6)
        0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        check_positive(decay_steps, "decay_steps", type(self).__name__)
        self.initial_learning_rate, self.decay_steps, self.alpha = initial_learning_rate, decay_steps, alpha
        self.name, self.warmup_target, self.warmup_steps = name, warmup_target, warmup_steps

    def __call__(self, step):
        initial, decay_steps, step = (float32(self.initial_learning_rate),
                                      float32(self.decay_steps), float32(step))
        if self.warmup_target is None:
            step = np.minimum(step, decay_steps)
            return initial * cosine_factor(step / decay_steps, self.alpha)
        target, warmup_steps = float32(self.warmup_target), float32(self.warmup_steps)
        step = np.minimum(step, decay_steps + warmup_steps)
        if step < warmup_steps:
            return (target - initial) * (step / warmup_steps) + initial
        return target * cosine_factor((step - warmup_steps) / decay_steps, self.alpha)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "alpha": self.alpha, "name": self.name,
                "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay that restarts ("warm restarts", SGDR, Loshchilov and Hutter).

    Period ``i`` lasts ``first_decay_steps * t_mul**i`` steps and starts from
    ``initial_learning_rate * m_mul**i``.

    Args:
        initial_learning_rate: the rate at step 0.
        first_decay_steps: length of the first period.
        t_mul: each period is this many times longer than the previous one.
        m_mul: each restart starts at this fraction of the previous start.
        alpha: the lowest rate as a fraction of the period's start.
        name: kept in the config.

    Example:
        >>> import nbkeras as keras
        >>> schedule = keras.optimizers.schedules.CosineDecayRestarts(0.1, 10)
        >>> round(float(schedule(10)), 6)
        0.1
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name="SGDRDecay"):
        check_positive(first_decay_steps, "first_decay_steps", type(self).__name__)
        self.initial_learning_rate, self.first_decay_steps = initial_learning_rate, first_decay_steps
        self.t_mul, self.m_mul, self.alpha, self.name = t_mul, m_mul, alpha, name

    def __call__(self, step):
        t_mul, m_mul = float32(self.t_mul), float32(self.m_mul)
        fraction = float32(step) / float32(self.first_decay_steps)
        if t_mul == 1.0:
            restart = np.floor(fraction)
            fraction = fraction - restart
        else:
            # Periods grow geometrically: invert their cumulative length 1 + t + t^2 + ...
            restart = np.floor(np.log(float32(1) - fraction * (float32(1) - t_mul)) / np.log(t_mul))
            elapsed = (float32(1) - np.power(t_mul, restart)) / (float32(1) - t_mul)
            fraction = (fraction - elapsed) / np.power(t_mul, restart)
        start = np.power(m_mul, restart)
        cosine = float32(0.5) * start * (float32(1) + np.cos(float32(math.pi) * fraction))
        alpha = float32(self.alpha)
        return float32(self.initial_learning_rate) * ((float32(1) - alpha) * cosine + alpha)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self.t_mul,
                "m_mul": self.m_mul, "alpha": self.alpha, "name": self.name}
