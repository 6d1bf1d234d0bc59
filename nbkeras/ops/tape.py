"""The tape: a list of the ops run while recording, replayed backwards.

Recording is off by default, so inference pays nothing for autodiff. The
trainer and ``GradientTape`` switch it on; ``no_grad()`` switches it off.
"""

import contextlib
import warnings

import numpy as np

# The tapes recording now, innermost last: the autodiff's only module state. ``Tape``
# pushes and pops itself; ``no_grad`` empties it for its block and restores it.
_active_tapes = []

# The op recorder of a step plan while it records one step (``OpRecorder``), else empty.
# ``Op.apply`` appends every op it runs to it, taped or not (see models/step_plan.py).
active_recorders = []


def current_tape():
    """Returns the innermost recording tape, or None when not recording."""
    return _active_tapes[-1] if _active_tapes else None


class _Stacked:
    """A context active while it sits on its kind's module stack (``_stack``), innermost last."""

    _stack = None

    def __enter__(self):
        self._stack.append(self)
        return self

    def __exit__(self, *exc_info):
        self._stack.remove(self)
        return False


class Tape(_Stacked):
    """Records ops in execution order and runs their backward passes in reverse.

    The record is already a topological order (an op is recorded after the ops
    that made its inputs), so ``backward`` needs no sorting.
    """

    _stack = _active_tapes

    def __init__(self):
        self.ops = []

    def record(self, op):
        self.ops.append(op)

    def backward(self, target, output_gradient=None):
        """Fills ``.grad`` of every tensor that ``target`` depends on.

        Args:
            target: the Tensor to differentiate (usually a scalar loss).
            output_gradient: d(something)/d(target); ones when omitted.
        """
        run_backward(self.ops, target, output_gradient)
        self.ops.clear()


def run_backward(ops, target, output_gradient=None, after_op=None, deferral=None):
    """Runs the backward passes of ``ops`` (a recorded order) in reverse from ``target``.

    Args:
        ops: the recorded ops, first to last.
        target: the Tensor to differentiate.
        output_gradient: d(something)/d(target); ones when omitted.
        after_op: optional ``{index in ops: callable}``, called once the op at that
            index is done (or skipped): a step plan updates a variable there, as
            soon as its gradient is final.
        deferral: optional ``image_halves.Deferral`` (a step plan): consecutive conv
            and pooling ops share one hand-over of their halves; the queue runs
            before a gradient is added into a Variable or onto another, before
            ``after_op`` and at the end.
    """
    dtype = target.data.dtype  # the array's dtype object: Tensor.dtype builds a name string
    if output_gradient is None:
        output_gradient = np.ones(target.shape, dtype=dtype)
    target.grad = np.asarray(output_gradient, dtype=dtype)
    for index in range(len(ops) - 1, -1, -1):
        op = ops[index]
        outputs = op.outputs
        if len(outputs) == 1:
            dy = outputs[0].grad
        else:
            dy = tuple(output.grad for output in outputs)  # None where unused
            if all(grad is None for grad in dy):
                dy = None
        if dy is not None:
            if deferral is None:
                input_grads = op.backward(dy)
            else:
                deferral.begin(op)
                input_grads = op.backward(dy)
                deferral.end()
            for tensor, grad in zip(op.inputs, input_grads):
                if grad is not None and tensor is not None and tensor.requires_grad:
                    # Adding reads the gradient (a Variable copies even the first): it must be done.
                    if deferral is not None and (tensor.grad is not None
                                                 or hasattr(tensor, "grad_is_zero")):
                        deferral.flush()
                    tensor.accumulate_grad(grad)
            for output in outputs:
                if not output.retains_grad:
                    output.grad = None  # free intermediate gradients as we go
        if after_op is not None and index in after_op:
            if deferral is not None:
                deferral.flush()
            after_op[index]()
    if deferral is not None:
        deferral.flush()


class OpRecorder(_Stacked):
    """Lists every op ``Op.apply`` runs inside its block, with its inputs and outputs.

    Each entry is ``(op, inputs, attributes, outputs, taped, before)``: the op
    instance, its input Tensors, its keyword attributes, its output Tensors (a
    tuple), whether the active tape recorded it, and the attributes as they
    were before ``forward`` (an op may fill a dict attribute, such as batch
    normalization's statistics). A step plan replays these entries.
    """

    _stack = active_recorders

    def __init__(self):
        self.entries = []


def attributes_before(attributes):
    """A copy of an op's attributes whose dicts will not change when ``forward`` fills them."""
    return {k: dict(v) if type(v) is dict else v for k, v in attributes.items()}


class GradientTape:
    """Records operations so that gradients can be asked for afterwards.

    Trainable variables are watched automatically; call ``watch`` for other
    tensors.

    Example:
        >>> import nbkeras as keras
        >>> w = keras.Variable([1.0, 2.0])
        >>> with keras.GradientTape() as tape:
        ...     loss = keras.ops.sum(w * w)
        >>> tape.gradient(loss, [w])[0]
        array([2., 4.], dtype=float32)
    """

    def __init__(self):
        self._tape = Tape()
        self._watched = []

    def __enter__(self):
        self._tape.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._tape.__exit__(*exc_info)

    def watch(self, tensor):
        """Marks a tensor so that gradients with respect to it are kept."""
        tensor.requires_grad = True
        self._watched.append(tensor)

    def gradient(self, target, sources):
        """Returns d(target)/d(source) for each source, as NumPy arrays.

        Args:
            target: a Tensor computed inside the ``with`` block.
            sources: a Tensor/Variable or a list of them.

        Returns:
            An array (or list of arrays, matching ``sources``); zeros for a
            source the target does not depend on.
        """
        single = not isinstance(sources, (list, tuple))
        source_list = [sources] if single else list(sources)
        if not getattr(target, "requires_grad", False):
            warnings.warn(
                "GradientTape.gradient: the target does not depend on any recorded tensor, so "
                "every gradient is zero. Compute the target (e.g. the loss, or ops.sum of the "
                "outputs) inside the `with GradientTape() as tape:` block.", stacklevel=2)
        saved = [s.grad for s in source_list]
        for source in source_list:
            source.grad = None
        self._tape.backward(target)
        grads = [
            np.zeros(s.shape, s.dtype) if s.grad is None else s.grad for s in source_list
        ]
        for source, old in zip(source_list, saved):
            source.grad = old
        return grads[0] if single else grads


@contextlib.contextmanager
def no_grad():
    """Turns recording off inside the block (inference, metric updates)."""
    saved = list(_active_tapes)
    _active_tapes.clear()
    try:
        yield
    finally:
        _active_tapes.extend(saved)
