"""One teaching warning per legacy tool: what Keras 3 uses instead."""

import warnings

_warned = set()


class LegacyToolWarning(UserWarning):
    """A tool from tf.keras 2 that Keras 3 removed; nbkeras keeps it for old tutorials."""


def warn_once(tool, keras3_way):
    """Warns the first time ``tool`` is used in this session."""
    if tool in _warned:
        return
    _warned.add(tool)
    warnings.warn(f"{tool} comes from tf.keras 2 and was removed in Keras 3. nbkeras keeps it so "
                  f"older tutorials run; the Keras 3 way is {keras3_way}.", LegacyToolWarning,
                  stacklevel=3)
