"""The Optimizer base class: clipping, weight decay, the update, constraints.

Speed trick, invisible to users: when an optimizer is built, the values of
all its variables are moved into ONE flat array (each Variable keeps a
view of its slice), and their gradients into another. An update step is
then one kernel call over the whole model instead of one per weight, which
matters for the small models of a course.
"""

import numpy as np

from nbkeras.layers.naming import to_snake_case, unique_name


class Optimizer:
    """Base class of optimizers, with the arguments every Keras 3 optimizer takes.

    Args:
        learning_rate: a float or a ``LearningRateSchedule``.
        weight_decay: decoupled weight decay, applied before the update.
        clipnorm: clip each gradient to this norm.
        clipvalue: clip each gradient element to ``[-clipvalue, clipvalue]``.
        global_clipnorm: clip all gradients together to this norm.
        name: the optimizer name (default: snake_case class name).
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Argument(s) not recognized by {type(self).__name__}: {kwargs}")
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError("Only one of `clipnorm` and `global_clipnorm` can be set. "
                             f"Received: clipnorm={clipnorm}, global_clipnorm={global_clipnorm}")
        if use_ema or gradient_accumulation_steps or loss_scale_factor:
            raise ValueError(f"{type(self).__name__}: use_ema, gradient_accumulation_steps and "
                             "loss_scale_factor are not supported by nbkeras.")
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.use_ema, self.ema_momentum = use_ema, ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.iterations = 0
        self.learning_rate = learning_rate
        self.built = False
        self._variables = []
        self._slots = {}

    # ------------------------------------------------------------------ learning rate
    @property
    def learning_rate(self):
        """The current learning rate (a schedule is evaluated at ``iterations``)."""
        if self._schedule is not None:
            return np.float32(self._schedule(self.iterations))
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        if callable(value):
            self._schedule, self._learning_rate = value, None
        else:
            self._schedule, self._learning_rate = None, np.float32(value)

    # ------------------------------------------------------------------ building
    def build(self, variables):
        """Packs the variables into flat buffers and creates the optimizer slots."""
        self._variables = list(variables)
        dtypes = {v.data.dtype for v in self._variables}
        if len(dtypes) > 1:
            raise ValueError(f"Optimizer '{self.name}' needs all variables of one dtype; "
                             f"received {sorted(d.name for d in dtypes)}.")
        dtype = dtypes.pop() if dtypes else np.dtype("float32")
        sizes = [v.data.size for v in self._variables]
        self._offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self._flat_values = np.empty(int(self._offsets[-1]), dtype=dtype)
        self._flat_grads = np.zeros(int(self._offsets[-1]), dtype=dtype)
        for variable, start, stop in zip(self._variables, self._offsets[:-1], self._offsets[1:]):
            self._flat_values[start:stop] = variable.data.reshape(-1)
            variable.data = self._flat_values[start:stop].reshape(variable.shape)
            variable.grad = self._flat_grads[start:stop].reshape(variable.shape)
        self._slots = {}
        self.build_slots()
        self.built = True

    def build_slots(self):
        """Subclasses create their state here with ``add_slot``."""

    def add_slot(self, name, initial_value=0.0):
        """Creates a flat state array (e.g. Adam's ``momentum``) covering all variables."""
        slot = np.full(self._flat_values.shape, initial_value, dtype=self._flat_values.dtype)
        self._slots[name] = slot
        return slot

    def slot_of(self, name, variable):
        """The part of slot ``name`` that belongs to ``variable``, shaped like it."""
        index = next(i for i, v in enumerate(self._variables) if v is variable)
        start, stop = self._offsets[index], self._offsets[index + 1]
        return self._slots[name][start:stop].reshape(variable.shape)

    @property
    def variables(self):
        """The optimizer state: iterations, learning rate, then each slot per variable."""
        state = [np.int64(self.iterations), np.float32(self.learning_rate)]
        for name in self._slots:
            state.extend(self.slot_of(name, v) for v in self._variables)
        return state

    def count_params(self):
        """Number of scalars of optimizer state (what summary() calls optimizer params)."""
        return 2 + sum(slot.size for slot in self._slots.values()) if self.built else 0

    # ------------------------------------------------------------------ updating
    def zero_grads(self):
        """Marks every gradient buffer as zero before a backward pass.

        Nothing is written: the first gradient a variable receives overwrites
        its buffer (``Variable.accumulate_grad``), and ``step`` zeroes the
        buffers of variables that received none.
        """
        for variable, start, stop in zip(self._variables, self._offsets[:-1], self._offsets[1:]):
            if variable.grad is None or variable.grad.base is not self._flat_grads:
                variable.grad = self._flat_grads[start:stop].reshape(variable.shape)
            variable.grad_is_zero = True

    def apply_gradients(self, grads_and_vars):
        """Applies ``[(gradient, variable), ...]`` (Keras's classic API)."""
        grads, variables = zip(*list(grads_and_vars))
        return self.apply(list(grads), list(variables))

    def apply(self, grads, trainable_variables=None):
        """Applies one update with the given gradients to the given variables."""
        variables = list(trainable_variables) if trainable_variables is not None else self._variables
        if not self.built or len(variables) != len(self._variables) or any(
                a is not b for a, b in zip(variables, self._variables)):
            self.build(variables)
        self.zero_grads()
        for variable, grad in zip(variables, grads):
            if grad is not None:
                variable.grad[...] = np.asarray(grad.data if hasattr(grad, "data") else grad)
                variable.grad_is_zero = False
        self.step()

    def step(self):
        """Updates every variable from the gradients already in the buffers."""
        for variable in self._variables:
            if variable.grad_is_zero:  # the loss did not depend on it
                variable.grad.fill(0)
                variable.grad_is_zero = False
        self._clip_gradients()
        learning_rate = self.learning_rate
        if self.weight_decay:
            decay = np.float32(self.weight_decay) * learning_rate
            self._flat_values -= self._flat_values * decay.astype(self._flat_values.dtype)
        self.update(self._flat_values, self._flat_grads, learning_rate)
        self.iterations += 1
        for variable in self._variables:
            if variable.constraint is not None:
                variable.assign(variable.constraint(variable.data))

    def update(self, values, grads, learning_rate):
        """Subclasses apply their rule to the flat arrays here (in place)."""
        raise NotImplementedError(f"{type(self).__name__} has no update rule.")

    def _clip_gradients(self):
        grads = self._flat_grads
        if self.clipnorm is not None:
            for variable in self._variables:
                norm = np.sqrt(np.sum(np.square(variable.grad)))
                if norm > self.clipnorm:
                    variable.grad *= np.float32(self.clipnorm) / norm
        if self.global_clipnorm is not None:
            norm = np.sqrt(np.sum(np.square(grads)))
            if norm > self.global_clipnorm:
                grads *= np.float32(self.global_clipnorm) / norm
        if self.clipvalue is not None:
            np.clip(grads, -self.clipvalue, self.clipvalue, out=grads)

    # ------------------------------------------------------------------ config
    def get_config(self):
        learning_rate = (
            _serialize_schedule(self._schedule) if self._schedule is not None
            else float(self._learning_rate)
        )
        return {"name": self.name, "learning_rate": learning_rate,
                "weight_decay": self.weight_decay, "clipnorm": self.clipnorm,
                "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue,
                "use_ema": self.use_ema, "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency,
                "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config_dict):
        return cls(**config_dict)

    def __repr__(self):
        return (f"<{type(self).__name__} name={self.name}, learning_rate="
                f"{float(self.learning_rate):.6g}, iterations={self.iterations}>")


def _serialize_schedule(schedule):
    if hasattr(schedule, "get_config"):
        return {"module": "keras.optimizers.schedules", "class_name": type(schedule).__name__,
                "config": schedule.get_config(), "registered_name": None}
    return schedule
