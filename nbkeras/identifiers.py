"""One registry of names per kind of object (activation, initializer, loss, ...).

Every ``get``/``serialize`` of nbkeras (``keras.activations.get("relu")``,
``keras.losses.get("mse")``, ...) looks names up here, so every family
answers an unknown name the same way: the kind of object, the name
received, the close matches, and the valid names.

Example:
    >>> from nbkeras import activations
    >>> activations.get("relux")
    Traceback (most recent call last):
    ...
    ValueError: Unknown activation: 'relux'. Did you mean 'relu'? Valid activations: ...
"""

import difflib


class Registry:
    """The names of one kind of object, and the classes its configs may name.

    Args:
        kind: what the objects are, singular (``"activation"``).
        keras_module: the module Keras writes into configs (``"keras.activations"``).
        names: ``{name: object}`` for string identifiers.
        classes: classes that configs may name by ``class_name``.
    """

    def __init__(self, kind, keras_module, names=None, classes=()):
        self.kind = kind
        self.keras_module = keras_module
        self.names = dict(names or {})
        self.classes = {cls.__name__: cls for cls in classes}

    def lookup(self, name, aliases=None, hints=()):
        """The object registered as ``name`` (or a class of that name).

        Args:
            name: the string received.
            aliases: extra ``{name: object}`` this family accepts beside the registry.
            hints: names resolved elsewhere, offered as close matches only.

        Raises:
            ValueError: ``unknown(name)``.
        """
        for table in (self.names, aliases or {}, self.classes):
            if name in table:
                return table[name]
        raise self.unknown(name, extra=[*(aliases or {}), *hints])

    def class_from_config(self, config):
        """The class a ``{"class_name": ..., "config": ...}`` dict names.

        Raises:
            ValueError: ``unknown`` for a class this kind does not have.
        """
        name = config.get("class_name")
        if name not in self.classes:
            raise self.unknown(name, valid=sorted(self.classes), what="class")
        return self.classes[name]

    def serialize(self, obj):
        """Keras's dict for an instance of one of the registered classes."""
        return {"module": self.keras_module, "class_name": type(obj).__name__,
                "config": obj.get_config(), "registered_name": None}

    def name_of(self, obj):
        """The first name registered for ``obj``, or None."""
        for name, value in self.names.items():
            if value is obj:
                return name
        return None

    def valid_names(self):
        return sorted(set(self.names) | set(self.classes))

    def unknown(self, name, valid=None, extra=(), what=None):
        """The one error for a name this kind does not know.

        Args:
            name: the name received.
            valid: the names to list (default: every registered name and class).
            extra: more names the caller accepts.
            what: ``"class"`` when the name came from a config's class_name.
        """
        valid = sorted(set(valid if valid is not None else self.valid_names()) | set(extra))
        close = difflib.get_close_matches(str(name), valid, n=3)
        if not close and isinstance(name, str):
            close = difflib.get_close_matches(name.lower(), [v.lower() for v in valid], n=3)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        label = f"{self.kind} class" if what == "class" else self.kind
        return ValueError(f"Unknown {label}: {name!r}.{hint} Valid {label}es: {', '.join(valid)}."
                          if label.endswith("s") else
                          f"Unknown {label}: {name!r}.{hint} Valid {label}s: {', '.join(valid)}.")

    def not_understood(self, identifier, expected):
        """The error for an identifier of the wrong type (not a name, dict or object)."""
        return ValueError(f"Could not interpret {self.kind} identifier: expected {expected}. "
                          f"Received: {self.kind}={identifier!r}")


class ConfigObject:
    """Base of the small objects a config rebuilds from their constructor arguments.

    Initializers, regularizers, constraints and learning-rate schedules all
    serialize the same way: ``get_config()`` lists the constructor arguments,
    ``from_config`` calls the class with them, and the repr shows them.
    """

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config_dict):
        return cls(**config_dict)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"
