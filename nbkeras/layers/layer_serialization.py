"""How a wrapper layer (Bidirectional, TimeDistributed, RNN) serializes the layer it holds.

Layers sit below saving in the house, so they cannot import it. Saving
installs its ``serialize_keras_object``/``deserialize_keras_object`` here when
it is imported (filled from above, like the display renderers); without them
(only the layers floor imported) nbkeras's own layers still round-trip
through the plain Keras 3 dict written below.
"""

_installed = {}


def install(serialize, deserialize):
    """Called once by ``nbkeras.saving.serialization`` at import."""
    _installed["serialize"], _installed["deserialize"] = serialize, deserialize


def serialize_layer(layer):
    """The Keras 3 config dict of ``layer`` (``{"module", "class_name", "config", ...}``)."""
    if "serialize" in _installed:
        return _installed["serialize"](layer)
    return {"module": "keras.layers", "class_name": type(layer).__name__,
            "config": layer.get_config(), "registered_name": None}


def deserialize_layer(config, custom_objects=None):
    """The layer a config dict describes (a Layer passes through unchanged)."""
    if not isinstance(config, dict):
        return config
    if "deserialize" in _installed:
        return _installed["deserialize"](config, custom_objects=custom_objects)
    import nbkeras.layers as namespace  # same floor: nbkeras's own layers only

    return getattr(namespace, config["class_name"]).from_config(config["config"])
