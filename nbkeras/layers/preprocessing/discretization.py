"""Discretization: continuous values to bucket indices, boundaries given or learned."""

import numpy as np

from nbkeras.layers.preprocessing.base_preprocessing import (DataLayer, encode_categorical,
                                                             iter_batches, to_numpy)
from nbkeras.ops.tensor import Tensor


class Discretization(DataLayer):
    """Puts each value in a bin: ``bin_boundaries=[0., 1.]`` gives bins ``(-inf, 0)``,
    ``[0, 1)``, ``[1, inf)`` as indices 0, 1, 2.

    Args:
        bin_boundaries: sorted boundaries, or None to learn ``num_bins`` bins with ``adapt``.
        num_bins: the number of bins ``adapt`` makes (about equally many values in each).
        epsilon: the quantile summary's error tolerance (Keras's approximate algorithm).
        output_mode: ``"int"``, ``"one_hot"``, ``"multi_hot"`` or ``"count"``.

    Example:
        >>> Discretization(bin_boundaries=[0.0, 1.0])([[-1.5, 0.5, 2.0]]).numpy()
        array([[0, 1, 2]], dtype=int32)
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None, **kwargs):
        super().__init__(dtype=dtype, name=name, **kwargs)
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError("Discretization: `output_mode` must be one of 'int', 'one_hot', "
                             f"'multi_hot', 'count'. Received: output_mode={output_mode!r}")
        if sparse:
            raise ValueError("nbkeras has no sparse tensors: use sparse=False.")
        if num_bins is not None and num_bins < 0:
            raise ValueError("`num_bins` must be greater than or equal to 0. "
                             f"Received: `num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError("Both `num_bins` and `bin_boundaries` should not be set. Received: "
                             f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`")
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = None if bin_boundaries is None else list(bin_boundaries)
        self.num_bins, self.epsilon = num_bins, epsilon
        self.output_mode, self.sparse = output_mode, sparse
        self.summary = None if self.bin_boundaries else np.array([[], []], dtype="float32")
        self.built = True

    def adapt(self, data, steps=None):
        """Learns ``num_bins`` boundaries from the quantiles of ``data``."""
        if self.num_bins is None:
            raise ValueError("Cannot adapt a Discretization layer that has been initialized with "
                             "`bin_boundaries`, use `num_bins` instead.")
        self.summary = np.array([[], []], dtype="float32")
        for batch in iter_batches(data, steps):
            self.summary = _merge(_summarize(batch.astype("float32"), self.epsilon),
                                  self.summary, self.epsilon)
        self.bin_boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError("You need to either pass the `bin_boundaries` argument at "
                             "construction time or call `adapt(dataset)` before you can start "
                             "using the `Discretization` layer.")
        indices = np.digitize(to_numpy(inputs), self.bin_boundaries)
        dtype = "int32" if self.output_mode == "int" else self.dtype
        return Tensor(encode_categorical(indices, self.output_mode, len(self.bin_boundaries) + 1,
                                         dtype))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return input_shape
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        if self.output_mode == "one_hot":
            if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
                return tuple(input_shape[:-1]) + (depth,)
            return tuple(input_shape) + (depth,)
        if input_shape and len(input_shape) >= 2:
            return (input_shape[0],) + tuple(input_shape[2:]) + (depth,)
        return (depth,)

    def get_config(self):
        base = super().get_config()  # Keras's Discretization saves name and dtype only
        return {"name": base["name"], "dtype": base["dtype"], "bin_boundaries": self.bin_boundaries,
                "num_bins": self.num_bins, "epsilon": self.epsilon,
                "output_mode": self.output_mode, "sparse": self.sparse}

    @classmethod
    def from_config(cls, config_dict):
        config_dict = {k: v for k, v in config_dict.items() if k != "trainable"}
        return cls(**config_dict)


# Keras's approximate quantile summary: (values, weights) pairs, compressed to 1/epsilon.
def _summarize(values, epsilon):
    values = np.sort(values.reshape(-1))
    step = max(values.size / (1.0 / epsilon), 1)  # Keras's exact arithmetic
    boundaries = values[int(step - 1)::int(step)]
    return np.stack([boundaries, np.ones_like(boundaries) * step])


def _merge(previous, new, epsilon):
    merged = np.concatenate((previous, new), axis=1)
    return _compress(np.take(merged, np.argsort(merged[0]), axis=1), epsilon)


def _compress(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    fractions = cumulative / cumulative[-1]
    bins = np.interp(percents, fractions, summary[0])
    cumulative = np.interp(percents, fractions, cumulative)
    weights = cumulative - np.concatenate((np.array([0]), cumulative[:-1]))
    return np.stack((bins, weights)).astype("float32")
