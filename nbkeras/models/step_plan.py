"""A recorded step: the ops of one training (or test, or predict) step, replayed from a list.

When a model's graph does not depend on the data, every step of a given input
signature (shapes, dtypes, training flag) runs the same ops in the same
order. ``RecordedStep`` keeps the op instances and Tensors of one recorded
step and replays it: each op's ``forward`` runs again on the new arrays
(``Op.forward`` saves on the op what its backward needs, so the same instance
serves every step), then the backward passes run in reverse through the same
``run_backward`` as the tape. No ``Layer.__call__``, no ``Op.apply``, no new
Tensors: the same Python the ordinary path runs minus the bookkeeping, so
the results are bit-identical.

A plan is built from two recorded steps (the first two batches of a
signature, run on the ordinary path). Every op input that no recorded op
produced and that is not a Variable is checked in both: either it is a batch
array (as given, or cast/reshaped as the layers do), refreshed each step, or
it has the same value in both steps, a constant. Anything else (a different
op sequence, attribute or value) was computed from the data in Python, and
the signature falls back to the ordinary path. See docs/step_plan.md.
"""

import functools

import numpy as np

from nbkeras.ops.host import HostCall
from nbkeras.ops.nn.image_halves import Deferral
from nbkeras.ops.tape import run_backward
from nbkeras.ops.tensor import Tensor, Variable


def flatten_batch(structure, leaves):
    """Appends the arrays of ``x``/``y``/``sample_weight`` to ``leaves``; returns their layout."""
    if structure is None:
        return None
    if isinstance(structure, np.ndarray):
        leaves.append(structure)
        return "a"
    if isinstance(structure, dict):
        return ("d",) + tuple((k, flatten_batch(v, leaves)) for k, v in structure.items())
    if isinstance(structure, (list, tuple)):
        return ("l",) + tuple(flatten_batch(v, leaves) for v in structure)
    raise TypeError(type(structure).__name__)


class Recording:
    """One step run on the ordinary path with an ``OpRecorder`` active."""

    def __init__(self, recorder, leaves):
        self.entries = recorder.entries
        self.y_pred, self.loss = recorder.result
        self.leaves = leaves


class PlanMismatch(Exception):
    """The two recordings differ: something is computed from the data in Python."""


class RecordedStep:
    """The flat plan of one step signature, built from two recordings.

    Attributes:
        entries: ``(op, inputs, attributes, outputs)`` in forward order.
        taped: the ops whose backward runs, in forward order (empty without training).
        feeds: ``(tensor, leaf index, dtype or None, shape)``: Tensors refreshed
            from the batch arrays before each replay.
        y_pred, loss: the Tensors holding the outputs and the loss after a replay.
    """

    def __init__(self, first, second):
        if len(first.entries) != len(second.entries):
            raise PlanMismatch(f"the two recorded steps ran {len(first.entries)} and "
                               f"{len(second.entries)} ops")
        produced_first, produced = {}, {}
        self.feeds, self.entries, self.taped = [], [], []
        self.constants = False  # True if an op reads a value computed in Python (not a batch array)
        fed = set()
        for index, (one, two) in enumerate(zip(first.entries, second.entries)):
            op_one, inputs_one, _, outputs_one, taped_one, before_one = one
            op, inputs, attributes, outputs, taped, before = two
            where = f"op {index + 1} ({type(op).__name__})"
            if type(op_one) is not type(op) or len(inputs_one) != len(inputs) \
                    or taped_one != taped or len(outputs_one) != len(outputs):
                raise PlanMismatch(f"{where} differs between the two recorded steps")
            if isinstance(op, HostCall) and not op.same_function(op_one):
                raise PlanMismatch(f"{where} calls different Python functions in two steps")
            if not _same_attributes(before_one, before):
                raise PlanMismatch(f"an attribute of {where} differs between two steps")
            for slot, (a, b) in enumerate(zip(inputs_one, inputs)):
                self._classify(a, b, produced_first, produced, first, second, fed,
                               f"input {slot + 1} of {where}")
            for number, (a, b) in enumerate(zip(outputs_one, outputs)):
                produced_first[id(a)], produced[id(b)] = (index, number), (index, number)
            self.entries.append((op, inputs, attributes, outputs))
            if taped:
                self.taped.append(op)
        self.y_pred, self.loss = second.y_pred, second.loss
        # Only plans with conv or pooling ops pay for the hand-over queue (W5: ~3 us a step).
        self.defers = any(getattr(op, "defers_halves", False) for op in self.taped) \
            or any(getattr(entry[0], "defers_halves", False) for entry in self.entries)
        self.fused = None  # the FusedUpdates of a training plan (step_plan_fused.py)
        self.dense = None  # the DenseChain of a training plan (step_plan_dense.py)
        self._check_result(first, produced_first, produced)

    def _classify(self, a, b, produced_first, produced, first, second, fed, where):
        if a is None or b is None:
            if a is not b:
                raise PlanMismatch(f"{where} is missing in one recorded step")
            return
        if id(b) in produced:
            if produced_first.get(id(a)) != produced[id(b)]:
                raise PlanMismatch(f"{where} comes from different ops in the two steps")
            return
        if isinstance(b, Variable):
            if a is not b:
                raise PlanMismatch(f"{where} reads different variables in the two steps")
            return
        leaf = _leaf_source(a.data, first.leaves)
        if leaf is not None and leaf == _leaf_source(b.data, second.leaves):
            if id(b) not in fed:
                fed.add(id(b))
                same = b.data is second.leaves[leaf[0]]
                self.feeds.append((b, leaf[0], None if same else b.data.dtype, b.data.shape))
            return
        if not _same_value(a.data, b.data):
            raise PlanMismatch(f"{where} is computed from the data outside ops")
        self.constants = True

    def _check_result(self, first, produced_first, produced):
        """The outputs and loss must be op outputs (or fed arrays) at the same places."""
        for a, b in zip(_tensors(first.y_pred) + _tensors(first.loss),
                        _tensors(self.y_pred) + _tensors(self.loss)):
            if produced_first.get(id(a)) != produced.get(id(b)):
                raise PlanMismatch("the model's outputs are not made by its ops")

    def feed(self, leaves):
        """Puts the new batch arrays into the fed Tensors, converted as the layers do."""
        for tensor, leaf, dtype, shape in self.feeds:
            array = leaves[leaf]
            tensor.data = array if dtype is None else np.asarray(array, dtype=dtype).reshape(shape)

    def forward(self):
        """Runs every recorded op's forward again on the current arrays.

        Consecutive conv and pooling ops hand their image halves to the second
        thread once (``Deferral``); the queue runs before any other op and at the end.
        """
        if not self.defers:
            for entry in self.entries:
                _replay(*entry)
            return
        try:
            for entry in self.entries:
                Deferral.begin(entry[0])
                _replay(*entry)
                Deferral.end()
            Deferral.flush()
        except BaseException:
            Deferral.discard()
            raise

    def backward(self, after_op=None):
        """The tape's backward walk over the recorded ops, from the loss (halves as in ``forward``)."""
        if not self.defers:
            run_backward(self.taped, self.loss, after_op=after_op)
            return
        try:
            run_backward(self.taped, self.loss, after_op=after_op, deferral=Deferral)
        except BaseException:
            Deferral.discard()
            raise

    def counts(self):
        """(forward ops, Python calls, backward ops) for ``model.step_plan``."""
        host = sum(isinstance(entry[0], HostCall) for entry in self.entries)
        return len(self.entries) - host, host, len(self.taped)


def _replay(op, inputs, attributes, outputs):
    """One recorded op's forward on its inputs' current arrays, into its output Tensors."""
    data = op.forward(*[None if t is None else t.data for t in inputs], **attributes)
    if len(outputs) == 1:
        outputs[0].data = data if type(data) is np.ndarray else np.asarray(data)
    else:
        for output, array in zip(outputs, data):
            output.data = array if type(array) is np.ndarray else np.asarray(array)


def _tensors(structure):
    if isinstance(structure, Tensor):
        return [structure]
    if isinstance(structure, dict):
        return [t for v in structure.values() for t in _tensors(v)]
    if isinstance(structure, (list, tuple)):
        return [t for v in structure for t in _tensors(v)]
    return []


def _leaf_source(array, leaves):
    """``(index, how)`` of the batch array that ``array`` is (or a cast/reshape of), else None."""
    for index, leaf in enumerate(leaves):
        if array is leaf:
            return (index, "same")
    for index, leaf in enumerate(leaves):
        # np.asarray returns the array itself when nothing changes: a copy of the same
        # dtype and shape is not a conversion (or a view) but a constant that happens to
        # be equal.
        converted = leaf.dtype != array.dtype or leaf.shape != array.shape \
            or np.may_share_memory(leaf, array)
        if converted and leaf.size == array.size and leaf.size > 0 and _same_value(
                np.asarray(leaf, dtype=array.dtype).reshape(array.shape), array):
            return (index, "converted")
    return None


def _same_value(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")


def _same_attributes(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_attributes(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        return _same_value(a, b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same_attributes(x, y) for x, y in zip(a, b))
    if isinstance(a, Tensor):
        return a is b
    if isinstance(a, functools.partial):  # made anew at each step: the same function and arguments
        return a.func is b.func and _same_attributes(a.args, b.args) \
            and _same_attributes(a.keywords, b.keywords)
    try:
        return bool(a is b or a == b)
    except (TypeError, ValueError):
        return False
