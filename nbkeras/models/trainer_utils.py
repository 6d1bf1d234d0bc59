"""Helpers of the training loop: Ctrl-C handling, NaN reports, output plumbing.

Ctrl-C during ``fit`` must never leave the weights half-updated. While
``fit`` runs, the first SIGINT only sets a flag that the loop reads after
each batch ("stop after this batch"); a second SIGINT raises
KeyboardInterrupt at once, except inside an optimizer update, which is
always finished first.
"""

import math
import signal
import threading
import time
import warnings

import numpy as np

from nbkeras.models.data_adapters import flat_arrays
from nbkeras.ops.tensor import Tensor

_state = {"guard": None, "updating": False, "pending": False}


class InterruptGuard:
    """Context manager that turns Ctrl-C into a request to stop after the current batch.

    The first SIGINT sets ``requested``; a second one raises KeyboardInterrupt
    at once (after an optimizer update in progress). Once ``fit`` is cleaning
    up (``cleaning``: the interrupt message, ``on_train_end``), further
    SIGINTs are absorbed so callbacks finish restoring and closing. An
    interrupted ``fit`` keeps its handler for ``GRACE_SECONDS`` after the first
    Ctrl-C, so a quick second Ctrl-C meant for it cannot stop the next ``fit``:
    no interrupt state outlives the ``fit`` that received it.

    Only the main thread can own signal handlers; elsewhere (or if another
    guard is active) it does nothing and a KeyboardInterrupt is handled by
    the loop's ``except`` clause instead.
    """

    GRACE_SECONDS = 0.3

    def __init__(self):
        self.requested = False
        self.cleaning = False
        self._first_at = None
        self._previous = None
        self._installed = False

    def __enter__(self):
        if _state["guard"] is None and threading.current_thread() is threading.main_thread():
            try:
                self._previous = signal.signal(signal.SIGINT, self._on_sigint)
                self._installed = True
                _state["guard"] = self
            except (ValueError, OSError):
                self._installed = False
        return self

    def _on_sigint(self, signum, frame):
        if not self.requested:
            self.requested = True
            self._first_at = time.monotonic()
            return
        if self.cleaning:  # fit is already stopping: this Ctrl-C is absorbed
            return
        if _state["updating"]:  # finish the optimizer update, then raise
            _state["pending"] = True
            return
        self.cleaning = True
        raise KeyboardInterrupt

    def __exit__(self, *exc_info):
        self.cleaning = True
        if self._installed:
            if self._first_at is not None:  # absorb the rest of a quick double Ctrl-C
                remaining = self._first_at + self.GRACE_SECONDS - time.monotonic()
                if remaining > 0:
                    time.sleep(remaining)
            signal.signal(signal.SIGINT, self._previous)
            _state["guard"] = None
            _state["pending"] = False
        return False


class _Uninterruptible:
    """``with uninterruptible():`` marks an optimizer update: a second Ctrl-C waits until it
    is done. (A class: the generator-based context manager cost ~1.5 us of every step.)"""

    __slots__ = ("outer",)

    def __enter__(self):
        self.outer = _state["updating"]
        _state["updating"] = True

    def __exit__(self, *exc_info):
        _state["updating"] = self.outer
        if not self.outer and _state["pending"]:
            _state["pending"] = False
            raise KeyboardInterrupt
        return False


uninterruptible = _Uninterruptible


def interrupt_message(epoch, step, steps, finished_epochs, unknown_steps):
    """The text printed when Ctrl-C (or a KeyboardInterrupt) stops ``fit``."""
    where = f"epoch {epoch + 1}, after {step} batch(es)" + (f" of {steps}" if steps else "")
    message = (f"\nTraining interrupted by KeyboardInterrupt in {where}. The weights are those "
               f"after the last finished batch (no update was cut in half); History keeps the "
               f"{finished_epochs} finished epoch(s). The model is ready to use, or to resume "
               f"with fit(..., initial_epoch={epoch}).")
    if unknown_steps:
        message += (" Note: the number of steps per epoch was unknown; with an endless "
                    "generator, pass steps_per_epoch=... so that epochs end.")
    return message


class NonFiniteLossReporter:
    """Warns once per fit, naming the epoch and batch where the loss became NaN or inf."""

    def __init__(self):
        self.reported = False

    def check(self, logs, epoch, step, loss_tracker=None):
        """Warns if the logs' loss (the tracker's when the logs were not built) is NaN or inf."""
        if self.reported:
            return
        if logs is None:  # the running mean is finite exactly when the running total is
            if math.isfinite(loss_tracker.total):
                return
            loss = float(loss_tracker.result())
        else:
            loss = logs.get("loss")
        if loss is None or math.isfinite(loss):
            return
        self.reported = True
        warnings.warn(
            f"The loss became {loss} at epoch {epoch + 1}, batch {step + 1} (the first "
            "batch is 1). Common causes: a learning rate that is too high, unscaled inputs, "
            "or log(0) in a custom loss. keras.callbacks.TerminateOnNaN() stops training "
            "when this happens.", RuntimeWarning, stacklevel=4)


def runs_validation(epoch, validation_freq):
    """Keras rule: validate after epoch ``epoch`` (0-based) if its number matches the freq."""
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in validation_freq


def check_validation_freq(validation_freq):
    if isinstance(validation_freq, bool) or not (
            (isinstance(validation_freq, (int, np.integer)) and validation_freq >= 1)
            or isinstance(validation_freq, (list, tuple, set, range))):
        raise ValueError(
            "validation_freq must be a positive integer (validate every N epochs) or a list "
            f"of epoch numbers counted from 1. Received: validation_freq={validation_freq!r}")
    return int(validation_freq) if isinstance(validation_freq, (int, np.integer)) \
        else set(validation_freq)


def arrays_of(structure):
    """Tensors (nested) to NumPy arrays."""
    if isinstance(structure, Tensor):
        return structure.data
    if isinstance(structure, dict):
        return {k: arrays_of(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [arrays_of(v) for v in structure]
    return np.asarray(structure)


def concatenate(batches):
    """Joins per-batch predictions along the batch axis (nested outputs too)."""
    if not batches:
        return np.zeros((0,), dtype=np.float32)
    first = batches[0]
    if isinstance(first, dict):
        return {k: np.concatenate([b[k] for b in batches]) for k in first}
    if isinstance(first, list):
        return [np.concatenate([b[i] for b in batches]) for i in range(len(first))]
    return np.concatenate(batches)


def batch_size_of(x):
    return x.shape[0] if isinstance(x, Tensor) else flat_arrays(x)[0].shape[0]


def shape_with_batch_none(x, keep_batch=False):
    """The shape(s) of a batch, its first axis None unless ``keep_batch``."""
    if isinstance(x, dict):
        return {k: shape_with_batch_none(v, keep_batch) for k, v in x.items()}
    if isinstance(x, list):
        return [shape_with_batch_none(v, keep_batch) for v in x]
    return (x.shape[0] if keep_batch else None,) + tuple(x.shape[1:])


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The ``data`` a step receives: ``x``, ``(x, y)`` or ``(x, y, sample_weight)`` (Keras 3).

    Example:
        >>> import nbkeras as keras
        >>> keras.utils.pack_x_y_sample_weight([1.0], [2.0])
        ([1.0], [2.0])
    """
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """``(x, y, sample_weight)`` from a step's ``data`` (missing parts are None).

    Example:
        >>> import nbkeras as keras
        >>> keras.utils.unpack_x_y_sample_weight(([1.0], [2.0]))
        ([1.0], [2.0], None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError("Data is expected to be in the format `x`, `(x,)`, `(x, y)`, or "
                     f"`(x, y, sample_weight)`, found a tuple of {len(data)} items.")
