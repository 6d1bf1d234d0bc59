"""Weight initializers with Keras 3 formulas (``keras.initializers``).

An initializer is called as ``init(shape, dtype)``. As in Keras, an
instance created without a seed draws one at construction, so calling it
twice gives the same values; different instances give different values.
"""

import math

import numpy as np

from nbkeras.identifiers import ConfigObject, Registry
from nbkeras import config, random_state

# Keras rescales truncated normals by the std of a unit normal truncated at +-2.
_TRUNCATED_NORMAL_STD = 0.87962566103423978


class Initializer(ConfigObject):
    """Base class: subclasses implement ``__call__(shape, dtype=None)``."""


class Constant(Initializer):
    """Fills with ``value``."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return np.full(shape, self.value, dtype=dtype or config.floatx())

    def get_config(self):
        return {"value": self.value}


class Zeros(Constant):
    """Fills with 0."""

    def __init__(self):
        super().__init__(0.0)

    def get_config(self):
        return {}


class Ones(Constant):
    """Fills with 1."""

    def __init__(self):
        super().__init__(1.0)

    def get_config(self):
        return {}


class Identity(Initializer):
    """``gain`` times the identity matrix (2-D shapes only)."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError(f"Identity initializer needs a 2-D shape. Received: shape={shape}")
        return (self.gain * np.eye(*shape)).astype(dtype or config.floatx())

    def get_config(self):
        return {"gain": self.gain}


class RandomInitializer(Initializer):
    """Base of the random initializers: holds the seed."""

    def __init__(self, seed=None):
        self.seed = seed
        self._seed = random_state.draw_seed() if seed is None else seed

    def _rng(self):
        return np.random.default_rng(self._seed)

    def get_config(self):
        return {"seed": self.seed}


class RandomNormal(RandomInitializer):
    """Normal distribution with ``mean`` and ``stddev``."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        values = self._rng().normal(self.mean, self.stddev, size=shape)
        return values.astype(dtype or config.floatx())

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(RandomInitializer):
    """Uniform distribution on ``[minval, maxval)``."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None):
        values = self._rng().uniform(self.minval, self.maxval, size=shape)
        return values.astype(dtype or config.floatx())

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class TruncatedNormal(RandomInitializer):
    """Normal distribution, redrawing values beyond two standard deviations."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        values = _truncated_normal(self._rng(), shape, self.stddev) + self.mean
        return values.astype(dtype or config.floatx())

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class VarianceScaling(RandomInitializer):
    """Scale / fan variance: the family of Glorot, He and LeCun.

    Args:
        scale: positive factor.
        mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``.
        distribution: ``"truncated_normal"``, ``"untruncated_normal"`` or ``"uniform"``.
        seed: optional integer.
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        super().__init__(seed)
        if scale <= 0:
            raise ValueError(f"VarianceScaling needs scale > 0. Received: scale={scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"mode must be fan_in, fan_out or fan_avg. Received: mode={mode!r}")
        if distribution not in ("truncated_normal", "untruncated_normal", "uniform", "normal"):
            raise ValueError(f"Unknown distribution. Received: distribution={distribution!r}")
        self.scale, self.mode = scale, mode
        self.distribution = "truncated_normal" if distribution == "normal" else distribution

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = compute_fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, fan)
        rng = self._rng()
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            values = rng.uniform(-limit, limit, size=shape)
        elif self.distribution == "untruncated_normal":
            values = rng.normal(0.0, math.sqrt(variance), size=shape)
        else:
            values = _truncated_normal(rng, shape, math.sqrt(variance) / _TRUNCATED_NORMAL_STD)
        return values.astype(dtype or config.floatx())

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "seed": self.seed}


def _named_variance_scaling(class_name, scale, mode, distribution, doc):
    def __init__(self, seed=None):
        VarianceScaling.__init__(self, scale, mode, distribution, seed)

    def get_config(self):
        return {"seed": self.seed}

    return type(class_name, (VarianceScaling,), {
        "__init__": __init__, "get_config": get_config, "__doc__": doc})


GlorotUniform = _named_variance_scaling(
    "GlorotUniform", 1.0, "fan_avg", "uniform", "Uniform on +-sqrt(6 / (fan_in + fan_out)).")
GlorotNormal = _named_variance_scaling(
    "GlorotNormal", 1.0, "fan_avg", "truncated_normal", "Truncated normal, std sqrt(2 / (fan_in + fan_out)).")
HeUniform = _named_variance_scaling(
    "HeUniform", 2.0, "fan_in", "uniform", "Uniform on +-sqrt(6 / fan_in).")
HeNormal = _named_variance_scaling(
    "HeNormal", 2.0, "fan_in", "truncated_normal", "Truncated normal, std sqrt(2 / fan_in).")
LecunUniform = _named_variance_scaling(
    "LecunUniform", 1.0, "fan_in", "uniform", "Uniform on +-sqrt(3 / fan_in).")
LecunNormal = _named_variance_scaling(
    "LecunNormal", 1.0, "fan_in", "truncated_normal", "Truncated normal, std sqrt(1 / fan_in).")


class Orthogonal(RandomInitializer):
    """A random orthogonal matrix (QR of a normal matrix), times ``gain``."""

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) < 2:
            raise ValueError(f"Orthogonal initializer needs at least 2 dimensions. Received: shape={shape}")
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        flat = self._rng().normal(size=(max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(flat)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return (self.gain * q.reshape(shape)).astype(dtype or config.floatx())

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed}


def compute_fans(shape):
    """Returns (fan_in, fan_out) the way Keras computes them."""
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = int(np.prod(shape[:-2]))
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def _truncated_normal(rng, shape, stddev):
    """Normal(0, stddev) samples, redrawn until all lie within two stddevs."""
    values = rng.normal(0.0, 1.0, size=shape)
    outside = np.abs(values) > 2.0
    while outside.any():
        values[outside] = rng.normal(0.0, 1.0, size=int(outside.sum()))
        outside = np.abs(values) > 2.0
    return values * stddev


ALL_INITIALIZERS = {
    "zeros": Zeros, "ones": Ones, "constant": Constant, "identity": Identity,
    "random_normal": RandomNormal, "random_uniform": RandomUniform, "uniform": RandomUniform,
    "normal": RandomNormal, "one": Ones, "zero": Zeros,
    "truncated_normal": TruncatedNormal, "variance_scaling": VarianceScaling,
    "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal,
    "he_uniform": HeUniform, "he_normal": HeNormal,
    "lecun_uniform": LecunUniform, "lecun_normal": LecunNormal, "orthogonal": Orthogonal,
}
REGISTRY = Registry("initializer", "keras.initializers", ALL_INITIALIZERS,
                    classes=set(ALL_INITIALIZERS.values()))


def serialize(initializer):
    """Returns Keras's serialized form ``{"module", "class_name", "config", "registered_name"}``."""
    return REGISTRY.serialize(initializer)


def get(identifier):
    """Resolves a name, a config dict, an instance or a callable to an initializer."""
    if identifier is None:
        return None
    if isinstance(identifier, Initializer) or callable(identifier) and not isinstance(identifier, type):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if isinstance(identifier, dict):
        cls = REGISTRY.class_from_config(identifier)
        config = dict(identifier.get("config", {}))
        # Newer Keras adds sharding hints (input_axes/output_axes) that do not change values.
        for key in ("input_axes", "output_axes"):
            if config.get(key) is None:
                config.pop(key, None)
        return cls.from_config(config)
    if isinstance(identifier, str):
        return REGISTRY.lookup(identifier)()
    raise REGISTRY.not_understood(identifier, "a name, a config dict, an Initializer or a callable")
