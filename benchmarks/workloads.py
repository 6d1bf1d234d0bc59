"""The reference workloads W1-W5 of the workload definitions (benchmarks/README.md): data and definitions.

Every runner (nbkeras, PyTorch, Keras-JAX) builds its data here, so all
frameworks train on the very same arrays. Data is synthetic and seeded:

* inputs are uniform in [0, 1) (like pixel intensities), drawn as float32
  straight away so no float64 copy inflates peak memory;
* classification labels are ``argmax((x - mean(x)) @ teacher)`` with a fixed
  random linear teacher (``mean`` over the samples, per feature), so the
  loss really goes down; targets are one-hot float32;
* W5's inputs are uniform in [-1, 1) and its target is
  ``2|x| - 0.5 + 0.05 * noise``.

Layout is Keras's: channels-last images, (batch, time, features) sequences.
"""

from dataclasses import dataclass

import numpy as np

SEED = 1234


@dataclass(frozen=True)
class Workload:
    """One reference workload.

    Args:
        key: ``"W1"`` ... ``"W5"``.
        name: short descriptive name.
        model: ``"mlp"``, ``"cnn"``, ``"lstm"`` or ``"regression"``.
        input_shape: shape of one sample (Keras layout).
        outputs: classes (one-hot width) or regression outputs.
        batch_size: training and predict batch size.
        samples: number of samples in the data set.
    """

    key: str
    name: str
    model: str
    input_shape: tuple
    outputs: int
    batch_size: int
    samples: int

    @property
    def is_classification(self):
        return self.model != "regression"


WORKLOADS = {w.key: w for w in (
    Workload("W1", "mlp-small", "mlp", (784,), 10, 32, 60000),
    Workload("W2", "mlp-large-batch", "mlp", (784,), 10, 512, 60000),
    Workload("W3", "cnn", "cnn", (28, 28, 1), 10, 64, 10000),
    Workload("W4", "lstm", "lstm", (28, 28), 10, 64, 10000),
    Workload("W5", "tiny-regression", "regression", (1,), 1, 32, 1000),
)}


def make_data(workload, scale=1.0):
    """Builds the seeded inputs and targets of a workload.

    Args:
        workload: a ``Workload`` or its key.
        scale: fraction of the samples to keep (``--quick`` smoke runs use 0.1).

    Returns:
        ``(x, y)`` float32 arrays: ``x`` of shape ``(n, *input_shape)``; ``y``
        one-hot ``(n, classes)`` or ``(n, 1)`` for regression.
    """
    if isinstance(workload, str):
        workload = WORKLOADS[workload]
    rng = np.random.default_rng(SEED)
    n = max(workload.batch_size, int(round(workload.samples * scale)))
    if not workload.is_classification:
        x = rng.uniform(-1.0, 1.0, size=(n, 1)).astype(np.float32)
        noise = rng.standard_normal((n, 1)).astype(np.float32)
        return x, (2.0 * np.abs(x) - 0.5 + 0.05 * noise).astype(np.float32)
    x = rng.random((n, *workload.input_shape), dtype=np.float32)
    flat = x.reshape(n, -1)
    teacher = rng.standard_normal((flat.shape[1], workload.outputs)).astype(np.float32)
    labels = np.argmax((flat - flat.mean(axis=0)) @ teacher, axis=1)
    return x, np.eye(workload.outputs, dtype=np.float32)[labels]
