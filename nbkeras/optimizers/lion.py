"""Lion: the sign of an interpolated momentum (Chen et al., 2023)."""

from nbkeras.optimizers.base_optimizer import Optimizer


class Lion(Optimizer):
    """Lion, Keras 3 rule.

    ``w -= lr * sign(beta_1 * m + (1 - beta_1) * g)``, then
    ``m = beta_2 * m + (1 - beta_2) * g``. Every step moves each weight by
    exactly ``lr``, so Lion wants a rate 3-10x smaller than Adam's.

    Args:
        learning_rate: default 0.001 (or a schedule).
        beta_1: interpolation used for the step, in (0, 1], default 0.9.
        beta_2: decay of the momentum, default 0.99.

    Example:
        >>> import nbkeras as keras
        >>> keras.optimizers.Lion().beta_2
        0.99
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError("Argument `beta_1` must be in the (0, 1] range. Otherwise, the "
                             f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}.")
        self.beta_1, self.beta_2 = beta_1, beta_2

    def build_slots(self):
        self.add_slot("momentum")

    def update(self, values, grads, learning_rate):
        from nbkeras.kernels import optimizers as kernels  # deferred: loads Numba

        kernels.lion_update(values, grads, self._slots["momentum"], float(learning_rate),
                            float(self.beta_1), float(self.beta_2))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
