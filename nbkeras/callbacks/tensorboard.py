"""TensorBoard: scalar logs that ``tensorboard --logdir logs`` shows, without TensorFlow."""

import os
import warnings

from nbkeras.callbacks.callback import Callback
from nbkeras.callbacks import tensorboard_events
from nbkeras.callbacks.tensorboard_events import EventFileWriter


class TensorBoard(Callback):
    """Writes epoch (and optionally batch) scalars as TensorBoard event files.

    Same directories and tags as Keras 3: ``<log_dir>/train`` gets
    ``epoch_loss``, ``epoch_<metric>``, ``epoch_learning_rate``;
    ``<log_dir>/validation`` gets ``epoch_loss`` etc. from the ``val_`` logs
    and ``evaluation_<name>_vs_iterations``. The step is the epoch index
    (batch scalars: the global batch count). Only scalars are written:
    histograms, images, graphs, profiling and embeddings need TensorFlow.

    Args:
        log_dir: the root directory of the run.
        update_freq: ``"epoch"``, ``"batch"`` or every N batches: also write
            ``batch_<name>`` scalars.
        write_steps_per_second: also log ``steps_per_second`` per epoch.
        histogram_freq, write_graph, write_images, profile_batch,
        embeddings_freq, embeddings_metadata: accepted; a warning says when
            one asks for something nbkeras does not write.

    Example:
        >>> model.fit(x, y, epochs=5, callbacks=[TensorBoard(log_dir="logs/run1")])
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.profile_batch = profile_batch
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        if histogram_freq or write_images or profile_batch or embeddings_freq:
            warnings.warn("nbkeras's TensorBoard writes scalars only: histograms, images, "
                          "profiling and embeddings are not written.", stacklevel=2)
        self._train_writer = None
        self._val_writer = None
        self._global_train_batch = 0
        self._epoch_start = None

    @staticmethod
    def read_scalars(log_dir):
        """Reads a run's logs back: ``{"train": {"epoch_loss": [(step, value), ...]}, ...}``.

        Lets a notebook plot what TensorBoard would show, without TensorBoard.
        """
        return tensorboard_events.read_scalars(log_dir)

    @property
    def _train_dir(self):
        return os.path.join(self.log_dir, "train")

    @property
    def _val_dir(self):
        return os.path.join(self.log_dir, "validation")

    def _writer(self, which):
        if which == "train":
            if self._train_writer is None:
                self._train_writer = EventFileWriter(self._train_dir)
            return self._train_writer
        if self._val_writer is None:
            self._val_writer = EventFileWriter(self._val_dir)
        return self._val_writer

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._writer("train")

    def on_epoch_begin(self, epoch, logs=None):
        import time

        self._epoch_start = (time.time(), self._global_train_batch)

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1

    def _reads_batch_logs(self, hook, batch):
        return hook == "on_train_batch_end" and self.update_freq != "epoch"

    def on_train_batch_end(self, batch, logs=None):
        if self.update_freq == "epoch" or not isinstance(logs, dict):
            return
        if self._global_train_batch % self.update_freq == 0:
            self._writer("train").add_scalars({f"batch_{k}": v for k, v in logs.items()},
                                              self._global_train_batch)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        validation = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None:
            train["learning_rate"] = float(optimizer.learning_rate)
        if self.write_steps_per_second and self._epoch_start is not None:
            import time

            seconds = max(time.time() - self._epoch_start[0], 1e-9)
            train["steps_per_second"] = (self._global_train_batch - self._epoch_start[1]) / seconds
        if train:
            self._writer("train").add_scalars({f"epoch_{k}": v for k, v in train.items()}, epoch)
            self._train_writer.flush()
        if validation:
            self._writer("validation").add_scalars(
                {f"epoch_{k}": v for k, v in validation.items()}, epoch)
            self._val_writer.flush()

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if logs and optimizer is not None:
            self._writer("validation").add_scalars(
                {f"evaluation_{k}_vs_iterations": v for k, v in logs.items()},
                optimizer.iterations)
            self._val_writer.flush()

    def on_train_end(self, logs=None):
        for writer in (self._train_writer, self._val_writer):
            if writer is not None:
                writer.close()
        self._train_writer = self._val_writer = None
