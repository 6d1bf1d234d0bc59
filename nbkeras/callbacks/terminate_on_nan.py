"""TerminateOnNaN: stop as soon as the loss is NaN or infinite."""

import math

from nbkeras.callbacks.callback import Callback


class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or inf.

    Args:
        raise_error: False (default) stops gracefully after the batch
            (``model.stop_training = True``, History kept); True raises
            RuntimeError at once, skipping the other callbacks' cleanup.
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            if self.raise_error:
                raise RuntimeError(f"NaN or Inf loss encountered at batch {batch}. "
                                   f"Loss value: {loss}. Terminating training immediately.")
            print(f"Batch {batch}: Invalid loss, terminating training", flush=True)
            self.model.stop_training = True
