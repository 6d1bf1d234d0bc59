"""RMSprop: divide the gradient by a running root-mean-square."""

import numpy as np

from nbkeras.optimizers.base_optimizer import Optimizer

_EMPTY = np.zeros(0, np.float32)


class RMSprop(Optimizer):
    """RMSprop, Keras 3 rule.

    ``v = rho * v + (1 - rho) * g**2``; the step is
    ``lr * g / sqrt(v + epsilon)`` (centered: ``v - mean_g**2``), with
    optional momentum on the step.

    Args:
        learning_rate: default 0.001.
        rho: decay of the running average, default 0.9.
        momentum: default 0.
        epsilon: default 1e-7.
        centered: normalize by the variance instead of the second moment.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered

    def build_slots(self):
        self.add_slot("velocity")
        if self.momentum:
            self.add_slot("momentum")
        if self.centered:
            self.add_slot("average_gradient")

    def update(self, values, grads, learning_rate):
        from nbkeras.kernels import optimizers as kernels  # deferred: loads Numba

        empty = _EMPTY.astype(values.dtype)
        kernels.rmsprop_update(
            values, grads, self._slots["velocity"], self._slots.get("momentum", empty),
            self._slots.get("average_gradient", empty), float(learning_rate),
            float(self.rho), float(self.momentum), float(self.epsilon))

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}
