"""to_code: the complete nbkeras program that builds and trains a Playground's network.

The program copies the dataset maker's source, computes the same features,
seeds nbkeras, builds the same ``Sequential`` and calls ``fit`` once; run in
a fresh process it reproduces the Playground's losses and weights exactly.
"""

import inspect

from nbkeras.playground import builder, datasets, features

HEADER = '''"""{title}

Exported from the nbkeras Playground. Run it as it is: it reproduces the
Playground's numbers. With Keras 3 (``import keras``) it runs too, but its
shuffling draws other random numbers, so the numbers differ slightly.
"""
import numpy as np

import nbkeras as keras

'''


def to_code(config, epochs):
    """Returns the Python source of a program equivalent to the Playground run.

    Args:
        config: a ``PlaygroundConfig``.
        epochs: the number of epochs the program trains.

    Returns:
        The program as a string.
    """
    maker = datasets.MAKERS[config.dataset]
    parts = [HEADER.format(title=f"{config.describe()}, {epochs} epochs."),
             inspect.getsource(maker), "", inspect.getsource(datasets.split), "",
             _features_source(config.features), "",
             _data_source(config, maker.__name__), "", _model_source(config), "",
             _fit_source(config, epochs)]
    return "\n".join(parts)


def _features_source(names):
    columns = ", ".join(features.CODE[name] for name in names)
    return ("def features(x):\n"
            f'    """The input features: {", ".join(names)}."""\n'
            "    x1, x2 = x[:, 0], x[:, 1]\n"
            f"    return np.stack([{columns}], axis=1).astype(np.float32)\n")


def _data_source(config, maker_name):
    return (f"# the data: {config.n_samples} points, noise {config.noise:g}, "
            f"{config.ratio:.0%} of them for training\n"
            f"rng = np.random.default_rng({config.seed})\n"
            f"x, y = {maker_name}({config.n_samples}, {config.noise!r}, rng)\n"
            f"x_train, y_train, x_test, y_test = split(x.astype(np.float32), y, {config.ratio!r}, rng)\n"
            "x_train, x_test = features(x_train), features(x_test)")


def _model_source(config):
    penalty = ""
    if config.regularization != "none":
        kind = config.regularization.upper()
        penalty = f", kernel_regularizer=keras.regularizers.{kind}({config.regularization_rate!r})"
    lines = ["# the model: initial weights come from the seed",
             f"keras.utils.set_random_seed({config.seed})",
             "model = keras.Sequential([",
             f"    keras.Input(shape=({len(config.features)},)),"]
    for units in config.hidden:
        lines.append(f'    keras.layers.Dense({units}, activation="{config.activation}"{penalty}),')
        if config.dropout:
            lines.append(f"    keras.layers.Dropout({config.dropout!r}),")
    activation, loss, metrics = builder.output_settings(config)
    lines += [f'    keras.layers.Dense(1, activation="{activation}"{penalty}),', "])",
              f"model.compile(optimizer={_optimizer_source(config)},",
              f'              loss="{loss}"' + (f", metrics={metrics!r}" if metrics else "") + ")"]
    return "\n".join(lines).replace("'", '"')


def _optimizer_source(config):
    if config.optimizer == "adam":
        return f"keras.optimizers.Adam(learning_rate={config.learning_rate!r})"
    momentum = ", momentum=0.9" if config.optimizer == "momentum" else ""
    return f"keras.optimizers.SGD(learning_rate={config.learning_rate!r}{momentum})"


def _fit_source(config, epochs):
    return (f"# training: each epoch passes over the training points in batches of {config.batch_size}\n"
            f"history = model.fit(x_train, y_train, batch_size={config.batch_size}, epochs={epochs},\n"
            "                    validation_data=(x_test, y_test), verbose=0)\n"
            'print(f"after {len(history.epoch)} epochs: training loss '
            "{history.history['loss'][-1]:.4f}, \"\n"
            "      f\"test loss {history.history['val_loss'][-1]:.4f}\")\n")
