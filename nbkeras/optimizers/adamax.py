"""Adamax: Adam with the infinity norm in place of the second moment."""

from nbkeras.optimizers.base_optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax, Keras 3 rule.

    ``m += (g - m) * (1 - beta_1)``, ``u = max(beta_2 * u, |g|)``,
    ``w -= lr * m / ((1 - beta_1**t) * (u + epsilon))``.

    Args:
        learning_rate: default 0.001 (or a schedule).
        beta_1: decay of the first moment, default 0.9.
        beta_2: decay of the infinity norm, default 0.999.
        epsilon: default 1e-7.

    Example:
        >>> import nbkeras as keras
        >>> keras.optimizers.get("adamax").beta_2
        0.999
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build_slots(self):
        self.add_slots(["momentum", "norm"])

    def update(self, values, grads, learning_rate):
        from nbkeras.kernels import optimizers as kernels  # deferred: loads Numba

        kernels.adamax_update(values, grads, self._slots["momentum"], self._slots["norm"],
                              float(learning_rate), float(self.beta_1), float(self.beta_2),
                              float(self.epsilon), self.iterations + 1)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
