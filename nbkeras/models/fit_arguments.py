"""Checks of ``fit``'s arguments before any work: nonsense gets a clear error, not a result.

Each error names the argument, shows what was expected and what was
received, and suggests the fix (``epochs=2.5``: "epochs counts whole passes
over the data: pass an integer such as epochs=3").
"""

import numbers

import numpy as np

from nbkeras.models.data_adapters import flat_arrays
from nbkeras.models.data_adapters.arrays import is_array_data

VERBOSE_VALUES = ("auto", 0, 1, 2)


def check_fit_arguments(x, y, batch_size, epochs, verbose, callbacks, validation_split,
                        class_weight, initial_epoch, steps_per_epoch):
    """Raises ``ValueError``/``TypeError`` for arguments ``fit`` would misuse silently."""
    _check_count("epochs", epochs, minimum=0, example="epochs=10")
    _check_count("initial_epoch", initial_epoch, minimum=0, example="initial_epoch=0")
    if initial_epoch > epochs:
        raise ValueError(
            f"fit(): initial_epoch={initial_epoch} is larger than epochs={epochs}, so no epoch "
            "would run. epochs is the index of the last epoch, counted with initial_epoch: to "
            f"train {epochs} more epochs, pass epochs={initial_epoch + epochs}.")
    if batch_size is not None:
        _check_count("batch_size", batch_size, minimum=1, example="batch_size=32")
    if steps_per_epoch is not None:
        _check_count("steps_per_epoch", steps_per_epoch, minimum=1, example="steps_per_epoch=100")
    check_verbose(verbose, "fit")
    check_callbacks(callbacks)
    if not isinstance(validation_split, numbers.Real) or isinstance(validation_split, bool) \
            or not 0 <= validation_split < 1:
        raise ValueError(
            f"fit(): validation_split must be a fraction in [0, 1), e.g. 0.2 to hold out the "
            f"last 20% of the samples. Received: validation_split={validation_split!r}.")
    if x is not None and is_array_data(x):
        _check_not_empty(x, "x")
        _check_not_empty(y, "y")
    if class_weight is not None:
        check_class_weight(class_weight, y)


def check_verbose(verbose, method):
    if isinstance(verbose, (list, dict, np.ndarray)) or verbose not in VERBOSE_VALUES:
        raise ValueError(
            f"{method}(): verbose must be \"auto\", 0 (silent), 1 (progress bar) or 2 (one line "
            f"per epoch). Received: verbose={verbose!r}.")


def check_callbacks(callbacks):
    """``callbacks``: a list of Callback objects, or one Callback as Keras accepts (not a name, not a class)."""
    from nbkeras.callbacks.callback import Callback

    if callbacks is None or isinstance(callbacks, Callback):
        return
    if isinstance(callbacks, str) or not isinstance(callbacks, (list, tuple)) \
            and not hasattr(callbacks, "callbacks"):
        raise TypeError(
            "fit(): callbacks must be a list of callback objects. Received: "
            f"callbacks={callbacks!r}. Wrap it in a list of objects, e.g. callbacks=["
            "keras.callbacks.EarlyStopping(patience=3)].")
    for item in callbacks:
        if isinstance(item, type) and issubclass(item, Callback):
            raise TypeError(
                f"fit(): callbacks holds the class {item.__name__}, not an object. Create "
                f"one: callbacks=[keras.callbacks.{item.__name__}(...)].")
        if not isinstance(item, Callback):
            raise TypeError(
                f"fit(): every entry of callbacks must be a keras.callbacks.Callback object. "
                f"Received {item!r} ({type(item).__name__}). Strings are not accepted: use e.g. "
                "keras.callbacks.EarlyStopping(patience=3) instead of \"early_stopping\".")


def check_class_weight(class_weight, y):
    """class_weight maps class indices present in ``y`` (classification targets) to weights."""
    if not isinstance(class_weight, dict):
        raise TypeError(
            "fit(): class_weight must be a dict {class_index: weight}, e.g. {0: 1.0, 1: 5.0}. "
            f"Received: class_weight={class_weight!r} ({type(class_weight).__name__}).")
    bad_keys = [k for k in class_weight if not isinstance(k, (numbers.Integral, np.integer))
                or isinstance(k, bool)]
    if bad_keys:
        raise ValueError(
            f"fit(): class_weight keys must be integer class indices (0, 1, ...). Received "
            f"keys {bad_keys!r}. Map class names to indices first, e.g. {{0: 1.0, 1: 5.0}}.")
    if y is None or not is_array_data(y) or isinstance(y, (list, dict)) and not _is_plain(y):
        return  # generators and several outputs: checked (or refused) per batch
    y = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
    if y.ndim > 1 and y.shape[-1] > 1:
        classes = set(range(y.shape[-1]))
    else:
        values = np.unique(y.reshape(-1)[:100_000])
        if not np.all(np.isfinite(values)) or not np.array_equal(values, np.round(values)):
            raise ValueError(
                "fit(): class_weight is for classification, but y holds non-integer values "
                f"(e.g. {values[:3].tolist()}), i.e. regression targets. Remove class_weight, or "
                "pass sample_weight=... to weigh individual samples.")
        classes = set(int(v) for v in values) if values.size <= 10_000 else None
    if classes is None:
        return
    unknown = sorted(int(k) for k in class_weight if int(k) not in classes)
    if unknown:
        raise ValueError(
            f"fit(): class_weight names classes {unknown} that do not occur in y (its classes "
            f"are {_short_list(sorted(classes))}). Use the class indices of y as keys; for "
            "one-hot y, the column index.")


def _is_plain(y):
    return isinstance(y, list) and all(isinstance(v, numbers.Number) for v in y[:10])


def _check_count(name, value, minimum, example):
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        hint = f" (did you mean {name}={int(value)}?)" if isinstance(value, float) \
            and value.is_integer() else ""
        raise TypeError(
            f"fit(): {name} must be a whole number, e.g. {example}. Received: "
            f"{name}={value!r} ({type(value).__name__}){hint}.")
    if value < minimum:
        raise ValueError(
            f"fit(): {name} must be >= {minimum}, e.g. {example}. Received: {name}={value}.")


def _check_not_empty(data, role):
    if data is None:
        return
    arrays = flat_arrays(data) if isinstance(data, (list, dict)) else [data]
    if isinstance(data, (list, dict)) and not arrays:
        arrays = [np.zeros(0)]
    for array in arrays:
        shape = np.shape(array) if not hasattr(array, "shape") else tuple(array.shape)
        if shape and shape[0] == 0:
            raise ValueError(
                f"fit(): {role} is empty (shape {shape}): there are no samples to train on. "
                "Check how the data was loaded or filtered; the first axis must hold at least "
                "one sample.")


def _short_list(values):
    return values if len(values) <= 12 else values[:12] + ["..."]
