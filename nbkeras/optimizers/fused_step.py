"""The optimizer step fused into backward: one variable at a time, as soon as its gradient is final.

A step plan (``models/step_plan_fused.py``) calls ``begin_fused_step``, then
``update_variable(i)`` right after the backward pass that finished variable
``i``'s gradient (its values, gradient and slots are still in cache), then
``finish_fused_step``. Together they do what ``Optimizer.step`` does, in the
same order per variable (zero a gradient nothing reached, clip, decay,
update), and the update kernels are elementwise, so one call per variable's
slice of the flat buffers gives the same bits as one call over all of them.
Iterations and the learning rate (a schedule) are read once per step, as in
``step``.
"""

import numpy as np


class FusedStepMethods:
    """Mixed into ``Optimizer``: the per-variable step a step plan fuses into backward."""

    # Attributes that ``update`` advances once per step, not per variable (Nadam's
    # u_product): kept during a fused step, set once at its end.
    _per_step_attributes = ()

    def fused_step_reason(self):
        """Why this optimizer cannot update variable by variable, or None."""
        if self.global_clipnorm:
            return "global_clipnorm needs every gradient before the first update"
        return None

    def begin_fused_step(self):
        """Starts a step whose variables ``update_variable`` updates one by one."""
        self.zero_grads()
        parts = self.__dict__.get("_parts")
        if parts is None or parts[0] is not self._flat_values:
            ranges = list(zip(self._offsets[:-1], self._offsets[1:]))
            self._parts = (self._flat_values, [self._views(start, stop) for start, stop in ranges],
                           {})  # the last: runs of variables updated together, by pattern
        self._fused_learning_rate = self.learning_rate
        self._fused_done = [False] * len(self._variables)
        self._fused_state = {name: getattr(self, name) for name in self._per_step_attributes}

    def update_variable(self, index):
        """Clips, decays and updates variable ``index`` of ``variables`` (its gradient is final)."""
        self._prepare_variable(index)
        self._update_views(self._parts[1][index])
        self._fused_done[index] = True

    def finish_fused_step(self):
        """Updates the variables not updated yet, then ends the step as ``step`` does.

        Neighbouring variables of the flat buffers are updated by one kernel
        call (a model's biases and small kernels: fewer calls than one each).
        """
        pattern = tuple(self._fused_done)
        runs = self._parts[2].get(pattern)
        if runs is None:
            runs = self._parts[2][pattern] = self._runs_not_done(pattern)
        for indices, views in runs:
            for index in indices:
                self._prepare_variable(index)
            self._update_views(views)
        for name, value in self._fused_state.items():
            setattr(self, name, value)
        self.iterations += 1
        self._apply_constraints()

    def _views(self, start, stop):
        """The values, gradients and slots of positions ``start:stop`` of the flat buffers."""
        return (self._flat_values[start:stop], self._flat_grads[start:stop],
                {name: slot[start:stop] for name, slot in self._slots.items()})

    def _runs_not_done(self, done):
        runs, current = [], []
        for index, finished in enumerate(list(done) + [True]):
            if not finished:
                current.append(index)
            elif current:
                views = self._views(self._offsets[current[0]], self._offsets[current[-1] + 1])
                runs.append((current, views))
                current = []
        return runs

    def _prepare_variable(self, index):
        """What ``step`` does to a gradient before the update: zero if unused, clip, decay."""
        variable = self._variables[index]
        values, grads, _ = self._parts[1][index]
        if variable.grad_is_zero:  # the loss did not depend on it
            variable.grad.fill(0)
            variable.grad_is_zero = False
        dtype = grads.dtype.type
        if self.clipnorm and self.clipnorm > 0:
            self._clip_variable_norm(variable, dtype(self.clipnorm))
        elif self.clipvalue and self.clipvalue > 0:
            np.clip(grads, -dtype(self.clipvalue), dtype(self.clipvalue), out=grads)
        if self.weight_decay is not None:
            if self._decay_mask is None:
                self._decay_mask = [self._use_weight_decay(v) for v in self._variables]
            if self._decay_mask[index]:
                values *= dtype(1) - dtype(self.weight_decay) * dtype(self._fused_learning_rate)

    def _update_views(self, views):
        values, grads, slots = views
        full, self._slots = self._slots, slots
        started = [getattr(self, name) for name in self._per_step_attributes]
        try:
            self.update(values, grads, self._fused_learning_rate)
        finally:
            self._slots = full
        if started:
            self._fused_state = {name: getattr(self, name) for name in self._per_step_attributes}
            for name, value in zip(self._per_step_attributes, started):
                setattr(self, name, value)
