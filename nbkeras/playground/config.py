"""PlaygroundConfig: every setting of the Playground in one small, checked record."""

import dataclasses

from nbkeras.playground import datasets, features

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "momentum", "adam")
REGULARIZATIONS = ("none", "l1", "l2")
PROBLEMS = ("classification", "regression")
MAX_LAYERS, MAX_NEURONS = 6, 8


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig:
    """The settings that define one Playground run (data, network, training).

    Two runs with equal configs give equal numbers. ``problem`` defaults to the
    dataset's kind (regression for ``plane`` and ``multi_gaussian``).
    """

    dataset: str = "circle"
    problem: str = None
    n_samples: int = 500
    noise: float = 0.0
    ratio: float = 0.5
    features: tuple = ("x1", "x2")
    hidden: tuple = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    regularization: str = "none"
    regularization_rate: float = 0.0
    dropout: float = 0.0
    optimizer: str = "sgd"
    batch_size: int = 10
    seed: int = 0

    def __post_init__(self):
        set_ = lambda name, value: object.__setattr__(self, name, value)
        if self.dataset not in datasets.MAKERS:
            raise ValueError(f"dataset={self.dataset!r} is not a Playground dataset; expected one "
                             f"of {list(datasets.MAKERS)}.")
        if self.problem is None:
            set_("problem", "regression" if self.dataset in datasets.REGRESSION else "classification")
        _choose("problem", self.problem, PROBLEMS)
        if (self.problem == "regression") != (self.dataset in datasets.REGRESSION):
            kinds = datasets.REGRESSION if self.problem == "regression" else datasets.CLASSIFICATION
            raise ValueError(f"problem={self.problem!r} needs one of the datasets {list(kinds)}; "
                             f"received dataset={self.dataset!r}.")
        set_("features", features.check_features(self.features))
        hidden = tuple(int(units) for units in self.hidden)
        if len(hidden) > MAX_LAYERS or any(not 1 <= units <= MAX_NEURONS for units in hidden):
            raise ValueError(f"hidden must list 0 to {MAX_LAYERS} layers of 1 to {MAX_NEURONS} "
                             f"neurons, e.g. hidden=[4, 2]; received hidden={list(self.hidden)}.")
        set_("hidden", hidden)
        _choose("activation", self.activation, ACTIVATIONS)
        _choose("optimizer", self.optimizer, OPTIMIZERS)
        set_("regularization", str(self.regularization).lower())
        _choose("regularization", self.regularization, REGULARIZATIONS)
        _check_range("noise", self.noise, 0.0, 0.5)
        _check_range("ratio", self.ratio, 0.1, 0.9)
        _check_range("dropout", self.dropout, 0.0, 0.9)
        _check_range("learning_rate", self.learning_rate, 1e-6, 10.0)
        _check_range("regularization_rate", self.regularization_rate, 0.0, 10.0)
        _check_range("batch_size", self.batch_size, 1, 100)
        _check_range("n_samples", self.n_samples, 10, 5000)

    def replace(self, **changes):
        """A copy with some settings changed (``problem`` follows a new dataset unless given)."""
        if "dataset" in changes and "problem" not in changes:
            changes["problem"] = None
        unknown = set(changes) - {field.name for field in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"Unknown Playground setting(s) {sorted(unknown)}; the settings are "
                            f"{[field.name for field in dataclasses.fields(self)]}.")
        return dataclasses.replace(self, **changes)

    def describe(self):
        """One line for titles: ``spiral, 2x8 tanh, sgd lr 0.03``."""
        shape = "x".join(str(units) for units in self.hidden) or "no hidden layer"
        extra = ""
        if self.regularization != "none":
            extra = f", {self.regularization} {self.regularization_rate:g}"
        extra += f", dropout {self.dropout:g}" if self.dropout else ""
        return (f"{self.dataset}, {shape} {self.activation}, {self.optimizer} lr "
                f"{self.learning_rate:g}{extra}")


def _choose(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not available; expected one of {list(choices)}.")


def _check_range(name, value, low, high):
    if not low <= value <= high:
        raise ValueError(f"{name} must lie between {low} and {high}; received {name}={value!r}.")
