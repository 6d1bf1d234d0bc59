"""``.weights.h5`` files in Keras 3's layout, so weights move between nbkeras and Keras.

The layout (Keras ``saving_lib``): every layer's own variables live in a
group ``<path>/vars`` as datasets ``"0"``, ``"1"``, ... (trainable, then
non-trainable, in creation order), with the layer name as attribute. The
path follows the object tree: a Sequential's layers sit in
``layers/<snake_case class name>[_n]`` (``dense``, ``dense_1``: the class,
never ``layer.name``); attributes of a subclassed model sit under their
attribute name (``hidden/vars/0``); the optimizer state under
``optimizer/vars``. Public attributes are visited in alphabetical order,
private ones after, and an object seen twice is saved once.

h5py is imported only when a file is read or written, so ``import nbkeras`` stays light.
Saving is atomic (``atomic_file``: write beside, fsync, rename); loading reads arrays
only, after checking each one's shape.
"""

import os
import re
import warnings

import numpy as np

from nbkeras.saving.atomic_file import atomic_write

# Attributes that hold the library's own bookkeeping, never user sublayers.
_INTERNAL = {"_layers", "_functional",
             "operations", "_operations", "_loss_tracker", "_trainable_variables",
             "_non_trainable_variables", "_activity_losses", "_added_losses", "inbound_nodes"}


def save_weights(model, filepath, overwrite=True, max_shard_size=None):
    """Writes ``model``'s weights (and optimizer state) to ``filepath`` (``*.weights.h5``)."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError("The filename must end in `.weights.h5`. Received: "
                         f"filepath={filepath}")
    if max_shard_size is not None:
        raise ValueError("nbkeras does not write sharded weights (max_shard_size); save one "
                         "file instead.")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False. Pass overwrite=True "
                              "or choose another file name.")
    with atomic_write(filepath) as stream:
        write_store(model, stream)


def write_store(model, stream):
    """Writes the weights in Keras's layout into a binary stream (a file or ``io.BytesIO``)."""
    h5py = _h5py()
    with h5py.File(stream, "w") as store:
        for path, obj, arrays in _saveables(model):
            group = store.create_group(_join(path, "vars"))
            group.attrs["name"] = getattr(obj, "name", "")
            for index, array in enumerate(arrays):
                group.create_dataset(str(index), data=array)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Reads weights saved by nbkeras or Keras 3 (``*.weights.h5``) into ``model``."""
    filepath = os.fspath(filepath)
    if kwargs:
        raise TypeError(f"load_weights() got unexpected keyword arguments: {sorted(kwargs)}")
    if not filepath.endswith(".weights.h5"):
        raise ValueError("nbkeras loads weights from `.weights.h5` files. Received: "
                         f"filepath={filepath}")
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No weights file at {filepath}.")
    if not model.built:
        raise ValueError(f"Model '{model.name}' is not built yet, so it has no weights to load "
                         "into. Build it first, e.g. model.build((None, 4)) or call it on data.")
    read_store(model, filepath, filepath, skip_mismatch)


def read_store(model, source, filepath, skip_mismatch=False):
    """Reads weights from ``source`` (a path or a binary stream) into a built model."""
    h5py = _h5py()
    try:
        store = h5py.File(source, "r")
    except OSError as error:
        raise ValueError(f"Could not read {filepath}: it is damaged or not an HDF5 weights "
                         f"file ({error}).") from None
    with store:
        _ensure_optimizer_built(model, store)
        for path, obj, arrays in _saveables(model):
            key = _join(path, "vars")
            if _is_optimizer(obj):
                _load_optimizer(obj, store.get(key))
                continue
            _load_layer(obj, store.get(key), key, arrays, filepath, skip_mismatch)


# ---------------------------------------------------------------------- the object tree
def _saveables(model):
    """Yields ``(path, object, arrays)`` for every layer and optimizer, in Keras order."""
    found = []
    _visit(model, "", set(), found)
    return found


def _visit(obj, path, visited, found):
    if id(obj) in visited:
        return
    visited.add(id(obj))
    found.append((path, obj, _own_arrays(obj)))
    for name, child in _children(obj):
        child_path = _join(path, name)
        if _is_saveable(child):
            _visit(child, child_path, visited, found)
        elif isinstance(child, (list, tuple, dict)):
            _visit_container(child, child_path, visited, found)


def _visit_container(container, path, visited, found):
    used = {}
    items = container.values() if isinstance(container, dict) else container
    for item in items:
        if _is_saveable(item):
            name = _unique(_snake_case(type(item).__name__), used)
            _visit(item, _join(path, name), visited, found)


def _children(obj):
    """Attribute names and values to walk: ``layers`` first for Sequential/Functional."""
    from nbkeras.layers.layer import Layer

    if not isinstance(obj, Layer):
        return []
    names = {n for n in vars(obj) if n not in _INTERNAL}
    is_library_class = type(obj).__module__.startswith("nbkeras.")
    if is_library_class:
        names = {n for n in names if not n.startswith("_")}
    children = []
    if callable(getattr(obj, "compile", None)):  # a Model (saving sits below models)
        if is_library_class:  # Sequential, Functional: the layer list comes first
            children.append(("layers", obj.layers))
        else:
            names.add("layers")
    for name in sorted(names, key=lambda n: f"~{n}" if n.startswith("_") else n):
        try:
            children.append((name, obj.layers if name == "layers" else getattr(obj, name)))
        except Exception:  # a property that cannot be computed is not state
            continue
    return children


def _own_arrays(obj):
    if _is_optimizer(obj):
        return _optimizer_arrays(obj)
    own = obj._trainable_variables + obj._non_trainable_variables
    return [np.asarray(v.data) for v in own]


def _is_saveable(value):
    from nbkeras.layers.layer import Layer

    return isinstance(value, Layer) or _is_optimizer(value)


def _is_optimizer(value):
    from nbkeras.optimizers.base_optimizer import Optimizer

    return isinstance(value, Optimizer)


# ---------------------------------------------------------------------- optimizer state
def _optimizer_arrays(optimizer):
    """iterations, learning_rate, then each variable's slots (Keras's interleaved order)."""
    arrays = [np.int32(optimizer.iterations), np.float32(optimizer.learning_rate)]
    if optimizer.built:
        for variable in optimizer._variables:
            arrays.extend(np.array(optimizer.slot_of(name, variable)) for name in optimizer._slots)
    return arrays


def _ensure_optimizer_built(model, store):
    optimizer = getattr(model, "optimizer", None)
    group = store.get("optimizer/vars")
    if optimizer is not None and not optimizer.built and group is not None and len(group) > 2:
        model._ensure_optimizer_built()


def _load_optimizer(optimizer, group):
    if group is None:
        return
    expected = len(_optimizer_arrays(optimizer))
    if len(group) != expected:
        warnings.warn(f"Skipping variable loading for optimizer '{optimizer.name}', because it "
                      f"has {expected} variables whereas the saved optimizer has {len(group)} "
                      "variables.", stacklevel=3)
        return
    for index, array in enumerate(_optimizer_arrays(optimizer)):
        if tuple(group[str(index)].shape) != np.shape(array):  # checked before reading
            raise ValueError(f"Optimizer '{optimizer.name}': saved array {index} has shape "
                             f"{tuple(group[str(index)].shape)}, expected {np.shape(array)}. "
                             "The file does not belong to this model or is damaged.")
    optimizer.iterations = int(group["0"][()])
    if getattr(optimizer, "_schedule", None) is None:
        optimizer.learning_rate = float(group["1"][()])
    index = 2
    for variable in optimizer._variables:
        for name in optimizer._slots:
            optimizer.slot_of(name, variable)[...] = group[str(index)][()]
            index += 1


# ---------------------------------------------------------------------- layers
def _load_layer(layer, group, key, arrays, filepath, skip_mismatch):
    if not arrays:
        return
    own = layer._trainable_variables + layer._non_trainable_variables
    problem = None
    if group is None:
        problem = f"the file has no group '{key}'"
    elif len(group) != len(own):
        problem = f"the file has {len(group)} arrays in '{key}', the layer has {len(own)}"
    else:
        for index, variable in enumerate(own):
            shape = group[str(index)].shape
            if tuple(shape) != tuple(variable.shape):
                problem = (f"'{key}/{index}' has shape {tuple(shape)}, the layer's "
                           f"'{variable.name}' has shape {tuple(variable.shape)}")
                break
    if problem:
        message = (f"Layer '{layer.name}' ({type(layer).__name__}) does not match {filepath}: "
                   f"{problem}. Check that the model is built like the one that was saved.")
        if skip_mismatch:
            warnings.warn(message + " Skipping this layer (skip_mismatch=True).", stacklevel=4)
            return
        raise ValueError(message)
    for index, variable in enumerate(own):
        variable.assign(np.asarray(group[str(index)][()], dtype=variable.data.dtype))


# ---------------------------------------------------------------------- small helpers
def _h5py():
    try:
        import h5py
    except ImportError:
        raise ImportError("Reading and writing .keras and .weights.h5 files needs h5py, a "
                          "dependency of nbkeras: pip install h5py") from None
    return h5py


def _join(path, name):
    return f"{path}/{name}" if path else name


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _snake_case(name):
    """Keras's ``to_snake_case`` (file paths must match it exactly)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
