"""Keras 3's scikit-learn estimators: ``SKLearnClassifier``, ``SKLearnRegressor``, ``SKLearnTransformer``.

Example:
    >>> import nbkeras as keras
    >>> def make_model(X, y, hidden=16):
    ...     model = keras.Sequential([keras.Input(shape=(X.shape[1],)),
    ...                               keras.layers.Dense(hidden, activation="relu"),
    ...                               keras.layers.Dense(y.shape[1], activation="softmax")])
    ...     model.compile(optimizer="adam", loss="categorical_crossentropy")
    ...     return model
    >>> clf = keras.wrappers.SKLearnClassifier(model=make_model, model_kwargs={"hidden": 16},
    ...                                        fit_kwargs={"epochs": 20, "verbose": 0})
"""

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin, TransformerMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import validate_data

from nbkeras import config
from nbkeras.wrappers.base_sklearn import SKLBase


class SKLearnClassifier(ClassifierMixin, SKLBase):
    """A keras classifier as a scikit-learn estimator (``GridSearchCV``, ``Pipeline``...).

    Labels (numbers or strings) are one-hot encoded over ``classes_`` before
    training, so the model ends in ``Dense(n_classes, activation="softmax")``
    with ``categorical_crossentropy``, and the model callable sees one-hot
    ``y`` of shape ``(n_samples, n_classes)``. Arguments as in ``SKLBase``.

    Attributes:
        classes_: the sorted class labels; column ``i`` of the model's
            output is the score of ``classes_[i]``.
        model_, history_, n_features_in_: as in ``SKLBase``.
    """

    def _validate_training_data(self, X, y):
        X, y = validate_data(self, X, y, dtype=config.floatx())
        check_classification_targets(y)
        return X, y

    def _encode_targets(self, y):
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 classes to train; y has "
                             f"only one class: {self.classes_[0]!r}.")
        return (y[:, None] == self.classes_[None, :]).astype(config.floatx())

    def predict(self, X):
        """The class of each sample: ``classes_[argmax of the model's outputs]``."""
        outputs = self._raw_predict(X)
        return self.classes_[np.argmax(outputs, axis=1)]

    def predict_proba(self, X):
        """The model's outputs, one column per class of ``classes_`` (probabilities when the
        model ends in a softmax)."""
        return self._raw_predict(X)

    def decision_function(self, X):
        """The model's outputs (Keras 3); for two classes, scikit-learn's convention: one
        score per sample, positive for ``classes_[1]`` (output 1 minus output 0)."""
        outputs = self._raw_predict(X)
        return outputs[:, 1] - outputs[:, 0] if outputs.shape[1] == 2 else outputs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True  # a few epochs on the checks' tiny data sets
        return tags


class SKLearnRegressor(RegressorMixin, SKLBase):
    """A keras regressor as a scikit-learn estimator; ``score`` is R² (scikit-learn's).

    The model callable sees ``y`` as a column ``(n_samples, 1)``; ``predict``
    returns ``(n_samples,)`` as scikit-learn expects. Arguments as in ``SKLBase``.
    """

    def _validate_training_data(self, X, y):
        return validate_data(self, X, y, dtype=config.floatx(), y_numeric=True)

    def predict(self, X):
        """The model's predictions, shape ``(n_samples,)``."""
        return self._raw_predict(X)[:, 0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        return tags


class SKLearnTransformer(TransformerMixin, SKLBase):
    """A keras model as a scikit-learn transformer: ``transform(X)`` is ``model_.predict(X)``.

    "Transformer" in scikit-learn's sense (a pipeline step that maps features),
    not the attention architecture. Fit it on ``(X, y)`` like a regressor (``y``
    may have several columns, an nbkeras addition), then
    use its outputs (for example an embedding layer's) as features for the next
    step. Arguments as in ``SKLBase``.
    """

    def _validate_training_data(self, X, y):
        return validate_data(self, X, y, dtype=config.floatx(), y_numeric=True, multi_output=True)

    def transform(self, X):
        """The model's outputs for ``X``, shape ``(n_samples, n_outputs)``."""
        return self._raw_predict(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = [config.floatx()]
        tags.target_tags.multi_output = True  # y may have several columns (nbkeras; Keras: one)
        return tags
