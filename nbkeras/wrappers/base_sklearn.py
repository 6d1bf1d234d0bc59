"""What the three Keras 3 scikit-learn wrappers share: building, fitting, pickling, cloning.

Follows ``keras.wrappers`` of Keras 3 (``SKLBase``): ``model`` is a compiled
model (cloned before each fit unless ``warm_start``) or a callable
``model(X=..., y=..., **model_kwargs)`` returning one; ``fit_kwargs`` go to
``model.fit``; the fitted model is ``model_`` and ``fit``'s History is
``history_``. nbkeras adds ``random_state``: an integer makes every fit
repeat exactly, in this process or in a Dask worker. scikit-learn is
imported here, so only ``import nbkeras.wrappers.<class>`` needs it.
"""

import contextlib

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted, validate_data

from nbkeras import config
from nbkeras import random_state as random_module
from nbkeras.models import Model
from nbkeras.wrappers import model_state


class SKLBase(BaseEstimator):
    """Base of ``SKLearnClassifier``, ``SKLearnRegressor`` and ``SKLearnTransformer``.

    Args:
        model: a compiled ``Model`` (cloned with fresh weights before each fit,
            unless ``warm_start``), or a callable returning a compiled model. The
            callable is called as ``model(X=X, y=y, **model_kwargs)`` with the
            validated inputs and the encoded targets, so it can read the number
            of features (``X.shape[1]``) and of outputs (``y.shape[1]``).
        warm_start: reuse the weights of the previous fit (and, for a given
            model, train that very model instead of a clone).
        model_kwargs: keyword arguments of the ``model`` callable.
        fit_kwargs: keyword arguments of ``model.fit`` (``epochs``,
            ``batch_size``, ``verbose``...). Arguments given to ``fit`` win.
        random_state: ``None`` (draw from nbkeras's global generator, seeded by
            ``keras.utils.set_random_seed``), an integer (each fit draws weights
            and shuffles from its own generator: the same fit every time), or a
            NumPy ``RandomState``/``Generator`` (an integer seed is drawn from it).

    Attributes:
        model_: the fitted model.
        history_: the ``History`` that ``model.fit`` returned.
        n_features_in_: the number of input features seen in ``fit``.
    """

    def __init__(self, model, warm_start=False, model_kwargs=None, fit_kwargs=None,
                 random_state=None):
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs
        self.random_state = random_state

    # --------------------------------------------------------------- training
    def fit(self, X, y, **kwargs):
        """Builds (or clones) the model and trains it on ``X``, ``y``.

        Args:
            X: array-like of shape ``(n_samples, n_features)``.
            y: array-like of shape ``(n_samples,)`` (classifiers: any labels).
            **kwargs: arguments of ``model.fit``; they override ``fit_kwargs``.

        Returns:
            ``self``, fitted.
        """
        X, y = self._validate_training_data(X, y)
        targets = self._encode_targets(y)
        fit_kwargs = dict(self.fit_kwargs or {})
        fit_kwargs.update(kwargs)
        with random_scope(self.random_state):
            model = self._get_model(X, targets)
            _check_compiled(model, type(self).__name__)
            self.history_ = model.fit(X, targets, **fit_kwargs)
        self.model_ = model
        return self

    def _validate_training_data(self, X, y):
        return validate_data(self, X, y, dtype=config.floatx())

    def _encode_targets(self, y):
        """Regressors and transformers: a column of float targets (2-D for Keras)."""
        y = np.asarray(y, dtype=config.floatx())
        return y.reshape(-1, 1) if y.ndim == 1 else y

    def _get_model(self, X, y):
        if self.warm_start and getattr(self, "model_", None) is not None:
            return self.model_
        if isinstance(self.model, Model):
            return self.model if self.warm_start else model_state.compiled_clone(self.model)
        if not callable(self.model):
            raise TypeError(f"{type(self).__name__}(model=...) expects a compiled keras Model "
                            "or a function returning one, e.g. model=make_model with "
                            "def make_model(X, y): ... return model. "
                            f"Received: model={self.model!r}")
        return self.model(X=X, y=y, **(self.model_kwargs or {}))

    # ------------------------------------------------------------- inference
    def _raw_predict(self, X):
        """The model's outputs for ``X`` (checked against what ``fit`` saw)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=config.floatx())
        verbose = (self.fit_kwargs or {}).get("verbose", "auto")
        return self.model_.predict(X, verbose=verbose)

    @property
    def epoch_(self):
        """How many epochs the last ``fit`` ran (0 before fitting)."""
        history = getattr(self, "history_", None)
        return len(history.epoch) if history is not None else 0

    # -------------------------------------------------- scikit-learn plumbing
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True  # the model is built from (X, y)
        return tags

    def __sklearn_clone__(self):
        """An unfitted copy with the same parameters; a model given as ``model`` is copied
        (same architecture, weights and compile) through its ``.keras`` bytes."""
        from sklearn.base import clone

        params = {}
        for name, value in self.get_params(deep=False).items():
            params[name] = (model_state.copy_model(value) if isinstance(value, Model)
                            else clone(value, safe=False))
        return type(self)(**params)

    def __getstate__(self):
        return model_state.archive_models(super().__getstate__())

    def __setstate__(self, state):
        super().__setstate__(model_state.restore_models(state))


def _check_compiled(model, owner):
    if not isinstance(model, Model):
        raise TypeError(f"{owner}: the model function must return a keras Model. "
                        f"Received: {type(model).__name__}.")
    if not getattr(model, "compiled", False) or model.loss is None or model.optimizer is None:
        raise RuntimeError(f"{owner} needs a compiled model with a loss and an optimizer. "
                           "Call model.compile(optimizer='adam', loss=...) before returning it.")


def random_scope(random_state):
    """A context in which nbkeras draws from ``random_state`` (None: the global generator)."""
    seed = _seed_of(random_state)
    return contextlib.nullcontext() if seed is None else random_module.seeded(seed)


def _seed_of(random_state):
    """An integer seed from ``random_state`` (None stays None: use the global generator)."""
    if random_state is None:
        return None
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(np.iinfo(np.int32).max))
    raise ValueError("random_state must be None, an integer, a numpy RandomState or a numpy "
                     f"Generator. Received: random_state={random_state!r}")
