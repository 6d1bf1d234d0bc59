"""``keras.optimizers.schedules``: learning rates that change with the optimizer step."""

from nbkeras.optimizers.schedules.base import LearningRateSchedule
from nbkeras.optimizers.schedules.cosine_decay import CosineDecay, CosineDecayRestarts
from nbkeras.optimizers.schedules.exponential_decay import ExponentialDecay
from nbkeras.optimizers.schedules.inverse_time_decay import InverseTimeDecay
from nbkeras.optimizers.schedules.piecewise_constant_decay import PiecewiseConstantDecay
from nbkeras.optimizers.schedules.polynomial_decay import PolynomialDecay

ALL_SCHEDULES = {cls.__name__: cls for cls in (
    CosineDecay, CosineDecayRestarts, ExponentialDecay, InverseTimeDecay,
    PiecewiseConstantDecay, PolynomialDecay)}

__all__ = ["LearningRateSchedule", *sorted(ALL_SCHEDULES), "serialize", "deserialize"]


def serialize(schedule):
    """The Keras 3 dict of a schedule: ``{"module", "class_name", "config", "registered_name"}``.

    Example:
        >>> import nbkeras as keras
        >>> serialize(keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))["class_name"]
        'ExponentialDecay'
    """
    return {"module": "keras.optimizers.schedules", "class_name": type(schedule).__name__,
            "config": schedule.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """Rebuilds a schedule from ``serialize``'s dict (or ``{"class_name", "config"}``).

    Raises:
        ValueError: for an unknown class name, listing the known ones.
    """
    classes = {**ALL_SCHEDULES, **(custom_objects or {})}
    name = config.get("class_name")
    if name not in classes:
        raise ValueError(f"Unknown learning rate schedule {name!r}. Known schedules: "
                         f"{', '.join(sorted(ALL_SCHEDULES))}; pass custom ones in "
                         "custom_objects={name: class}.")
    return classes[name].from_config(config.get("config", {}))
