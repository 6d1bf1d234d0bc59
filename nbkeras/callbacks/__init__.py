"""Callbacks (``keras.callbacks``)."""

from nbkeras.callbacks.callback import Callback
from nbkeras.callbacks.callback_list import CallbackList
from nbkeras.callbacks.history import History
from nbkeras.callbacks.progbar_logger import ProgbarLogger

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger"]
