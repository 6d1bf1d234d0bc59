"""AdamW: Adam with decoupled weight decay (Loshchilov and Hutter)."""

from nbkeras.optimizers.adam import Adam


class AdamW(Adam):
    """Adam whose weights also shrink by ``w * weight_decay * learning_rate`` each step.

    The decay is applied before the Adam step, to the weights directly
    rather than through the gradient, so it is not rescaled by Adam's
    per-parameter step sizes. Every optimizer accepts ``weight_decay=``;
    AdamW only differs by its default (0.004) and by requiring it.

    Args:
        learning_rate: default 0.001 (or a schedule).
        weight_decay: default 0.004.
        beta_1, beta_2: decay rates of the first and second moments.
        epsilon: default 1e-7.
        amsgrad: keep the maximum of past second moments.

    Example:
        >>> import nbkeras as keras
        >>> keras.optimizers.AdamW().get_config()["weight_decay"]
        0.004
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, name=None, **kwargs):
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: "
                             "weight_decay=None. Use keras.optimizers.Adam for no decay.")
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, amsgrad=amsgrad, weight_decay=weight_decay,
                         name=name, **kwargs)
