"""Small model functions shared by the wrapper tests (module level, so they pickle by name)."""

import nbkeras as keras


def dense_model(X, y, loss="mse", hidden=(10,), out_activation=None, optimizer="adam"):
    """An MLP sized from the data: X.shape[1] inputs, y.shape[1] outputs."""
    model = keras.Sequential([keras.Input(shape=(X.shape[1],))])
    for units in hidden:
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(y.shape[1], activation=out_activation))
    model.compile(optimizer=optimizer, loss=loss)
    return model


def softmax_model(X, y, hidden=(10,), optimizer="adam"):
    return dense_model(X, y, "categorical_crossentropy", hidden, "softmax", optimizer)
