"""Where a replayed training step updates each variable: right after its last backward pass.

The backward walk runs the recorded ops in reverse, so a variable's gradient
is final once the backward of the first op (in forward order) that reads it
has run. Updating it there, while the gradient just written is in cache,
saves the separate pass over all parameters (``Optimizer.step``); see
``optimizers/fused_step.py`` for why the result is the same bits.

Updating a variable early is only safe if no backward pass that runs later
reads its values: ops that read it directly are done by then, but an op fed
a *view* of a weight (a transpose of a tied embedding) would see the new
values. Such plans, and optimizers that need every gradient first
(``global_clipnorm``), keep the single update after backward.

Only variables of at least ``FUSE_FROM_SIZE`` values whose gradient is final
before the last backward pass are updated inside the walk: the others
(biases, small kernels, the first layer's kernel) are updated after it, with
one kernel call per run of neighbours in the flat buffers. For them the cache
gain is nil and a call each costs more than one call for all (W5, 1-2-1: 20%
slower when every variable was updated on its own).
"""

import functools

import numpy as np

from nbkeras.ops.tensor import Variable

# 32768 float32 values: with its gradient and two Adam moments, 512 KB (an L2 cache).
FUSE_FROM_SIZE = 32768


class FusedUpdates:
    """The per-variable updates of one recorded training step for one optimizer build.

    Attributes:
        reason: why updates cannot be fused into backward, or None.
        after_op: ``{index in plan.taped: callable}`` for ``run_backward``.
        count: the number of variables updated inside the backward walk.
    """

    def __init__(self, plan, optimizer):
        self.key = (id(optimizer), id(optimizer._flat_values))
        self.after_op, self.count = {}, 0
        self.reason = optimizer.fused_step_reason() or _view_of_weights(plan, optimizer)
        if self.reason is not None:
            return
        position = {id(v): i for i, v in enumerate(optimizer._variables)}
        first_reader = {}
        for index, op in enumerate(plan.taped):
            for tensor in op.inputs:
                if tensor is not None and id(tensor) in position \
                        and tensor.data.size >= FUSE_FROM_SIZE:
                    first_reader.setdefault(id(tensor), index)
        variables_after = {}
        for variable_id, index in first_reader.items():
            if index > 0:  # read by the first op: its backward is the last, nothing follows
                variables_after.setdefault(index, []).append(position[variable_id])
        self.after_op = {index: functools.partial(_update, optimizer, tuple(indices))
                         for index, indices in variables_after.items()}
        self.count = sum(len(indices) for indices in variables_after.values())


def _update(optimizer, indices):
    for index in indices:
        optimizer.update_variable(index)


def _view_of_weights(plan, optimizer):
    flat = optimizer._flat_values
    for op, inputs, _, outputs in plan.entries:
        for tensor in inputs + tuple(outputs):
            if tensor is not None and not isinstance(tensor, Variable) \
                    and np.may_share_memory(tensor.data, flat):
                return (f"{type(op).__name__} reads a view of a weight, so weights wait "
                        "until the backward pass ends")
    return None
