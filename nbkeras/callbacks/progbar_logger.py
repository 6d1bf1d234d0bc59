"""ProgbarLogger: the Keras 3 text progress bar for fit, evaluate and predict."""

import sys

from nbkeras import renderers
from nbkeras.callbacks.callback import Callback
from nbkeras.callbacks.compile_notice import CompileNotice
from nbkeras.callbacks.progbar import Progbar


class ProgbarLogger(Callback):
    """Prints ``Epoch i/N`` and a progress bar (``verbose=1``) or one line per epoch (``verbose=2``).

    Added automatically when ``verbose != 0``. Validation inside ``fit`` is
    silent, as in Keras.
    """

    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream
        self.progbar = None
        self.in_fit = False
        self._unbuilt_batch = None  # the batch whose logs it told the trainer not to build
        self.compiles = None  # listens for kernel compilation during fit

    @property
    def verbose(self):
        verbose = self.params.get("verbose", 1)
        return 1 if verbose == "auto" else verbose

    def _new_bar(self, target):
        self.progbar = Progbar(target, verbose=self.verbose, stream=self.stream or sys.stdout)

    def on_train_begin(self, logs=None):
        self.in_fit = True
        self.compiles = CompileNotice(self.model, self._show_message).start()

    def on_train_end(self, logs=None):
        self.in_fit = False
        if self.compiles is not None:
            self.compiles.stop()

    def _show_message(self, message):
        if self.progbar is not None:
            self.progbar.show_message(message)

    def _compile_seconds(self):
        return self.compiles.take_seconds() if self.in_fit and self.compiles else 0.0

    def on_epoch_begin(self, epoch, logs=None):
        epochs = self.params.get("epochs", 1)
        if epochs > 1:
            stream = self.stream or sys.stdout
            stream.write(f"Epoch {epoch + 1}/{epochs}\n")
            stream.flush()
        self._new_bar(self.params.get("steps"))

    def _reads_batch_logs(self, hook, batch):
        """Only when the live bar redraws: the trainer builds the logs of the other steps not at all."""
        if hook == "on_test_batch_end" and self.in_fit:
            return False  # validation inside fit is silent
        if self.progbar is not None and self.progbar.redraw_due():
            return True
        self._unbuilt_batch = batch
        return False

    def _update_bar(self, batch, logs, compile_seconds=0.0):
        if not logs and self._unbuilt_batch == batch:  # no values to show: only the count
            self.progbar.advance(batch + 1, compile_seconds=compile_seconds)
        else:
            self.progbar.update(batch + 1, list((logs or {}).items()), finalize=False,
                                compile_seconds=compile_seconds)
        self._unbuilt_batch = None

    def on_train_batch_end(self, batch, logs=None):
        self._update_bar(batch, logs, self._compile_seconds())

    def on_epoch_end(self, epoch, logs=None):
        self.progbar.update(self.progbar_target(), list((logs or {}).items()), finalize=True,
                            compile_seconds=self._compile_seconds())

    def progbar_target(self):
        return self.progbar.target if self.progbar.target is not None else self.progbar.seen

    def on_test_begin(self, logs=None):
        if not self.in_fit:
            self._new_bar(self.params.get("steps"))

    def on_test_batch_end(self, batch, logs=None):
        if not self.in_fit:
            self._update_bar(batch, logs)

    def on_test_end(self, logs=None):
        if not self.in_fit:
            self.progbar.update(self.progbar_target(), list((logs or {}).items()), finalize=True)

    def on_predict_begin(self, logs=None):
        self._new_bar(self.params.get("steps"))

    def on_predict_batch_end(self, batch, logs=None):
        self.progbar.update(batch + 1, finalize=False)

    def on_predict_end(self, logs=None):
        self.progbar.update(self.progbar_target(), finalize=True)


def make_progress_callback(verbose=1):
    """The progress display for this front-end and ``verbose``.

    ``verbose=1`` (or ``"auto"``) in a Jupyter kernel with a front-end gives
    the live ``TrainingPanel``; everything else (a terminal, ``verbose=2``,
    or ``NBKERAS_PROGRESS=text`` in the environment) gives the text bar.
    """
    if verbose in (1, "auto") and renderers.in_notebook_kernel() and _progress_mode() != "text":
        panel_factory = renderers.get("progress_panel")  # installed by the package face
        panel = panel_factory() if panel_factory is not None else None
        if panel is not None:
            return panel
    return ProgbarLogger()


def _progress_mode():
    """``NBKERAS_PROGRESS``: ``auto`` (default) or ``text`` (always the text bar)."""
    import os

    return os.environ.get("NBKERAS_PROGRESS", "auto").strip().lower()
