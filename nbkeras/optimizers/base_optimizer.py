"""The Optimizer base class: clipping, weight decay, the update, constraints.

Speed trick, invisible to users: when an optimizer is built, the values of
all its variables are moved into ONE flat array (each Variable keeps a
view of its slice), and their gradients into another. An update step is
then one kernel call over the whole model instead of one per weight, which
matters for the small models of a course.
"""

import re

import numpy as np

from nbkeras.naming import to_snake_case, unique_name
from nbkeras.optimizers.fused_step import FusedStepMethods


class Optimizer(FusedStepMethods):
    """Base class of optimizers, with the arguments every Keras 3 optimizer takes.

    Args:
        learning_rate: a float, a ``LearningRateSchedule`` (evaluated at
            ``iterations`` before each step) or a callable without arguments.
        weight_decay: decoupled weight decay: before each update,
            ``w -= w * weight_decay * learning_rate``.
        clipnorm: clip each gradient to this norm.
        clipvalue: clip each gradient element to ``[-clipvalue, clipvalue]``.
        global_clipnorm: clip all gradients together to this norm.
        name: the optimizer name (default: snake_case class name).

    At most one of ``clipnorm``, ``clipvalue`` and ``global_clipnorm`` may be
    set (as in Keras 3). Subclasses implement ``build_slots`` and ``update``.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> w = keras.Variable(np.array([1.0, 2.0], dtype="float32"))
        >>> optimizer = keras.optimizers.SGD(learning_rate=0.1)
        >>> optimizer.apply([np.array([1.0, 1.0], dtype="float32")], [w])
        >>> w.numpy()
        array([0.9, 1.9], dtype=float32)
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Argument(s) not recognized by {type(self).__name__}: {kwargs}")
        if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be "
                             f"set. Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}. Keep the one you need.")
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
        self._schedule = self._learning_rate = None
        self.learning_rate = learning_rate
        self.built = False
        self._variables = []
        self._slots = {}
        self._slot_groups = []
        self._exclude_ids, self._exclude_pattern = set(), None
        self._decay_mask = None

    # ------------------------------------------------------------------ learning rate
    @property
    def learning_rate(self):
        """The current learning rate, a float32 (a schedule is evaluated at ``iterations``)."""
        if self._schedule is not None:
            if _is_schedule(self._schedule):
                return np.float32(self._schedule(self.iterations))
            return np.float32(self._schedule())
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        """Sets a new rate (e.g. between epochs); a float cannot replace a schedule."""
        if callable(value):
            self._schedule, self._learning_rate = value, None
            return
        if self._schedule is not None and _is_schedule(self._schedule):
            raise TypeError(
                f"Optimizer '{self.name}' was created with a LearningRateSchedule "
                f"({type(self._schedule).__name__}), so its learning rate is not settable. "
                f"Received: learning_rate={value!r}. Create the optimizer with a float "
                "learning_rate if you need to change it during training.")
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
        self._slots, self._slot_groups = {}, []
        self._decay_mask = None
        self.build_slots()
        self.built = True

    def build_slots(self):
        """Subclasses create their state here with ``add_slot`` or ``add_slots``."""

    def add_slot(self, name, initial_value=0.0):
        """Creates a flat state array (e.g. Adam's ``momentum``) covering all variables."""
        return self.add_slots([name], initial_value)[0]

    def add_slots(self, names, initial_value=0.0):
        """Creates several slots listed together, per variable, in ``variables`` (Keras order).

        Keras lists Adam's state as ``var0_momentum, var0_velocity,
        var1_momentum, ...``: slots created by one ``add_slots`` call
        interleave that way.

        Returns:
            The list of new flat arrays.
        """
        created = []
        for name in names:
            slot = np.full(self._flat_values.shape, initial_value, dtype=self._flat_values.dtype)
            self._slots[name] = slot
            created.append(slot)
        self._slot_groups.append(list(names))
        return created

    def slot_of(self, name, variable):
        """The part of slot ``name`` that belongs to ``variable``, shaped like it."""
        index = next(i for i, v in enumerate(self._variables) if v is variable)
        start, stop = self._offsets[index], self._offsets[index + 1]
        return self._slots[name][start:stop].reshape(variable.shape)

    @property
    def variables(self):
        """The optimizer state: iterations, learning rate, then each slot per variable."""
        state = [np.int64(self.iterations), np.float32(self.learning_rate)]
        for group in self._slot_groups:
            for variable in self._variables:
                state.extend(self.slot_of(name, variable) for name in group)
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
        if self.weight_decay is not None:
            self._apply_weight_decay(learning_rate)
        self.update(self._flat_values, self._flat_grads, learning_rate)
        self.iterations += 1
        self._apply_constraints()

    def _apply_constraints(self):
        for variable in self._variables:
            if variable.constraint is not None:
                variable.assign(variable.constraint(variable.data))

    def update(self, values, grads, learning_rate):
        """Subclasses apply their rule to the flat arrays here (in place)."""
        raise NotImplementedError(f"{type(self).__name__} has no update rule.")

    def _clip_gradients(self):
        """Keras's formulas: ``g * c / max(norm, c)`` per variable, or a global scale."""
        grads = self._flat_grads
        dtype = grads.dtype.type
        if self.clipnorm and self.clipnorm > 0:
            for variable in self._variables:
                self._clip_variable_norm(variable, dtype(self.clipnorm))
        elif self.global_clipnorm and self.global_clipnorm > 0:
            squared = [np.sum(np.square(v.grad)) for v in self._variables]
            norm = np.sqrt(np.sum(np.array(squared, dtype=grads.dtype)))
            clipnorm = dtype(self.global_clipnorm)
            # inf/nan norms make the scale nan, as in Keras (the step is then visibly broken).
            scale = clipnorm * np.minimum(dtype(1) / norm, dtype(1.0 / self.global_clipnorm))
            scale = scale + (norm - norm)
            grads *= scale
        elif self.clipvalue and self.clipvalue > 0:
            np.clip(grads, -dtype(self.clipvalue), dtype(self.clipvalue), out=grads)

    @staticmethod
    def _clip_variable_norm(variable, clipnorm):
        norm = np.sqrt(np.sum(np.square(variable.grad)))
        variable.grad[...] = (variable.grad * clipnorm) / np.maximum(norm, clipnorm)

    # ------------------------------------------------------------------ weight decay
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exempts variables from weight decay (call before the optimizer is built).

        Args:
            var_list: Variables to exempt.
            var_names: substrings; a variable whose name contains one is
                exempt (e.g. ``["bias"]``).
        """
        if self.built:
            raise ValueError("`exclude_from_weight_decay()` can only be configured before the "
                             f"optimizer is built; optimizer '{self.name}' already is. Call it "
                             "right after creating the optimizer.")
        self._exclude_ids = {id(v) for v in var_list or ()}
        self._exclude_pattern = re.compile("|".join(set(var_names))) if var_names else None
        self._decay_mask = None

    def _use_weight_decay(self, variable):
        if id(variable) in self._exclude_ids:
            return False
        return not (self._exclude_pattern is not None
                    and self._exclude_pattern.search(variable.name or "") is not None)

    def _apply_weight_decay(self, learning_rate):
        """``w *= 1 - weight_decay * learning_rate`` on the variables not exempted.

        Keras's generic form is ``w - w * wd * lr``; its torch backend, which
        produced our golden values, multiplies by ``1 - wd * lr``. The two
        differ by one float32 rounding; we follow the torch form.
        """
        values = self._flat_values
        dtype = values.dtype.type
        factor = dtype(1) - dtype(self.weight_decay) * dtype(learning_rate)
        if self._decay_mask is None:
            self._decay_mask = [self._use_weight_decay(v) for v in self._variables]
        if all(self._decay_mask):
            values *= factor
            return
        for use, start, stop in zip(self._decay_mask, self._offsets[:-1], self._offsets[1:]):
            if use:
                values[start:stop] *= factor

    # ------------------------------------------------------------------ config
    def get_config(self):
        """The constructor arguments, with Keras 3's keys (a schedule is serialized)."""
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
        """Rebuilds the optimizer; a serialized schedule becomes a schedule again."""
        config_dict = dict(config_dict)
        if isinstance(config_dict.get("learning_rate"), dict):
            from nbkeras.optimizers import schedules

            config_dict["learning_rate"] = schedules.deserialize(config_dict["learning_rate"])
        return cls(**config_dict)

    def __repr__(self):
        return (f"<{type(self).__name__} name={self.name}, learning_rate="
                f"{float(self.learning_rate):.6g}, iterations={self.iterations}>")


def _is_schedule(value):
    """A LearningRateSchedule (takes the step) as opposed to a plain callable (takes nothing)."""
    from nbkeras.optimizers.schedules import LearningRateSchedule

    return isinstance(value, LearningRateSchedule)


def _serialize_schedule(schedule):
    if hasattr(schedule, "get_config"):
        return {"module": "keras.optimizers.schedules", "class_name": type(schedule).__name__,
                "config": schedule.get_config(), "registered_name": None}
    return schedule
