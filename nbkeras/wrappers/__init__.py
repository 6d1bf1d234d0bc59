"""``keras.wrappers``: keras models as scikit-learn estimators.

Keras 3's ``SKLearnClassifier``, ``SKLearnRegressor`` and ``SKLearnTransformer``
live here; the tf.keras 2 / Keras 2 ``KerasClassifier`` and ``KerasRegressor``
in ``nbkeras.wrappers.scikit_learn``. scikit-learn is an optional extra
(``pip install nbkeras[sklearn]``): it is imported when a wrapper is first
used, never by ``import nbkeras``.
"""

__all__ = ["SKLearnClassifier", "SKLearnRegressor", "SKLearnTransformer"]


def __getattr__(name):
    # Deferred so that ``import nbkeras`` does not import scikit-learn.
    if name in __all__:
        require_sklearn(name)
    if name == "SKLearnClassifier":
        from nbkeras.wrappers.sklearn_wrapper import SKLearnClassifier
        return SKLearnClassifier
    if name == "SKLearnRegressor":
        from nbkeras.wrappers.sklearn_wrapper import SKLearnRegressor
        return SKLearnRegressor
    if name == "SKLearnTransformer":
        from nbkeras.wrappers.sklearn_wrapper import SKLearnTransformer
        return SKLearnTransformer
    raise AttributeError(f"module 'nbkeras.wrappers' has no attribute {name!r}")


def require_sklearn(feature):
    """Raises a clear ImportError when scikit-learn, an optional extra, is missing."""
    try:
        import sklearn  # noqa: F401
    except ModuleNotFoundError:
        raise ImportError(f"{feature} needs scikit-learn, an optional extra of nbkeras: "
                          "pip install 'nbkeras[sklearn]' (or pip install scikit-learn).") from None


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
