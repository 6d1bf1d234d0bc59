"""Global configuration: the float type, the fuzz factor, the image layout.

These are the only global settings nbkeras keeps (besides the random seed).
They mirror ``keras.config``; ``reset()`` restores the defaults.
"""

from nbkeras.traceback_utils import (disable_traceback_filtering, enable_traceback_filtering,
                                     is_traceback_filtering_enabled)

_DEFAULTS = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}
_settings = dict(_DEFAULTS)


def floatx():
    """Returns the default float type as a string, e.g. ``"float32"``."""
    return _settings["floatx"]


def set_floatx(value):
    """Sets the default float type (``"float32"`` or ``"float64"``)."""
    if value not in ("float32", "float64"):
        raise ValueError(
            "nbkeras supports floatx 'float32' and 'float64' (float64 is for "
            f"gradient checks). Received: floatx={value!r}"
        )
    _settings["floatx"] = value


def epsilon():
    """Returns the fuzz factor used to clip probabilities (default 1e-7)."""
    return _settings["epsilon"]


def set_epsilon(value):
    """Sets the fuzz factor used to clip probabilities."""
    _settings["epsilon"] = float(value)


def image_data_format():
    """Returns ``"channels_last"`` (the only layout nbkeras implements)."""
    return _settings["image_data_format"]


def set_image_data_format(value):
    """Accepts only ``"channels_last"``: nbkeras kernels use that layout."""
    if value != "channels_last":
        raise ValueError(
            "nbkeras implements the channels_last layout only (Keras's default). "
            f"Received: data_format={value!r}"
        )


def settings():
    """Every setting as a tuple of ``(name, value)``: step plans keep their recorded steps
    while it stays the same (an op may read ``epsilon`` when a layer calls it)."""
    return tuple(_settings.items())


def reset():
    """Restores every setting to its default."""
    _settings.clear()
    _settings.update(_DEFAULTS)


def enable_unsafe_deserialization():
    """Lets configs and ``.keras`` files load Python lambdas (only for files you trust)."""
    from nbkeras.safe_mode import enable_unsafe_deserialization as enable

    enable()
