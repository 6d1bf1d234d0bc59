"""Python that a step does besides ops, made replayable: host calls and host values.

A step plan (``models/step_plan.py``) replays the ops of a recorded step and
nothing else. What a layer does in Python at each step, it routes through
here so that it is recorded among the ops and done again in every replay, in
the same order: ``replayed`` for a side effect (a tracker update, a moving
average), ``host_value`` for a value drawn in Python (a dropout mask).
"""

from nbkeras.ops.op import Op
from nbkeras.ops.tape import active_recorders
from nbkeras.ops.tensor import as_tensor


class HostCall:
    """A Python side effect of a step (a tracker update, a moving average) seen as an op.

    ``replayed`` records it among the ops, so that a replayed step calls it
    again at the same place, on the arrays of the same Tensors. It has no
    outputs and no backward.
    """

    def __init__(self, function):
        self.function = function

    def forward(self, *arrays):
        self.function(*arrays)
        return ()

    def same_function(self, other):
        """The same code in two recorded steps (closures and partials are made at every step)."""
        code = _code_of(self.function)
        return code is not None and code is _code_of(other.function)

    def __repr__(self):
        return f"<HostCall {getattr(self.function, '__qualname__', self.function)}>"


def _code_of(function):
    function = getattr(function, "func", function)  # functools.partial
    return getattr(getattr(function, "__func__", function), "__code__", None)


def replayed(function, *tensors):
    """Calls ``function(*arrays)`` on the arrays of ``tensors`` now, and in every replayed step.

    Args:
        function: a ``functools.partial`` of a module-level function, or a function.
        tensors: Tensors whose arrays ``function`` receives.
    """
    HostCall(function).forward(*[t.data for t in tensors])
    if active_recorders:
        active_recorders[-1].entries.append((HostCall(function), tensors, {}, (), False, {}))


class HostValue(Op):
    """An op without inputs whose forward returns ``draw()`` (a mask, some noise)."""

    def forward(self, draw):
        return as_tensor(draw()).data  # converted as an array passed to an op would be

    def backward(self, dy):
        return ()


def host_value(draw):
    """``draw()`` as a Tensor, drawn again at every replayed step (see the module docstring).

    Args:
        draw: a ``functools.partial`` of a module-level function (two recorded
            steps must show the same function and arguments).
    """
    return HostValue.apply(draw=draw)
