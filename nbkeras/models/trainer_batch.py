"""train_on_batch, test_on_batch, predict_on_batch: one step on one batch of arrays."""

from nbkeras.models.data_adapters import apply_class_weight, to_arrays
from nbkeras.models.data_adapters.arrays import num_samples
from nbkeras.models.trainer_utils import arrays_of, pack_x_y_sample_weight
from nbkeras.traceback_utils import filter_traceback


class BatchMethods:
    """Mixed into Trainer: the single-batch calls, returning the batch's logs."""

    @filter_traceback
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One optimizer step on one batch; returns the batch's loss (and metrics)."""
        self._require_compiled("train_on_batch")
        x, y, sample_weight = self._prepare_arrays(x, y, sample_weight, "train_on_batch")
        if class_weight:
            sample_weight = apply_class_weight(class_weight, y, sample_weight)
        self._build_from_data(x)
        self.reset_metrics()
        self._optimizer_checked = False
        logs = self._run_step(self.train_step, pack_x_y_sample_weight(x, y, sample_weight))
        return logs if return_dict else self._flatten_in_order(logs)

    @filter_traceback
    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss (and metrics) on one batch, without updating weights."""
        self._require_compiled("test_on_batch")
        x, y, sample_weight = self._prepare_arrays(x, y, sample_weight, "test_on_batch")
        self._build_from_data(x)
        self.reset_metrics()
        logs = self._run_step(self.test_step, pack_x_y_sample_weight(x, y, sample_weight))
        return logs if return_dict else self._flatten_in_order(logs)

    @filter_traceback
    def predict_on_batch(self, x):
        """The model's outputs on one batch, as NumPy array(s)."""
        x = to_arrays(x, "x")
        self._build_from_data(x)
        return arrays_of(self.predict_step(pack_x_y_sample_weight(x)))
    def _prepare_arrays(self, x, y, sample_weight, method):
        if x is None:
            raise ValueError(f"{method}() needs input data: pass x=...")
        self._require_targets(y, method)
        x = to_arrays(x, "x")
        y = to_arrays(y, "y")
        sample_weight = to_arrays(sample_weight, "sample_weight")
        num_samples(x, y, sample_weight)
        return x, y, sample_weight
