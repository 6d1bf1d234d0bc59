"""Hashing: strings or integers to one of ``num_bins`` buckets, without a vocabulary."""

import numpy as np

from nbkeras.layers.preprocessing.base_preprocessing import (DataLayer, categorical_output_shape,
                                                             encode_categorical, is_text, to_numpy)
from nbkeras.layers.preprocessing.string_hashes import fingerprint64, siphash24
from nbkeras.ops.tensor import Tensor


class Hashing(DataLayer):
    """Hashes each value into ``[0, num_bins)``: FarmHash64 as Keras (TensorFlow's
    ``to_hash_bucket_fast``), or SipHash-2-4 keyed by ``salt``. Numbers are hashed as their
    decimal text (floats are first cut to integers), as in Keras.

    Args:
        num_bins: number of buckets (the mask bucket included).
        mask_value: a value that goes to bucket 0 (the others then use 1..num_bins-1).
        salt: an int or a pair of ints: use the keyed SipHash instead of FarmHash.
        output_mode: ``"int"``, ``"one_hot"``, ``"multi_hot"`` or ``"count"``.

    Example:
        >>> Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).numpy().ravel()
        array([1, 0, 1, 1, 2])
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError("The `num_bins` for `Hashing` cannot be `None` or non-positive "
                             f"values. Received: num_bins={num_bins}.")
        if output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError('When `output_mode="int"`, `dtype` should be an integer type, '
                             f"'int32' or 'in64'. Received: dtype={self.dtype}")
        modes = ("int", "one_hot", "multi_hot", "count")
        if output_mode not in modes:
            raise ValueError(f"Invalid value for argument `output_mode`. Expected one of {modes}. "
                             f"Received: output_mode={output_mode}")
        if sparse:
            raise ValueError("nbkeras has no sparse tensors: use sparse=False.")
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = [int(s) for s in salt]
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError("The `salt` argument for `Hashing` can only be a tuple of size 2 "
                                 f"integers, or a single integer. Received: salt={salt}.")
        self.num_bins, self.mask_value, self.salt = int(num_bins), mask_value, salt
        self.output_mode, self.sparse = output_mode, sparse
        self.built = True

    def hash_values(self, values):
        """Bucket indices (int64) for an array of values."""
        values = np.asarray(values, dtype=object)
        bins = self.num_bins
        use_mask = self.mask_value is not None and bins > 1
        if use_mask:
            bins -= 1
        flat = []
        for value in values.reshape(-1):
            text = _as_text(value)
            digest = siphash24(self.salt, text) if self.salt is not None else fingerprint64(text)
            bucket = digest % bins
            if use_mask:
                bucket = 0 if _as_text(self.mask_value) == text else bucket + 1
            flat.append(bucket)
        return np.array(flat, dtype=np.int64).reshape(values.shape)

    def __call__(self, *args, **kwargs):
        first = args[0] if args else kwargs.get("inputs")
        if is_text(first):  # Tensors hold numbers only: strings skip the Tensor conversion
            return self.call(np.asarray(first, dtype=object))
        return super().__call__(*args, **kwargs)

    def call(self, inputs):
        values = to_numpy(inputs)
        if self.output_mode == "one_hot" and values.ndim and values.shape[-1] == 1:
            values = values[..., 0]
        indices = self.hash_values(values)
        if self.output_mode == "int":
            return Tensor(indices.astype(self.dtype))
        return Tensor(encode_categorical(indices, self.output_mode, self.num_bins, self.dtype))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        return categorical_output_shape(input_shape, "multi_hot", self.num_bins)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt,
                "mask_value": self.mask_value, "output_mode": self.output_mode,
                "sparse": self.sparse}


def _as_text(value):
    """Keras hashes strings as they are and numbers as decimal text (floats cut to ints)."""
    if isinstance(value, (bytes, str)):
        return value
    return str(int(value))
