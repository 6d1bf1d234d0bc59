"""Adam: adaptive moment estimation (Kingma and Ba), Keras 3 update rule."""

import functools

from nbkeras.ops import two_cores
from nbkeras.optimizers.base_optimizer import Optimizer


class Adam(Optimizer):
    """Adam with Keras's "epsilon hat" form.

    ``m += (g - m) * (1 - beta_1)``, ``v += (g**2 - v) * (1 - beta_2)``,
    ``w -= lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)``.

    Args:
        learning_rate: default 0.001.
        beta_1, beta_2: decay rates of the first and second moments.
        epsilon: default 1e-7 (PyTorch uses 1e-8).
        amsgrad: keep the maximum of past second moments.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    def build_slots(self):
        self.add_slots(["momentum", "velocity"])
        if self.amsgrad:
            self.add_slot("velocity_hat")

    def update(self, values, grads, learning_rate):
        args = (values, grads, self._slots["momentum"], self._slots["velocity"])
        # Plain Python floats: kernels round them to the weights' dtype after
        # computing 1 - beta in double precision, as Keras does.
        hyper = (float(learning_rate), float(self.beta_1), float(self.beta_2),
                 float(self.epsilon), self.iterations + 1)
        # Large float32 buffers: both cores, the same kernel on two halves (ops/two_cores.py).
        if not self.amsgrad and two_cores.adam(*args, *hyper):
            return
        # Without AMSGrad an empty v_hat (see the kernel's docstring).
        v_hat = self._slots["velocity_hat"] if self.amsgrad else values[:0]
        _kernels().adam_update(*args, v_hat, *hyper)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon, "amsgrad": self.amsgrad}


@functools.cache
def _kernels():
    """The optimizer kernels, imported on first use (loads Numba); cached, because an import
    statement in ``update``, run at every step, costs ~1 us."""
    from nbkeras.kernels import optimizers

    return optimizers
