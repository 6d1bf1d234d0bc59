"""FunctionMetric: the base of metric classes that average one per-sample function."""

from nbkeras.metrics.reduction_metrics import MeanMetricWrapper


class FunctionMetric(MeanMetricWrapper):
    """A running mean of ``function``; ``config_keys`` are the arguments Keras reports."""

    function = None
    config_keys = ()

    def __init__(self, name=None, dtype=None, **kwargs):
        super().__init__(type(self).function, name=name, dtype=dtype, **kwargs)

    def get_config(self):
        config_dict = {"name": self.name, "dtype": self.dtype}
        config_dict.update({key: self._fn_kwargs[key] for key in self.config_keys})
        return config_dict
