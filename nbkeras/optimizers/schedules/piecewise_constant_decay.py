"""PiecewiseConstantDecay: a fixed rate between step boundaries."""

from nbkeras.optimizers.schedules.base import LearningRateSchedule, float32


class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[0]`` while ``step <= boundaries[0]``, ``values[1]`` up to ``boundaries[1]``, ...

    Args:
        boundaries: increasing step numbers where the rate changes.
        values: one more value than boundaries.
        name: kept in the config.

    Example:
        >>> import nbkeras as keras
        >>> schedule = keras.optimizers.schedules.PiecewiseConstantDecay([10], [0.1, 0.01])
        >>> [round(float(schedule(s)), 6) for s in (10, 11)]
        [0.1, 0.01]
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, values={values} "
                f"of length {len(values)}.")
        self.boundaries, self.values, self.name = list(boundaries), list(values), name

    def __call__(self, step):
        for boundary, value in zip(self.boundaries, self.values):
            if step <= boundary:
                return float32(value)
        return float32(self.values[-1])

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}
