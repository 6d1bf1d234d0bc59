"""SGD: gradient descent, with optional (Nesterov) momentum."""

from nbkeras.optimizers.base_optimizer import Optimizer


class SGD(Optimizer):
    """Stochastic gradient descent.

    Without momentum: ``w -= learning_rate * g``. With momentum (Keras 3):
    ``m = momentum * m - learning_rate * g``, then ``w += m``, or for Nesterov
    ``w += momentum * m - learning_rate * g``.

    Args:
        learning_rate: default 0.01.
        momentum: float in [0, 1], default 0.
        nesterov: whether to use Nesterov momentum.
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: momentum={momentum}")
        self.momentum, self.nesterov = float(momentum), bool(nesterov)

    def build_slots(self):
        if self.momentum:
            self.add_slot("momentum")

    def update(self, values, grads, learning_rate):
        from nbkeras.kernels import optimizers as kernels  # deferred: loads Numba

        lr = float(learning_rate)
        if self.momentum:
            kernels.sgd_momentum_update(values, grads, self._slots["momentum"], lr,
                                        self.momentum, self.nesterov)
        else:
            kernels.sgd_update(values, grads, lr)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
