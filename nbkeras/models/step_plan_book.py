"""A model's step plans: which path each fit/evaluate/predict step takes, and why.

``StepPlans`` sits on a model (``model._step_plans``). For each step kind and
input signature it records the first two steps on the ordinary path, builds a
``RecordedStep`` from them (or keeps the reason it could not) and replays it
for the following steps. ``model.step_plan`` prints what happened, e.g.::

    step plan (fit): replayed, 7 ops forward, 6 backward, 4 updates fused into backward
"""

import numpy as np

from nbkeras import config
from nbkeras.models import trainer_utils as utils
from nbkeras.models.step_plan import PlanMismatch, RecordedStep, Recording, flatten_batch
from nbkeras.models.step_plan_dense import NOT_COMPILED, DenseChain
from nbkeras.models.step_plan_fused import FusedUpdates
from nbkeras.models.step_plan_rules import all_layers, model_reason
from nbkeras.ops.nn import dense_chain
from nbkeras.ops.tape import OpRecorder

_METHODS = {"train": "fit", "test": "evaluate", "predict": "predict"}
_MODES = {"train": dense_chain.TRAIN, "test": dense_chain.EVALUATE, "predict": dense_chain.PREDICT}


class StepPlanReport:
    """What ``model.step_plan`` shows: one line per step kind of the last fit/evaluate/predict.

    Attributes:
        paths: ``{"fit"|"evaluate"|"predict": (path, detail)}``, path one of
            ``"replayed"``, ``"recording"``, ``"ordinary"``: the replayed plan
            when some steps replayed, else the last step's path.
        steps: ``{method: {path: number of steps}}`` of the last call.
    """

    def __init__(self, paths, steps):
        self.paths, self.steps = dict(paths), {k: dict(v) for k, v in steps.items()}

    def __repr__(self):
        if not self.paths:
            return "step plan: nothing run yet (fit, evaluate or predict record their steps)"
        lines = []
        for method, (path, detail) in self.paths.items():
            counts = ", ".join(f"{n} {p}" for p, n in self.steps.get(method, {}).items())
            lines.append(f"step plan ({method}): {path}{', ' + detail if detail else ''}"
                         f"{' [steps: ' + counts + ']' if counts else ''}")
        return "\n".join(lines)


class StepPlans:
    """Record, check and replay the steps of one model (see ``step_plan.py``)."""

    def __init__(self, model):
        self._model = model
        self._plans = {}  # (kind, layout, shapes) -> Recording, RecordedStep or reason str
        self._token = None
        self._blocked = {}
        # (kind, shapes and dtypes, plan, step counts) of the last plan replayed on plain arrays
        self._last_replayed = None
        self.paths, self.steps = {}, {}

    def begin(self, kind, fresh=False):
        """Called when a fit epoch, an evaluate or a predict starts: re-checks the rules.

        Plans are kept from call to call (``fresh``: a new call) while the model is
        the same: the same weights and trainability, optimizer, compiled loss and
        settings (``config.settings``), and the same layers with the same attribute
        values (``_layer_state``: a Dropout rate or an activation set between two
        calls is seen). Otherwise they are dropped and recorded anew, and so are,
        at each new call, plans whose ops read values computed in Python
        (``RecordedStep.constants``: Normalization's scale, made from its weights,
        which may have been loaded since).
        """
        model = self._model
        self._last_replayed = None
        weights = model.weights
        token = (tuple(id(v) for v in weights), tuple(v.requires_grad for v in weights),
                 id(model.optimizer), id(getattr(model, "compiled_loss", None)), config.settings(),
                 tuple(_layer_state(layer) for layer in all_layers(model)))
        if token != self._token:
            self._plans = {}
            self._token = token
        elif fresh:
            self._plans = {key: plan for key, plan in self._plans.items()
                           if not getattr(plan, "constants", True)}
        if fresh:
            self.paths.pop(_METHODS[kind], None)
            self.steps[_METHODS[kind]] = {}
        self.steps.setdefault(_METHODS[kind], {})
        self._blocked[kind] = model_reason(model, kind)

    def step(self, kind, data):
        """Runs one step of ``kind`` on ``data`` by the best path; returns what the step returns."""
        model = self._model
        last = self._last_replayed
        if last is not None and last[0] == kind:
            # the loops' batches: arrays of the signature replayed last, no key to build
            leaves = _plain_leaves(data)
            if leaves is not None and len(leaves) == len(last[1]) and all(
                    a.shape == s and a.dtype == d for a, (s, d) in zip(leaves, last[1])):
                last[3]["replayed"] += 1
                return _REPLAYS[kind](last[2], model, data, leaves)
        reason = self._blocked.get(kind)
        if reason is None:
            leaves = []
            try:
                layout = tuple(flatten_batch(part, leaves)
                               for part in utils.unpack_x_y_sample_weight(data))
            except TypeError as error:
                reason = f"a batch holds a {error} instead of NumPy arrays"
            else:
                key = (kind, layout, tuple((leaf.shape, leaf.dtype) for leaf in leaves))
                plan = self._plans.get(key)
                if type(plan) is RecordedStep:
                    method = _METHODS[kind]
                    counts = self.steps[method]
                    counts["replayed"] = counts.get("replayed", 0) + 1
                    if self.paths.get(method, ("",))[0] != "replayed":  # a plan kept from a past call
                        self.paths[method] = ("replayed", _describe(plan, model, kind))
                    if _plain_leaves(data) is not None:
                        self._last_replayed = (kind, key[2], plan, counts)
                    return _REPLAYS[kind](plan, model, data, leaves)
        ordinary = model._ordinary_step(kind)
        if reason is not None:
            self._note(kind, "ordinary", reason)
            return ordinary(data)
        if isinstance(plan, str):
            self._note(kind, "ordinary", plan)
            return ordinary(data)
        recorder = OpRecorder()
        model.__dict__["_step_recorder"] = recorder
        try:
            result = ordinary(data)
        finally:
            del model.__dict__["_step_recorder"]
        recording = Recording(recorder, leaves)
        self._note(kind, "recorded", "the first steps of an input shape run on the ordinary "
                   "path and are recorded")
        if plan is None:
            self._plans[key] = recording
            return result
        try:
            plan = RecordedStep(plan, recording)
            self.paths[_METHODS[kind]] = ("replayed", _describe(plan, model, kind))
        except PlanMismatch as mismatch:
            plan = str(mismatch)
            self.paths[_METHODS[kind]] = ("ordinary", plan)
        self._plans[key] = plan
        return result

    def _note(self, kind, path, detail):
        """Counts a step that was not replayed; the report keeps a replayed plan first."""
        method = _METHODS[kind]
        counts = self.steps.setdefault(method, {})
        counts[path] = counts.get(path, 0) + 1
        if self.paths.get(method, ("",))[0] != "replayed":
            self.paths[method] = (path, detail)


_SCALARS = (int, float, str, bool, type(None))


def _layer_state(layer):
    """A layer and its attributes: plain values as they are, anything else by identity."""
    return id(layer), tuple((name, value if type(value) in _SCALARS else id(value))
                            for name, value in vars(layer).items())


def _plain_leaves(data):
    """The arrays of a batch that is one array or a tuple ``(x, y[, sample_weight])`` of arrays."""
    if type(data) is np.ndarray:
        return (data,)
    if type(data) is tuple and 2 <= len(data) <= 3 \
            and all(type(part) is np.ndarray for part in data):
        return data
    return None


def _describe(plan, model, kind):
    forward, host, backward = plan.counts()
    text = f"{forward} ops forward" + (f" (+{host} Python calls)" if host else "")
    dense = _dense_chain(plan, getattr(model, "optimizer", None), kind)
    if kind != "train":
        return text + (f" as one compiled call of {dense.layers} Dense layers" if dense.reason is None else "")
    if dense.reason is None:
        return (f"{text}, {backward} backward as one compiled step of {dense.layers} Dense layers, "
                "1 optimizer update after it")
    if dense.reason == NOT_COMPILED:
        text = f"{text} (a Dense chain, but {NOT_COMPILED})"
    fused = _fused_updates(plan, model.optimizer)
    if fused.reason is not None:
        return f"{text}, {backward} backward, 1 optimizer update after backward ({fused.reason})"
    if fused.count == 0:  # no large variable final before the end (step_plan_fused.py)
        return f"{text}, {backward} backward, 1 optimizer update after backward"
    return f"{text}, {backward} backward, {fused.count} updates fused into backward"


def _fused_updates(plan, optimizer):
    """The plan's FusedUpdates for the optimizer as built now (made again after a rebuild)."""
    fused = plan.fused
    if fused is None or fused.key != (id(optimizer), id(optimizer._flat_values)):
        fused = plan.fused = FusedUpdates(plan, optimizer)
    return fused


def _dense_chain(plan, optimizer, kind):
    """The plan's DenseChain for the optimizer as built now (made again after a rebuild)."""
    dense = plan.dense
    if dense is None or dense.key != (id(optimizer), id(getattr(optimizer, "_flat_values", None))):
        dense = plan.dense = DenseChain(plan, optimizer, _MODES[kind])
    return dense


def _replay_train(plan, model, data, leaves):
    x, y, sample_weight = utils.unpack_x_y_sample_weight(data)
    model._check_optimizer()
    optimizer = model.optimizer
    dense = _dense_chain(plan, optimizer, "train")
    if dense.reason is None:
        plan.feed(leaves)
        if dense.run():
            with utils.uninterruptible():
                optimizer.step()
            return model._update_step_metrics(plan.loss, x, y, plan.y_pred, sample_weight)
    fused = _fused_updates(plan, optimizer)
    if fused.reason is not None or not fused.count:
        optimizer.zero_grads()
        plan.feed(leaves)
        plan.forward()
        plan.backward()
        with utils.uninterruptible():
            optimizer.step()
    else:
        optimizer.begin_fused_step()
        plan.feed(leaves)
        plan.forward()
        with utils.uninterruptible():  # the updates run inside the backward walk
            plan.backward(fused.after_op)
            optimizer.finish_fused_step()
    return model._update_step_metrics(plan.loss, x, y, plan.y_pred, sample_weight)


def _replay_test(plan, model, data, leaves):
    x, y, sample_weight = utils.unpack_x_y_sample_weight(data)
    dense = _dense_chain(plan, model.optimizer, "test")
    plan.feed(leaves)
    if dense.reason is not None or not dense.run():
        plan.forward()
    return model._update_step_metrics(plan.loss, x, y, plan.y_pred, sample_weight)


def _replay_predict(plan, model, data, leaves):
    dense = _dense_chain(plan, getattr(model, "optimizer", None), "predict")
    plan.feed(leaves)
    if dense.reason is not None or not dense.run():
        plan.forward()
    return plan.y_pred


_REPLAYS = {"train": _replay_train, "test": _replay_test, "predict": _replay_predict}
