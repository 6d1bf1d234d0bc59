"""``keras.preprocessing.sequence`` (tf.keras 2): ``pad_sequences`` moved to ``keras.utils``."""

from nbkeras.preprocessing.legacy_warning import warn_once
from nbkeras.utils.sequence_utils import pad_sequences as _pad_sequences

__all__ = ["pad_sequences"]


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """``keras.utils.pad_sequences`` under its tf.keras 2 name (same arguments and result)."""
    warn_once("keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences")
    return _pad_sequences(sequences, maxlen, dtype, padding, truncating, value)
