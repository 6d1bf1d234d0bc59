"""Traceback filtering: an error raised inside nbkeras points at the learner's line.

When ``fit``, ``evaluate``, ``predict``, ``compile`` or a layer call fails,
the frames inside nbkeras's own files are removed from the traceback, so a
notebook shows the cell's line and the learner's own ``call`` or loss, then
the message. ``keras.config.disable_traceback_filtering()`` shows every
frame again (to debug nbkeras itself). Same switches as Keras 3.
"""

import functools
import os
import types

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_state = {"enabled": True}


def enable_traceback_filtering():
    """Hides nbkeras's internal frames in tracebacks (the default)."""
    _state["enabled"] = True


def disable_traceback_filtering():
    """Shows every frame, nbkeras's own included."""
    _state["enabled"] = False


def is_traceback_filtering_enabled():
    """True when tracebacks hide nbkeras's internal frames.

    Example:
        >>> import nbkeras as keras
        >>> keras.config.is_traceback_filtering_enabled()
        True
    """
    return _state["enabled"]


def _is_internal(frame):
    return frame.f_code.co_filename.startswith(_PACKAGE_DIR)


def filtered_traceback(traceback):
    """The traceback without the frames that run nbkeras's code."""
    kept = []
    while traceback is not None:
        if not _is_internal(traceback.tb_frame):
            kept.append(traceback)
        traceback = traceback.tb_next
    rebuilt = None
    for entry in reversed(kept):
        rebuilt = types.TracebackType(rebuilt, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return rebuilt


def filter_traceback(function):
    """Decorates a public entry point so its errors carry a filtered traceback."""

    @functools.wraps(function)
    def error_handler(*args, **kwargs):
        __tracebackhide__ = True  # noqa: F841 (IPython and pytest hide this frame too)
        if not _state["enabled"]:
            return function(*args, **kwargs)
        try:
            return function(*args, **kwargs)
        except Exception as error:
            raise error.with_traceback(filtered_traceback(error.__traceback__)) from \
                error.__cause__

    return error_handler
