"""BackupAndRestore: resume an interrupted ``fit`` where it stopped."""

import json
import os

from nbkeras.callbacks.callback import Callback


class BackupAndRestore(Callback):
    """Backs up weights, optimizer state and the epoch to ``backup_dir``; a new fit resumes.

    Args:
        backup_dir: a directory for the backup files.
        save_freq: ``"epoch"``, or a number of batches, or False.
        double_checkpoint: keep the previous backup too (used if the latest
            one is damaged).
        delete_checkpoint: delete the backup when training ends normally.
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False,
                 delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if not save_freq and save_freq != "epoch" and save_freq is not False:
            raise ValueError(f"Invalid value for save_freq: {save_freq}")
        self.backup_dir = str(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = self._weights_path + ".bkp"
        self._prev_training_metadata_path = self._training_metadata_path + ".bkp"
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0

    def on_train_begin(self, logs=None):
        """Restores the last backup, if any, and skips the epochs it had finished."""
        for weights, metadata in ((self._weights_path, self._training_metadata_path),
                                  (self._prev_weights_path, self._prev_training_metadata_path)):
            if os.path.exists(weights) and os.path.exists(metadata):
                try:
                    self.model.load_weights(weights)
                    with open(metadata) as file:
                        epoch = json.load(file)["epoch"]
                except (ValueError, OSError, KeyError):
                    continue
                self.model._initial_epoch = epoch + 1
                self._current_epoch = epoch + 1
                return

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def _reads_batch_logs(self, hook, batch):
        return False  # it counts batches; the logs are not used

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq in ("epoch", False):
            return
        added = batch + 1 if batch <= self._last_batch_seen else batch - self._last_batch_seen
        self._last_batch_seen = batch
        self._batches_seen_since_last_saving += added
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            self._save_model(self._current_epoch - 1)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save_model(epoch)

    def _save_model(self, epoch):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            os.replace(self._weights_path, self._prev_weights_path)
            if os.path.exists(self._training_metadata_path):
                os.replace(self._training_metadata_path, self._prev_training_metadata_path)
        self.model.save_weights(self._weights_path, overwrite=True)
        temporary = self._training_metadata_path + ".tmp"
        with open(temporary, "w") as file:
            json.dump({"epoch": epoch, "batch": self._last_batch_seen}, file)
        os.replace(temporary, self._training_metadata_path)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and not getattr(self.model, "_interrupted", False):
            for path in (self._weights_path, self._training_metadata_path,
                         self._prev_weights_path, self._prev_training_metadata_path):
                if os.path.exists(path):
                    os.remove(path)
