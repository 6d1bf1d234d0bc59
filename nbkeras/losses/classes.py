"""Loss classes (``keras.losses.MeanSquaredError`` ...): a loss function plus a reduction.

Every class wraps the function of the same name with ``LossFunctionWrapper``.
They are generated from one table so that signatures, defaults, names and
configs follow Keras 3 exactly; ``config_keys`` lists what Keras reports in
``get_config`` (other arguments appear only when not at their default).
"""

from nbkeras.losses import focal, hinge, overlap, probabilistic, regression
from nbkeras.losses.loss import LossFunctionWrapper

_EXAMPLE = """

    Example:
        >>> import nbkeras as keras
        >>> loss = keras.losses.{cls}()
        >>> loss.name
        '{name}'
"""


def _loss_class(class_name, fn, default_name, summary, config_keys=(), **defaults):
    """Builds a LossFunctionWrapper subclass whose arguments are ``defaults`` (in order)."""

    def __init__(self, *args, reduction="sum_over_batch_size", name=default_name, dtype=None,
                 **kwargs):
        if len(args) > len(defaults):
            raise TypeError(f"{class_name} takes at most {len(defaults)} positional arguments "
                            f"({', '.join(defaults) or 'none'}); received {len(args)}.")
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"{class_name} got unexpected arguments {sorted(unknown)}. "
                            f"Its arguments are: {', '.join([*defaults, 'reduction', 'name', 'dtype'])}.")
        options = dict(defaults)
        options.update(zip(defaults, args))
        options.update(kwargs)
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype, **options)

    arguments = "".join(f"\n        {key}: default {value!r}." for key, value in defaults.items())
    doc = (f"{summary}\n\n    Wraps ``keras.losses.{fn.__name__}``.\n\n    Args:{arguments}\n"
           "        reduction: how per-sample losses are combined (see ``Loss``).\n"
           f"        name: default ``{default_name!r}``.\n"
           + _EXAMPLE.format(cls=class_name, name=default_name))
    return type(class_name, (LossFunctionWrapper,), {
        "__init__": __init__, "__doc__": doc, "config_keys": tuple(config_keys),
        "_defaults": dict(defaults), "__module__": "nbkeras.losses"})


MeanSquaredError = _loss_class(
    "MeanSquaredError", regression.mean_squared_error, "mean_squared_error",
    "Mean of squared errors.")
MeanAbsoluteError = _loss_class(
    "MeanAbsoluteError", regression.mean_absolute_error, "mean_absolute_error",
    "Mean of absolute errors.")
MeanAbsolutePercentageError = _loss_class(
    "MeanAbsolutePercentageError", regression.mean_absolute_percentage_error,
    "mean_absolute_percentage_error", "Mean absolute percentage error.")
MeanSquaredLogarithmicError = _loss_class(
    "MeanSquaredLogarithmicError", regression.mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error", "Mean squared logarithmic error.")
Huber = _loss_class("Huber", regression.huber, "huber_loss",
                    "Quadratic for small errors, linear for large ones.", delta=1.0)
LogCosh = _loss_class("LogCosh", regression.log_cosh, "log_cosh",
                      "Logarithm of the hyperbolic cosine of the error.")
CosineSimilarity = _loss_class(
    "CosineSimilarity", regression.cosine_similarity, "cosine_similarity",
    "Minus the cosine similarity of targets and predictions.", axis=-1)
BinaryCrossentropy = _loss_class(
    "BinaryCrossentropy", probabilistic.binary_crossentropy, "binary_crossentropy",
    "Crossentropy for binary (0/1) labels.", ("from_logits", "label_smoothing", "axis"),
    from_logits=False, label_smoothing=0.0, axis=-1)
CategoricalCrossentropy = _loss_class(
    "CategoricalCrossentropy", probabilistic.categorical_crossentropy, "categorical_crossentropy",
    "Crossentropy for one-hot labels.", ("from_logits", "label_smoothing", "axis"),
    from_logits=False, label_smoothing=0.0, axis=-1)
SparseCategoricalCrossentropy = _loss_class(
    "SparseCategoricalCrossentropy", probabilistic.sparse_categorical_crossentropy,
    "sparse_categorical_crossentropy", "Crossentropy for integer labels.",
    ("from_logits", "ignore_class"), from_logits=False, ignore_class=None, axis=-1)
KLDivergence = _loss_class("KLDivergence", probabilistic.kl_divergence, "kl_divergence",
                           "Kullback-Leibler divergence between label and predicted distributions.")
Poisson = _loss_class("Poisson", probabilistic.poisson, "poisson",
                      "Poisson negative log-likelihood (up to a constant), for counts.")
Hinge = _loss_class("Hinge", hinge.hinge, "hinge", "Hinge loss for -1/+1 (or 0/1) labels.")
SquaredHinge = _loss_class("SquaredHinge", hinge.squared_hinge, "squared_hinge",
                           "Squared hinge loss for -1/+1 (or 0/1) labels.")
CategoricalHinge = _loss_class("CategoricalHinge", hinge.categorical_hinge, "categorical_hinge",
                               "Hinge loss for one-hot labels.")
BinaryFocalCrossentropy = _loss_class(
    "BinaryFocalCrossentropy", focal.binary_focal_crossentropy, "binary_focal_crossentropy",
    "Binary crossentropy that down-weights easy examples.",
    ("apply_class_balancing", "alpha", "gamma", "from_logits", "label_smoothing", "axis"),
    apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
    axis=-1)
CategoricalFocalCrossentropy = _loss_class(
    "CategoricalFocalCrossentropy", focal.categorical_focal_crossentropy,
    "categorical_focal_crossentropy", "Categorical crossentropy that down-weights easy examples.",
    ("alpha", "gamma", "from_logits", "label_smoothing", "axis"),
    alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1)

Dice = _loss_class("Dice", overlap.dice, "dice", "One minus the Dice overlap of two masks.",
                   ("axis",), axis=None)
Tversky = _loss_class("Tversky", overlap.tversky, "tversky",
                      "One minus the Tversky index (Dice with weighted false positives/negatives).",
                      ("alpha", "beta", "axis"), alpha=0.5, beta=0.5, axis=None)

ALL_LOSS_CLASSES = {cls.__name__: cls for cls in (
    MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, Huber, LogCosh, CosineSimilarity, BinaryCrossentropy,
    CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence, Poisson, Hinge,
    SquaredHinge, CategoricalHinge, BinaryFocalCrossentropy, CategoricalFocalCrossentropy, Dice,
    Tversky)}
