"""The model behind a Playground: an ordinary nbkeras ``Sequential``, compiled.

Classification ends in one sigmoid unit trained with binary crossentropy on
0/1 labels; regression ends in one linear unit trained with mean squared
error. The regularizer (L1 or L2) applies to every kernel, as TF Playground
penalizes every weight; biases are not penalized. Dropout follows each
hidden layer. Weights start from Keras's defaults (Glorot uniform kernels,
zero biases), drawn from nbkeras's seeded generator.
"""

from nbkeras import layers, models, optimizers, regularizers


def make_optimizer(config):
    """SGD, SGD with momentum 0.9, or Adam, at the configured learning rate."""
    if config.optimizer == "adam":
        return optimizers.Adam(learning_rate=config.learning_rate)
    momentum = 0.9 if config.optimizer == "momentum" else 0.0
    return optimizers.SGD(learning_rate=config.learning_rate, momentum=momentum)


def make_regularizer(config):
    """``L1(rate)``, ``L2(rate)`` or ``None``."""
    if config.regularization == "l1":
        return regularizers.L1(config.regularization_rate)
    if config.regularization == "l2":
        return regularizers.L2(config.regularization_rate)
    return None


def output_settings(config):
    """``(activation, loss, metrics)`` of the output unit for the problem type."""
    if config.problem == "classification":
        return "sigmoid", "binary_crossentropy", ["accuracy"]
    return "linear", "mean_squared_error", []


def build_model(config):
    """Builds and compiles the Sequential model for ``config`` (draws its initial weights).

    Args:
        config: a ``PlaygroundConfig``.

    Returns:
        A compiled ``nbkeras.Sequential``.
    """
    stack = [layers.Input(shape=(len(config.features),))]
    for units in config.hidden:
        stack.append(layers.Dense(units, activation=config.activation,
                                  kernel_regularizer=make_regularizer(config)))
        if config.dropout:
            stack.append(layers.Dropout(config.dropout))
    activation, loss, metrics = output_settings(config)
    stack.append(layers.Dense(1, activation=activation, kernel_regularizer=make_regularizer(config)))
    model = models.Sequential(stack)
    model.compile(optimizer=make_optimizer(config), loss=loss, metrics=metrics)
    return model
