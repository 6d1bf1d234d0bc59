"""Steps of a chain of Dense layers in one compiled call (``kernels/dense_chain.py``).

The commonest model of a course, ``Sequential([Dense, ..., Dense])`` compiled
with a plain loss, records a plan of Dense ops, the per-sample loss and its
mean. ``DenseChain`` recognises such a plan and lays its layers out as offsets
into the optimizer's flat buffers; each replayed training step then runs
forward, loss and backward in one Numba call, followed by the optimizer's usual
``step`` (an evaluation step: forward and loss; a prediction: forward). Same
kernels, same order, so the same bits as the replayed ops
(``tests/models/test_step_plan_dense.py``); W5's step: ~53 -> ~12 us.

What keeps the ops' replay (``reason`` says which): a layer other than
Dense, an activation the Dense kernels do not fuse, a loss outside
``kernels.dense_chain.LOSSES``, integer labels (sparse crossentropy), sample
weights, float64, frozen layers, weights outside the optimizer's flat
buffers, or no OpenBLAS of NumPy's to call. A crossentropy with its
``accuracy`` among the metrics computes both in the step, as its op does.
"""

import numpy as np

from nbkeras.ops.nn import dense_chain
from nbkeras.ops.nn.dense import DenseOp
from nbkeras.ops.nn.losses import LossAccuracyOp, LossKernelOp, accuracy_kernel, kernel_pair
from nbkeras.ops.numpy.reductions import Mean
from nbkeras.ops.tensor import Variable

_FLOAT32 = np.dtype(np.float32)
NOT_COMPILED = ("its compiled step is not in the kernel cache yet: `python -m nbkeras warmup` "
                "compiles it once")


class DenseChain:
    """The compiled calls of one recorded plan for one optimizer build.

    Attributes:
        mode: ``TRAIN``, ``EVALUATE`` or ``PREDICT`` (``ops/nn/dense_chain.py``).
        reason: why the plan's steps are not compiled, or None.
        key: the optimizer and flat buffers the layout was made for.
        layers: the number of Dense layers.
    """

    def __init__(self, plan, optimizer, mode):
        self.mode = mode
        self.key = (id(optimizer), id(getattr(optimizer, "_flat_values", None)))
        self.reason = None
        try:
            self._lay_out(plan, optimizer)
        except _NotAChain as why:
            self.reason = str(why)

    def _lay_out(self, plan, optimizer):
        entries = plan.entries
        if dense_chain.numpy_blas() is None:
            raise _NotAChain("NumPy's BLAS is not an OpenBLAS nbkeras can call")
        if not getattr(optimizer, "built", False):
            raise _NotAChain("the optimizer is not built: the weights are not in its flat buffers yet")
        count = next((i for i, entry in enumerate(entries) if type(entry[0]) is not DenseOp), len(entries))
        tail = 0 if self.mode == dense_chain.PREDICT else 2
        if count == 0 or len(entries) - count != tail \
                or (self.mode == dense_chain.TRAIN and len(plan.taped) != len(entries)):
            others = ", ".join(type(entry[0]).__name__ for entry in entries[count:])
            raise _NotAChain(f"the Dense layers are followed by {others}, not by a loss and its mean alone "
                             "(other layers, sample or class weights, added losses)")
        self.layers = count
        previous = None
        self._variables, rows = [], []
        for op, inputs, attributes, outputs in entries[:count]:
            if previous is not None and inputs[0] is not previous:
                raise _NotAChain("the Dense layers are not a chain")
            rows.append(self._row(inputs, attributes, optimizer))
            previous = outputs[0]
        if plan.y_pred is not previous:
            raise _NotAChain("the model's output is not the last Dense layer's")
        self._x = entries[0][1][0]
        if tail:
            self._lay_out_loss(plan, *entries[-2:], previous)
        else:  # a prediction: no loss (any step kernel predicts; the first loss's is used)
            self._step, self._epsilon, self._sink = (0, False), 0.0, None
            self._y = self._y_metric = self._x
        fed = {id(tensor) for tensor, *_ in plan.feeds}
        for tensor in (self._x, self._y, self._y_metric):
            if id(tensor) not in fed or tensor.data.dtype != _FLOAT32 or tensor.data.ndim != 2:
                raise _NotAChain("x and y are not 2-D float32 batch arrays (integer labels?)")
        if {id(v) for v in self._variables} != {id(v) for v in optimizer._variables}:
            raise _NotAChain("the optimizer's variables are not the Dense layers' weights")
        self._layout = np.array(rows, np.int64)
        self._splits = bool(self._layout[:, 5:8].any())
        self._values, self._grads = optimizer._flat_values, optimizer._flat_grads
        self._plan = plan
        if not dense_chain.prepare(self._step, self._x.data, self._y.data, self._y_metric.data, self._values,
                                   self._grads, self._layout, self._epsilon):
            raise _NotAChain(NOT_COMPILED)

    def _lay_out_loss(self, plan, loss_entry, mean_entry, y_pred):
        loss_op, loss_inputs, loss_attributes, loss_outputs = loss_entry
        mean_op, mean_inputs, mean_attributes, mean_outputs = mean_entry
        if type(loss_op) not in (LossKernelOp, LossAccuracyOp) or loss_inputs[1] is not y_pred:
            raise _NotAChain("the loss is not a per-sample loss of the last layer's output")
        accuracy = type(loss_op) is LossAccuracyOp
        self._step, self._epsilon = self._loss_code(loss_attributes, accuracy)
        self._sink = loss_attributes["sink"] if accuracy else None
        if type(mean_op) is not Mean or mean_inputs[0] is not loss_outputs[0] \
                or mean_attributes != {"axis": None, "keepdims": False} or plan.loss is not mean_outputs[0]:
            raise _NotAChain("the loss is not the mean over the batch")
        self._y = loss_inputs[0]
        self._y_metric = loss_inputs[2] if accuracy else self._y
        if self._y.data.shape != y_pred.data.shape or self._y_metric.data.shape != y_pred.data.shape:
            raise _NotAChain("y is not shaped like the model's output")

    def _row(self, inputs, attributes, optimizer):
        from nbkeras.kernels import dense as kernels  # loaded: the plan ran Dense ops

        x, kernel, bias = inputs
        if set(attributes) != {"activation"} or attributes["activation"] not in kernels.ACTIVATION_CODES:
            raise _NotAChain("a Dense op has attributes the compiled step does not know")
        offsets = [self._offset(variable, optimizer) for variable in (kernel, bias) if variable is not None]
        batch, (fan_in, units) = x.data.shape[0], kernel.data.shape
        splits = (dense_chain.splits(batch, fan_in, units), dense_chain.splits(batch, units, fan_in),
                  dense_chain.splits(fan_in, batch, units))
        return [offsets[0], offsets[1] if bias is not None else -1, fan_in, units,
                kernels.ACTIVATION_CODES[attributes["activation"]], *splits]

    def _offset(self, variable, optimizer):
        if not isinstance(variable, Variable) or not variable.requires_grad:
            raise _NotAChain("a Dense layer's weights are not all trainable")
        flat = getattr(optimizer, "_flat_values", None)
        if flat is None or flat.dtype != _FLOAT32 or variable.data.base is not flat:
            raise _NotAChain("the weights are not float32 in the optimizer's flat buffer")
        self._variables.append(variable)
        return (variable.data.ctypes.data - flat.ctypes.data) // 4

    @staticmethod
    def _loss_code(attributes, accuracy):
        """``((loss index, with accuracy), epsilon)`` of the loss op's kernels."""
        for name in dense_chain.loss_names():
            code = dense_chain.loss_code(name)
            if accuracy and not dense_chain.with_accuracy(code):
                continue
            forward, backward = kernel_pair(name)
            if (accuracy_kernel(name) if accuracy else forward, backward) == (
                    attributes["forward_kernel"], attributes["backward_kernel"]):
                params = attributes["params"]
                if len(params) > 1:
                    break
                return (code, accuracy), float(params[0]) if params else 0.0
        raise _NotAChain("the loss has no compiled step (only " + ", ".join(dense_chain.loss_names()) + ")")

    def run(self):
        """The compiled call on the batch in the plan's fed Tensors; True if done.

        Leaves the outputs (and the loss, and the accuracy's hits with the metric) in
        the plan's Tensors and, when training, the gradients in the optimizer's buffers
        (marked as written), as the replayed ops would.
        """
        x, y, y_metric = self._x.data, self._y.data, self._y_metric.data
        for array in (x, y, y_metric):
            if not array.flags.c_contiguous or array.dtype != _FLOAT32:
                return False
        for variable in self._variables:
            if variable.data.base is not self._values:
                return False
        y_pred, value, hits, done = dense_chain.run_step(self._step, self.mode, x, y, y_metric, self._values,
                                                         self._grads, self._layout, self._epsilon, self._splits)
        if not done:
            return False
        if self._sink is not None:  # as LossAccuracyOp.forward hands them over
            self._sink(y_metric, y_pred, hits)
        if self.mode == dense_chain.TRAIN:
            for variable in self._variables:
                variable.grad_is_zero = False
        self._plan.y_pred.data = y_pred
        if self.mode != dense_chain.PREDICT:
            self._plan.loss.data = np.asarray(value)
        return True


class _NotAChain(Exception):
    """The plan is not one a compiled Dense step can run."""
