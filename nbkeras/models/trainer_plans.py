"""The trainer's step plans: which step function the loops run, ``step_plan``, ``run_eagerly``."""

import functools

from nbkeras.models.step_plan_book import StepPlanReport, StepPlans


class PlanMethods:
    """Mixed into Trainer: fit, evaluate and predict run their steps through step plans."""

    def _step_function(self, kind, fresh):
        """The step the loops run for ``kind``: the model's step plans choose replay or not.

        ``fresh``: a new fit/evaluate/predict call, whose plans are recorded anew (weights
        may have been loaded, layers changed, since the last call).
        """
        plans = self.__dict__.get("_step_plans")
        if plans is None:
            plans = self.__dict__["_step_plans"] = StepPlans(self)
        plans.begin(kind, fresh)
        return functools.partial(plans.step, kind)

    @property
    def step_plan(self):
        """Which path the steps of fit/evaluate/predict took and why (see docs/step_plan.md).

        Example:
            >>> model.step_plan
            step plan (fit): replayed, 7 ops forward, 6 backward, 4 updates fused into backward
        """
        plans = self.__dict__.get("_step_plans")
        return StepPlanReport(plans.paths, plans.steps) if plans is not None \
            else StepPlanReport({}, {})

    @property
    def run_eagerly(self):
        """True to run every step on the ordinary path (no step plan), as Keras's eager mode."""
        return bool(getattr(self, "_compile_config", {}).get("run_eagerly", False))

    @run_eagerly.setter
    def run_eagerly(self, value):
        if not hasattr(self, "_compile_config"):
            self.__dict__["_compile_config"] = {}
        self._compile_config["run_eagerly"] = bool(value)
