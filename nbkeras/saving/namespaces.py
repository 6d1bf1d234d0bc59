"""Where saving finds nbkeras's own classes: namespaces that the package face registers.

Saving sits below models in the house and never imports them. The face
(``nbkeras/__init__.py``) registers each public namespace (``nbkeras.layers``,
``nbkeras.models``, ...) under the module names Keras 3 writes into configs
(``"keras.layers"``, ``"keras.src.models.functional"``, ...). This table is
filled once, at import, and only read afterwards.
"""

_namespaces = {}  # Keras module name -> nbkeras namespace (a module object)


def register(keras_module, namespace):
    """Makes the classes of ``namespace`` loadable from configs that name ``keras_module``."""
    _namespaces[keras_module] = namespace


def find(keras_module, class_name):
    """The nbkeras class for a Keras config's ``module`` and ``class_name``, or None.

    The namespace registered for ``keras_module`` is searched first, then every
    namespace (Keras also writes backend-specific modules such as
    ``keras.src.backend.torch.optimizers``).
    """
    first = _namespaces.get(keras_module)
    for namespace in ([first] if first is not None else []) + list(_namespaces.values()):
        found = getattr(namespace, class_name, None)
        if isinstance(found, type):
            return found
    return None
