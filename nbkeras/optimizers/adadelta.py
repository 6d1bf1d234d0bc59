"""Adadelta: step sizes from running averages of squared gradients and squared steps."""

from nbkeras.optimizers.base_optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta, Keras 3 rule (Zeiler 2012), scaled by ``learning_rate``.

    ``E[g²] = rho E[g²] + (1 - rho) g²``;
    ``delta = -sqrt(E[Δ²] + eps) / sqrt(E[g²] + eps) * g``;
    ``E[Δ²] = rho E[Δ²] + (1 - rho) delta²``; ``w += lr * delta``.
    With Keras's default ``learning_rate=0.001`` the weights barely move;
    the original paper corresponds to ``learning_rate=1.0``.

    Args:
        learning_rate: default 0.001 (or a schedule).
        rho: decay of the running averages, default 0.95.
        epsilon: default 1e-7.

    Example:
        >>> import nbkeras as keras
        >>> keras.optimizers.Adadelta(learning_rate=1.0).rho
        0.95
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho, self.epsilon = rho, epsilon

    def build_slots(self):
        self.add_slots(["accumulated_grad", "accumulated_delta_var"])

    def update(self, values, grads, learning_rate):
        from nbkeras.kernels import optimizers as kernels  # deferred: loads Numba

        kernels.adadelta_update(values, grads, self._slots["accumulated_grad"],
                                self._slots["accumulated_delta_var"], float(learning_rate),
                                float(self.rho), float(self.epsilon))

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
