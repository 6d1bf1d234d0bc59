"""Nadam: Adam with Nesterov momentum."""

import numpy as np

from nbkeras.optimizers.base_optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam, Keras 3 rule (Dozat's momentum schedule ``u_t = beta_1 * (1 - 0.5 * 0.96**t)``).

    Keras keeps the running product ``u_1 * ... * u_t`` as one extra
    optimizer variable; here it is ``u_product`` (the last entry of
    ``variables``). See ``nbkeras.kernels.optimizers.nadam_update``.

    Args:
        learning_rate: default 0.001 (or a schedule).
        beta_1, beta_2: decay rates of the first and second moments.
        epsilon: default 1e-7.

    Example:
        >>> import nbkeras as keras
        >>> keras.optimizers.Nadam().beta_1
        0.9
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.u_product = 1.0

    _per_step_attributes = ("u_product",)  # one advance per step, even updated per variable

    def build_slots(self):
        self.add_slots(["momentum", "velocity"])
        self.u_product = 1.0

    def update(self, values, grads, learning_rate):
        from nbkeras.kernels import optimizers as kernels  # deferred: loads Numba

        new_product = kernels.nadam_update(
            values, grads, self._slots["momentum"], self._slots["velocity"],
            float(learning_rate), float(self.beta_1), float(self.beta_2), float(self.epsilon),
            self.iterations + 1, float(self.u_product))
        self.u_product = float(new_product)

    @property
    def variables(self):
        return super().variables + [np.asarray(self.u_product, dtype=self._flat_values.dtype)]

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
