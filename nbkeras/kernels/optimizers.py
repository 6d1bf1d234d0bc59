"""Optimizer kernels: Keras 3 ``update_step`` rules, updating one parameter IN PLACE.

Every kernel takes one flat 1-D parameter ``w``, its gradient ``g`` (same
length and dtype) and its slot arrays (momentums, velocities, ...), and
updates ``w`` and the slots in place; only Nadam returns something (its new
``u_product``). Hyper-parameters arrive as plain Python floats and ``step``
as an int (``iterations + 1``); each kernel first rounds them to ``w``'s
dtype with ``cast_like`` so that float32 parameters see float32 arithmetic,
as in Keras (``ops.cast(learning_rate, variable.dtype)``). Expressions that
Keras evaluates in Python (``1 - self.beta_1``) are evaluated in Python
float here too, then rounded.

So pass beta_1, beta_2, rho, momentum and epsilon as Python floats, not
``np.float32``: ``1 - np.float32(0.999)`` is off by 1.3e-5 relative from
Keras' ``1 - 0.999``. Pass the learning rate as Keras holds it, rounded to
float32 (``float(np.float32(lr))``: Keras keeps it in a float32 variable),
and ``step`` as an int. With those arguments the float32 trajectories equal
Keras' generic ``update_step`` bit for bit.

Weight decay, gradient clipping, EMA and constraints are not here: the
Python optimizer applies them around these kernels, in Keras' order
(clip gradients, weight decay, update step).
"""

import numpy as np
from numba import njit

from nbkeras.kernels.helpers import cast_like, compiled_as, flush_denormal


@njit(cache=True, error_model="numpy")
def sgd_update(w, g, learning_rate):
    """Plain gradient descent: w -= learning_rate * g.

    Args:
        w: parameter, updated in place.
        g: its gradient.
        learning_rate: step size.
    """
    lr = cast_like(w, learning_rate)
    for i in range(w.size):
        w[i] -= g[i] * lr


@njit(cache=True, error_model="numpy")
def sgd_momentum_update(w, g, momentum_slot, learning_rate, momentum, nesterov):
    """SGD with momentum: m = momentum * m - lr * g; w += m (nesterov: w += momentum * m - lr * g).

    Args:
        w: parameter, updated in place.
        g: its gradient.
        momentum_slot: velocity m (starts at 0), updated in place.
        learning_rate: step size.
        momentum: how much of the previous velocity is kept.
        nesterov: whether to look ahead along the new velocity.
    """
    lr, mu = cast_like(w, learning_rate), cast_like(w, momentum)
    for i in range(w.size):
        momentum_slot[i] = flush_denormal(momentum_slot[i] * mu - g[i] * lr)
        if nesterov:
            w[i] += momentum_slot[i] * mu - g[i] * lr
        else:
            w[i] += momentum_slot[i]


def adam_update(w, g, m, v, v_hat, learning_rate, beta_1, beta_2, epsilon, step):
    """Adam: m += (g - m)(1 - b1); v += (g**2 - v)(1 - b2); w -= alpha * m / (sqrt(v) + eps).

    alpha = lr * sqrt(1 - b2**t) / (1 - b1**t) folds both bias corrections
    into the step size (epsilon is added to sqrt(v) uncorrected, as Keras does).
    With AMSGrad the denominator uses v_hat = max(v_hat, v), the largest v so far.
    Plain Adam and AMSGrad are two kernels of one source (``adam_plain_update``,
    ``adam_amsgrad_update``), picked here by the length of v_hat: a first fit
    compiles only the one it uses, without the other's code (~0.07 s less, cold).

    Args:
        w: parameter, updated in place.
        g: its gradient.
        m: first moment (starts at 0), updated in place.
        v: second moment (starts at 0), updated in place.
        v_hat: running maximum of v, updated in place; length 0 means plain Adam.
        learning_rate, beta_1, beta_2, epsilon: Adam hyper-parameters.
        step: t = optimizer iterations + 1.
    """
    kernel = adam_amsgrad_update if v_hat.size > 0 else adam_plain_update
    kernel(w, g, m, v, v_hat, learning_rate, beta_1, beta_2, epsilon, step)


def _adam_kernel(amsgrad):
    """The Adam kernel with or without AMSGrad (``amsgrad`` is a constant inside it)."""

    def adam(w, g, m, v, v_hat, learning_rate, beta_1, beta_2, epsilon, step):
        """Adam's update in place (see ``adam_update``)."""
        t = cast_like(w, step)
        lr, eps = cast_like(w, learning_rate), cast_like(w, epsilon)
        one_minus_beta_1, one_minus_beta_2 = cast_like(w, 1.0 - beta_1), cast_like(w, 1.0 - beta_2)
        one = cast_like(w, 1.0)
        beta_1_power, beta_2_power = cast_like(w, beta_1) ** t, cast_like(w, beta_2) ** t
        alpha = lr * np.sqrt(one - beta_2_power) / (one - beta_1_power)
        for i in range(w.size):
            m[i] = flush_denormal(m[i] + (g[i] - m[i]) * one_minus_beta_1)
            v[i] = flush_denormal(v[i] + (g[i] * g[i] - v[i]) * one_minus_beta_2)
            denominator_v = v[i]
            if amsgrad:
                v_hat[i] = max(v_hat[i], v[i])
                denominator_v = v_hat[i]
            w[i] -= (m[i] * alpha) / (np.sqrt(denominator_v) + eps)

    return compiled_as(adam, "adam_amsgrad_update" if amsgrad else "adam_plain_update")


adam_plain_update, adam_amsgrad_update = _adam_kernel(False), _adam_kernel(True)


@njit(cache=True, error_model="numpy")
def rmsprop_update(w, g, velocity, momentum_slot, average_gradient,
                   learning_rate, rho, momentum, epsilon):
    """RMSprop: v = rho v + (1 - rho) g**2; w -= lr * g / sqrt(v + eps).

    Centered (average_gradient given): a = rho a + (1 - rho) g and the
    denominator is sqrt(v - a**2 + eps). With momentum (momentum_slot given):
    mom = momentum * mom + increment; w -= mom.

    Args:
        w: parameter, updated in place.
        g: its gradient.
        velocity: running mean of g**2 (starts at 0), updated in place.
        momentum_slot: momentum buffer, updated in place; length 0 for none.
        average_gradient: running mean of g, updated in place; length 0 if not centered.
        learning_rate, rho, momentum, epsilon: RMSprop hyper-parameters.
    """
    lr, eps = cast_like(w, learning_rate), cast_like(w, epsilon)
    decay, one_minus_decay = cast_like(w, rho), cast_like(w, 1.0 - rho)
    mu = cast_like(w, momentum)
    centered, use_momentum = average_gradient.size > 0, momentum_slot.size > 0
    for i in range(w.size):
        velocity[i] = flush_denormal(decay * velocity[i] + one_minus_decay * (g[i] * g[i]))
        if centered:
            average_gradient[i] = flush_denormal(decay * average_gradient[i] + one_minus_decay * g[i])
            denominator = velocity[i] - average_gradient[i] * average_gradient[i] + eps
        else:
            denominator = velocity[i] + eps
        increment = (lr * g[i]) / np.sqrt(denominator)
        if use_momentum:
            momentum_slot[i] = flush_denormal(mu * momentum_slot[i] + increment)
            w[i] -= momentum_slot[i]
        else:
            w[i] -= increment


@njit(cache=True, error_model="numpy")
def adagrad_update(w, g, accumulator, learning_rate, epsilon):
    """Adagrad: acc += g**2; w -= lr * g / sqrt(acc + eps).

    Args:
        w: parameter, updated in place.
        g: its gradient.
        accumulator: sum of squared gradients (starts at initial_accumulator_value), in place.
        learning_rate, epsilon: Adagrad hyper-parameters.
    """
    lr, eps = cast_like(w, learning_rate), cast_like(w, epsilon)
    for i in range(w.size):
        accumulator[i] += g[i] * g[i]
        w[i] -= (lr * g[i]) / np.sqrt(accumulator[i] + eps)


@njit(cache=True, error_model="numpy")
def adamax_update(w, g, m, u, learning_rate, beta_1, beta_2, epsilon, step):
    """Adamax: m += (g - m)(1 - b1); u = max(b2 u, |g|); w -= lr * m / ((1 - b1**t)(u + eps)).

    Args:
        w: parameter, updated in place.
        g: its gradient.
        m: first moment (starts at 0), updated in place.
        u: exponentially weighted infinity norm (starts at 0), updated in place.
        learning_rate, beta_1, beta_2, epsilon: Adamax hyper-parameters.
        step: t = optimizer iterations + 1.
    """
    t = cast_like(w, step)
    lr, eps = cast_like(w, learning_rate), cast_like(w, epsilon)
    b2, one_minus_beta_1 = cast_like(w, beta_2), cast_like(w, 1.0 - beta_1)
    bias_correction = cast_like(w, 1.0) - cast_like(w, beta_1) ** t
    for i in range(w.size):
        m[i] = flush_denormal(m[i] + (g[i] - m[i]) * one_minus_beta_1)
        u[i] = flush_denormal(max(b2 * u[i], abs(g[i])))
        w[i] -= (lr * m[i]) / (bias_correction * (u[i] + eps))


@njit(cache=True, error_model="numpy")
def nadam_update(w, g, m, v, learning_rate, beta_1, beta_2, epsilon, step, u_product):
    """Nadam (Adam with Nesterov momentum and Keras' momentum schedule u_t).

    u_t = b1 (1 - 0.5 * 0.96**t) and u_product = u_1 * ... * u_t. With
    m += (g - m)(1 - b1) and v += (g**2 - v)(1 - b2):
    m_hat = u_{t+1} m / (1 - u_product * u_{t+1}) + (1 - u_t) g / (1 - u_product),
    v_hat = v / (1 - b2**t), w -= lr * m_hat / (sqrt(v_hat) + eps).

    Args:
        w: parameter, updated in place.
        g: its gradient.
        m: first moment (starts at 0), updated in place.
        v: second moment (starts at 0), updated in place.
        learning_rate, beta_1, beta_2, epsilon: Nadam hyper-parameters.
        step: t = optimizer iterations + 1.
        u_product: the product u_1 * ... * u_{t-1} from the previous step (1.0 at first).

    Returns:
        the new u_product (u_1 * ... * u_t). Pass the same old value for every
        parameter of one step, and keep the returned value for the next step.
    """
    t, next_t = cast_like(w, step), cast_like(w, step + 1)
    lr, eps = cast_like(w, learning_rate), cast_like(w, epsilon)
    b1, b2 = cast_like(w, beta_1), cast_like(w, beta_2)
    one, half, decay = cast_like(w, 1.0), cast_like(w, 0.5), cast_like(w, 0.96)
    u_t = b1 * (one - half * decay**t)
    u_next = b1 * (one - half * decay**next_t)
    u_product_t = cast_like(w, u_product) * b1 * (one - half * decay**t)
    u_product_next = u_product_t * u_next
    beta_2_power = b2**t
    for i in range(w.size):
        m[i] = flush_denormal(m[i] + (g[i] - m[i]) * (one - b1))
        v[i] = flush_denormal(v[i] + (g[i] * g[i] - v[i]) * (one - b2))
        m_hat = (u_next * m[i]) / (one - u_product_next) + ((one - u_t) * g[i]) / (one - u_product_t)
        v_hat = v[i] / (one - beta_2_power)
        w[i] -= (m_hat * lr) / (np.sqrt(v_hat) + eps)
    return u_product_t


@njit(cache=True, error_model="numpy")
def adadelta_update(w, g, accumulated_grad, accumulated_delta_var, learning_rate, rho, epsilon):
    """Adadelta: E[g2] = rho E[g2] + (1 - rho) g**2; delta = -sqrt(E[dx2] + eps) / sqrt(E[g2] + eps) * g.

    Then E[dx2] = rho E[dx2] + (1 - rho) delta**2 and w += lr * delta.

    Args:
        w: parameter, updated in place.
        g: its gradient.
        accumulated_grad: running mean of g**2 (starts at 0), updated in place.
        accumulated_delta_var: running mean of delta**2 (starts at 0), updated in place.
        learning_rate, rho, epsilon: Adadelta hyper-parameters.
    """
    lr, eps = cast_like(w, learning_rate), cast_like(w, epsilon)
    decay, one_minus_decay = cast_like(w, rho), cast_like(w, 1.0 - rho)
    for i in range(w.size):
        accumulated_grad[i] = flush_denormal(decay * accumulated_grad[i] + one_minus_decay * (g[i] * g[i]))
        delta = -(np.sqrt(accumulated_delta_var[i] + eps) * g[i]) / np.sqrt(accumulated_grad[i] + eps)
        accumulated_delta_var[i] = flush_denormal(
            decay * accumulated_delta_var[i] + one_minus_decay * (delta * delta))
        w[i] += lr * delta


@njit(cache=True, error_model="numpy")
def lion_update(w, g, m, learning_rate, beta_1, beta_2):
    """Lion: w -= lr * sign(b1 m + (1 - b1) g); then m = b2 m + (1 - b2) g.

    Args:
        w: parameter, updated in place.
        g: its gradient.
        m: momentum (starts at 0), updated in place.
        learning_rate, beta_1, beta_2: Lion hyper-parameters.
    """
    lr = cast_like(w, learning_rate)
    b1, b2 = cast_like(w, beta_1), cast_like(w, beta_2)
    one = cast_like(w, 1.0)
    for i in range(w.size):
        w[i] -= lr * np.sign(m[i] * b1 + g[i] * (one - b1))
        m[i] = flush_denormal(m[i] * b2 + g[i] * (one - b2))
