"""Adagrad: per-parameter learning rates from the sum of squared gradients."""

from nbkeras.optimizers.base_optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad, Keras 3 rule: ``acc += g**2``, ``w -= lr * g / sqrt(acc + epsilon)``.

    Args:
        learning_rate: default 0.001.
        initial_accumulator_value: starting value of ``acc``, default 0.1.
        epsilon: default 1e-7.
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.initial_accumulator_value, self.epsilon = initial_accumulator_value, epsilon

    def build_slots(self):
        self.add_slot("accumulator", self.initial_accumulator_value)

    def update(self, values, grads, learning_rate):
        from nbkeras.kernels import optimizers as kernels  # deferred: loads Numba

        kernels.adagrad_update(values, grads, self._slots["accumulator"],
                               float(learning_rate), float(self.epsilon))

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon,
                "initial_accumulator_value": self.initial_accumulator_value}
