"""Automatic names, as Keras makes them: ``dense``, ``dense_1``, ``input_layer``, ..."""

import re

# How often each base name was handed out this session (Keras's automatic names);
# ``keras.backend.clear_session()`` empties it.
_name_counts = {}


def to_snake_case(class_name):
    """``"MaxPooling2D"`` -> ``"max_pooling2d"``, ``"RMSprop"`` -> ``"rm_sprop"``."""
    name = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(base):
    """Returns ``base``, then ``base_1``, ``base_2``, ... within this session."""
    count = _name_counts.get(base, 0)
    _name_counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def reset_names():
    """Forgets every name handed out (``keras.backend.clear_session()``)."""
    _name_counts.clear()
