"""Safe mode: whether deserializing may rebuild Python lambdas from bytecode (it runs code).

As in Keras 3, loading a lambda is refused unless ``safe_mode=False`` is
passed to the loading function, a ``SafeModeScope(False)`` is active, or
``keras.config.enable_unsafe_deserialization()`` was called. The state sits
at the bottom of the package because ``keras.config`` exposes it.
"""

# The only state: None while no SafeModeScope is active; the session-wide switch.
state = {"safe_mode": None, "unsafe_enabled": False}

LAMBDA_ERROR = (
    "Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. "
    "This carries a potential risk of arbitrary code execution and thus it is disallowed by "
    "default. If you trust the source of the artifact, you can override this error by passing "
    "`safe_mode=False` to the loading function, or calling "
    "`keras.config.enable_unsafe_deserialization()`. Better: give the function a name (def) "
    "and pass it in custom_objects={...} when loading.")


class SafeModeScope:
    """Sets safe mode (``True`` refuses lambdas) for the deserializations inside the block."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._saved = state["safe_mode"]
        if self.safe_mode is not None:
            state["safe_mode"] = bool(self.safe_mode)
        return self

    def __exit__(self, *exc_info):
        state["safe_mode"] = self._saved
        return False


def in_safe_mode():
    """True unless ``safe_mode=False`` is active or unsafe deserialization was enabled."""
    return state["safe_mode"] is not False and not state["unsafe_enabled"]


def enable_unsafe_deserialization():
    """Allows lambdas in configs everywhere in this session (only for files you trust)."""
    state["unsafe_enabled"] = True
