"""tf.keras 2 / Keras 2's ``keras.wrappers.scikit_learn``: ``KerasClassifier`` and ``KerasRegressor``.

Older tutorials write::

    from keras.wrappers.scikit_learn import KerasRegressor
    est = KerasRegressor(build_fn=build, nb_epoch=100, batch_size=5, verbose=0)

Keras 3 removed this module (use ``keras.wrappers.SKLearnRegressor`` and
friends); nbkeras runs it as written, with a one-time hint that shows the
Keras 3 spelling of the same estimator. As in Keras 2, ``sk_params`` hold
the arguments of ``build_fn`` and of ``fit``/``predict``/``evaluate`` and
are routed to whichever accepts them; ``nb_epoch`` means ``epochs``; the
fitted model is ``self.model`` and ``fit`` returns the ``History``.
nbkeras adds one parameter: ``random_state`` (an integer makes each fit
repeat exactly, as for the Keras 3 wrappers).
"""

import inspect
import types
import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin

from nbkeras.models import Model
from nbkeras.wrappers import model_state
from nbkeras.wrappers.base_sklearn import random_scope

_EXTRA_PARAMS = ("nb_epoch", "random_state")  # accepted besides the functions' own arguments
_warned = set()


class BaseWrapper(BaseEstimator):
    """Keras 2's base of the legacy wrappers.

    Args:
        build_fn: a function (or callable object) returning a compiled model;
            ``None`` means ``self.__call__`` (subclass and define it).
        **sk_params: arguments of ``build_fn`` and of ``fit``, ``predict``
            and ``evaluate`` (``epochs``/``nb_epoch``, ``batch_size``,
            ``verbose``, ...), plus ``random_state``.
    """

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)
        _teach(self)

    def check_params(self, params):
        """Raises ValueError for a parameter that no function here accepts."""
        functions = [Model.fit, Model.predict, Model.evaluate, self._builder()]
        for name in params:
            if name not in _EXTRA_PARAMS and not any(_has_arg(fn, name) for fn in functions):
                raise ValueError(
                    f"{name} is not a legal parameter of {type(self).__name__}: it is not an "
                    f"argument of build_fn ({_name_of(self.build_fn)}) nor of fit, predict or "
                    "evaluate. Add it to build_fn's arguments, or check its spelling.")

    def get_params(self, deep=True):
        params = dict(self.sk_params)
        params["build_fn"] = self.build_fn
        return params

    def set_params(self, **params):
        self.check_params({k: v for k, v in params.items() if k != "build_fn"})
        if "build_fn" in params:
            self.build_fn = params.pop("build_fn")
        self.sk_params.update(params)
        return self

    def fit(self, x, y, **kwargs):
        """Builds a new model with ``build_fn`` and trains it; returns the ``History``."""
        build = self.build_fn if self.build_fn is not None else self.__call__
        with random_scope(self.sk_params.get("random_state")):
            self.model = build(**self.filter_sk_params(self._builder()))
            if _is_categorical_crossentropy(self.model.loss) and len(np.shape(y)) != 2:
                y = _one_hot(y, getattr(self, "n_classes_", None))
            fit_args = self.filter_sk_params(Model.fit)
            if "nb_epoch" in self.sk_params and "epochs" not in self.sk_params:
                fit_args["epochs"] = self.sk_params["nb_epoch"]
            fit_args.update(kwargs)
            return self.model.fit(x, y, **fit_args)

    def filter_sk_params(self, fn, override=None):
        """The ``sk_params`` that ``fn`` accepts, updated with ``override``."""
        params = {name: value for name, value in self.sk_params.items() if _has_arg(fn, name)}
        params.update(override or {})
        return params

    def _builder(self):
        if self.build_fn is None:
            return self.__call__
        if isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
            return self.build_fn
        return self.build_fn.__call__

    def __sklearn_is_fitted__(self):
        return hasattr(self, "model")

    def __getstate__(self):
        return model_state.archive_models(super().__getstate__())

    def __setstate__(self, state):
        super().__setstate__(model_state.restore_models(state))


class KerasClassifier(ClassifierMixin, BaseWrapper):
    """Keras 2's scikit-learn classifier (Keras 3: ``keras.wrappers.SKLearnClassifier``).

    Labels are mapped to indices into ``classes_`` (one-hot when the loss is
    ``categorical_crossentropy``); ``score`` is the model's accuracy metric,
    so compile with ``metrics=["accuracy"]``.
    """

    def fit(self, x, y, **kwargs):
        y = np.array(y)
        if y.ndim == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError(f"Invalid shape for y: {y.shape}. Pass labels (n_samples,) or "
                             "one-hot targets (n_samples, n_classes).")
        self.n_classes_ = len(self.classes_)
        return super().fit(x, y, **kwargs)

    def predict(self, x, **kwargs):
        """Class labels: argmax of the outputs, or output > 0.5 for one sigmoid unit."""
        proba = self.model.predict(x, **self.filter_sk_params(Model.predict, kwargs))
        if proba.shape[-1] > 1:
            classes = proba.argmax(axis=-1)
        else:
            classes = (proba[:, 0] > 0.5).astype("int32")
        return self.classes_[classes]

    def predict_proba(self, x, **kwargs):
        """Class probabilities, shape ``(n_samples, n_classes)`` (two columns for one sigmoid)."""
        probs = self.model.predict(x, **self.filter_sk_params(Model.predict, kwargs))
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x, y, **kwargs):
        """The model's accuracy on ``(x, y)`` (from ``evaluate``)."""
        y = np.searchsorted(self.classes_, np.asarray(y))
        if _is_categorical_crossentropy(self.model.loss) and y.ndim != 2:
            y = _one_hot(y, self.n_classes_)
        logs = self.model.evaluate(x, y, return_dict=True,
                                   **self.filter_sk_params(Model.evaluate, kwargs))
        for name in ("accuracy", "acc", "categorical_accuracy", "sparse_categorical_accuracy",
                     "binary_accuracy"):
            if name in logs:
                return logs[name]
        raise ValueError("The model is not configured to compute accuracy. You should pass "
                         '`metrics=["accuracy"]` to the `model.compile()` method.')


class KerasRegressor(RegressorMixin, BaseWrapper):
    """Keras 2's scikit-learn regressor (Keras 3: ``keras.wrappers.SKLearnRegressor``).

    ``score`` is minus the loss (so larger is better, as scikit-learn wants):
    ``cross_val_score`` gives negative mean squared errors for ``loss="mse"``.
    """

    def predict(self, x, **kwargs):
        """Predictions with the last axis squeezed: ``(n_samples,)`` for one output."""
        return np.squeeze(self.model.predict(x, **self.filter_sk_params(Model.predict, kwargs)),
                          axis=-1)

    def score(self, x, y, **kwargs):
        """Minus the model's loss on ``(x, y)``."""
        loss = self.model.evaluate(x, y, **self.filter_sk_params(Model.evaluate, kwargs))
        return -loss[0] if isinstance(loss, list) else -loss


def _one_hot(indices, n_classes=None):
    """``keras.utils.to_categorical`` of class indices (float32 rows of zeros and one 1)."""
    indices = np.asarray(indices, dtype=int).reshape(-1)
    n_classes = int(indices.max()) + 1 if n_classes is None else n_classes
    return np.eye(n_classes, dtype="float32")[indices]


def _has_arg(fn, name):
    try:
        parameter = inspect.signature(fn).parameters.get(name)
    except (TypeError, ValueError):
        return False
    return parameter is not None and parameter.kind not in (parameter.VAR_POSITIONAL,
                                                            parameter.VAR_KEYWORD)


def _is_categorical_crossentropy(loss):
    name = loss if isinstance(loss, str) else getattr(loss, "__name__", getattr(loss, "name", None))
    return name == "categorical_crossentropy" or type(loss).__name__ == "CategoricalCrossentropy"


def _name_of(fn):
    return getattr(fn, "__name__", type(fn).__name__)


def _teach(wrapper):
    """Once per class and per process: the same estimator in Keras 3's words."""
    name = type(wrapper).__name__
    if "nb_epoch" in wrapper.sk_params and "nb_epoch" not in _warned:
        _warned.add("nb_epoch")
        warnings.warn(f"`nb_epoch` is the Keras 1 name of `epochs` (renamed in Keras 2): write "
                      f"epochs={wrapper.sk_params['nb_epoch']!r}.", UserWarning, stacklevel=3)
    if name in _warned:
        return
    _warned.add(name)
    new_name = {"KerasClassifier": "SKLearnClassifier", "KerasRegressor": "SKLearnRegressor"}[name]
    fit_kwargs = wrapper.filter_sk_params(Model.fit)
    if "nb_epoch" in wrapper.sk_params and "epochs" not in fit_kwargs:
        fit_kwargs = {"epochs": wrapper.sk_params["nb_epoch"], **fit_kwargs}
    model_kwargs = wrapper.filter_sk_params(wrapper._builder())
    spelled = [f"model={_name_of(wrapper.build_fn)}"]
    spelled += [f"model_kwargs={model_kwargs!r}"] if model_kwargs else []
    spelled += [f"fit_kwargs={fit_kwargs!r}"] if fit_kwargs else []
    warnings.warn(
        f"keras.wrappers.scikit_learn.{name} is the tf.keras 2 / Keras 2 wrapper, removed in "
        f"Keras 3; nbkeras runs it as written. In Keras 3: keras.wrappers.{new_name}("
        f"{', '.join(spelled)}), where the model function is called as model(X=X, y=y, "
        "**model_kwargs) and returns a compiled model.", UserWarning, stacklevel=3)
