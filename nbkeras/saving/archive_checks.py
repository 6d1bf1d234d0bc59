"""Bounded, checked reads of a ``.keras`` archive.

Everything a file declares is checked before it is read: the kind of file
(a legacy HDF5 model or a truncated zip get their own message), each
member's declared size and compression ratio (zip bombs), the JSON nesting
depth and the number of objects in ``config.json``, the weights file's size
against what the model can hold, and the weights' SHA-256 when
``metadata.json`` records one. Every refusal is a ``ValueError`` that says
what was found, what is allowed and what to do.
"""

import hashlib
import json
import re

import numpy as np

MAX_CONFIG_BYTES = 16 * 2**20  # a 1,000-layer model's config is about 1 MB
MAX_METADATA_BYTES = 2**20
MAX_COMPRESSION_RATIO = 100  # JSON and weights compress 2-20x; deflate tops out near 1,000x
RATIO_CHECKED_FROM = 2**20  # small members may compress as they like
MAX_JSON_DEPTH = 100  # a functional model nests about 6 levels per nested model
MAX_OBJECTS = 20_000  # entries with a "class_name" (layers, initializers, ...)
MAX_WEIGHTS_BYTES = 64 * 2**30  # the archive's own ceiling; the model's size bounds it further
WEIGHTS_SLACK_BYTES = 16 * 2**20  # HDF5 headers and the optimizer's scalars
WEIGHTS_BYTES_PER_ARRAY = 64 * 2**10
HASH_KEY = "weights_sha256"
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def check_file_kind(filepath, head):
    """Explains files that are not ``.keras`` archives (``head``: the first bytes)."""
    if head.startswith(_HDF5_SIGNATURE):
        if filepath.endswith(".weights.h5"):
            hint = "Weights files (`.weights.h5`) are read with model.load_weights(filepath)."
        else:
            hint = ("This looks like a legacy HDF5 model (tf.keras 2's `.h5` format), which "
                    "nbkeras does not read. Rebuild the model in code and call "
                    "model.load_weights(...) on a `.weights.h5` file, or re-save it with Keras "
                    "as a `.keras` file: keras.models.load_model('old.h5').save('new.keras').")
        raise ValueError(f"{filepath} is an HDF5 file, not a `.keras` model file. {hint}")
    if head.startswith(b"PK"):
        raise ValueError(f"{filepath} is a truncated or damaged `.keras` file: its zip "
                         "directory is missing or unreadable (was the save interrupted, or "
                         "the download incomplete?). Save or download it again.")
    raise ValueError(f"{filepath} is not a `.keras` model file (a `.keras` file is a zip "
                     f"archive; this one starts with {head[:8]!r}). Weights files "
                     "(`.weights.h5`) are read with model.load_weights() instead.")


def member(archive, name, filepath, limit, required=True):
    """The ``ZipInfo`` of ``name`` after checking its declared size and compression ratio."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        if not required:
            return None
        raise ValueError(f"{filepath} has no '{name}': a `.keras` file holds config.json, "
                         "metadata.json and model.weights.h5. The file is damaged or was not "
                         "written by model.save().") from None
    if info.file_size > limit:
        raise ValueError(f"'{name}' in {filepath} declares {info.file_size:,} bytes; at most "
                         f"{limit:,} bytes are read for it. The file is damaged or not a model "
                         "file saved by model.save().")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
        raise ValueError(f"'{name}' in {filepath} has a compression ratio of {ratio:,.0f}:1 "
                         f"(at most {MAX_COMPRESSION_RATIO}:1 is read): this looks like a zip "
                         "bomb, not a saved model.")
    return info


def read_member(archive, info, filepath):
    """Reads a checked member (never more than its declared size)."""
    import zipfile

    try:
        return archive.read(info)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise ValueError(f"'{info.filename}' in {filepath} is damaged and cannot be read "
                         f"({error}). Save or download the file again.") from None


def parse_json(data, name, filepath):
    """JSON from a member, after bounding its nesting depth and number of objects."""
    if data.count(b'"class_name"') > MAX_OBJECTS:
        raise ValueError(f"'{name}' in {filepath} describes more than {MAX_OBJECTS:,} objects "
                         "(layers, initializers, ...): refused as damaged or hostile.")
    depth = json_depth(data)
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"'{name}' in {filepath} nests {depth:,} levels deep (nesting depth "
                         f"limit: {MAX_JSON_DEPTH}). The file is damaged or hostile.")
    try:
        value = json.loads(data)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        raise ValueError(f"'{name}' in {filepath} is not valid JSON ({error}). The file is "
                         "damaged; save or download it again.") from None
    if not isinstance(value, dict):
        raise ValueError(f"'{name}' in {filepath} must hold a JSON object; it holds a "
                         f"{type(value).__name__}.")
    return value


def json_depth(data):
    """The deepest bracket nesting of JSON text, without parsing it (vectorized)."""
    text = re.sub(rb'\\.', b"", bytes(data))
    text = re.sub(rb'"[^"]*"', b"", text)
    codes = np.frombuffer(text, np.uint8)
    brackets = codes[(codes == ord("[")) | (codes == ord("{")) | (codes == ord("]"))
                     | (codes == ord("}"))]
    if brackets.size == 0:
        return 0
    steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1).astype(np.int64)
    return int(np.cumsum(steps).max())


def weights_limit(model):
    """The largest weights file ``model`` can plausibly own: its arrays and optimizer slots."""
    variables = list(getattr(model, "weights", []))
    array_bytes = sum(int(np.prod(v.shape)) * np.dtype(getattr(v, "dtype", "float64")).itemsize
                      for v in variables)
    # parameters + up to 3 optimizer slots each (Adam with amsgrad), in float64 at most
    return 8 * array_bytes + WEIGHTS_BYTES_PER_ARRAY * (4 * len(variables) + 8) \
        + WEIGHTS_SLACK_BYTES


def weights_budget(declared_weights_bytes):
    """Bytes of weights a model rebuilt from a config may create: what its file can hold.

    Twice the file (float32 saved, float64 rebuilt) plus 1 MiB for tiny models.
    """
    return 2 * declared_weights_bytes + 2**20


def weights_hash(data):
    return hashlib.sha256(data).hexdigest()


def verify_weights_hash(data, metadata, filepath):
    """Compares the weights with ``metadata.json``'s SHA-256, when the file records one."""
    expected = metadata.get(HASH_KEY)
    if expected is None:
        return  # files written by Keras (or older nbkeras) carry no hash
    actual = weights_hash(data)
    if not isinstance(expected, str) or expected.lower() != actual:
        raise ValueError(f"The weights in {filepath} do not match the SHA-256 recorded when it "
                         f"was saved (metadata.json {HASH_KEY}: {str(expected)[:64]!r}, file: "
                         f"{actual!r}). The file was altered or damaged after saving: save or "
                         "download it again.")
