"""SeedGenerator: a stateful seed that advances on every draw (Keras 3's ``keras.random.SeedGenerator``).

How a ``seed=`` argument of ``keras.random`` is read:

* ``None``: the global generator of ``nbkeras.random_state`` (reseeded by
  ``keras.utils.set_random_seed``), so a seeded run repeats.
* an int: a fresh generator from that int, so the same int gives the same
  values on every call (as Keras documents).
* a ``SeedGenerator``: its next state, so successive calls differ but the
  whole sequence repeats for the same starting seed.

The numbers themselves differ from Keras's (NumPy's PCG64, not the
backend's generator); shapes, dtypes, ranges and seeding rules match.
"""

import numpy as np

from nbkeras import random_state


class SeedGenerator:
    """A seed with state: each ``next()`` gives a new seed, reproducibly.

    Args:
        seed: an int; None draws one from nbkeras's global generator, so
            ``keras.utils.set_random_seed(n)`` fixes it.
        name: optional name.

    Example:
        >>> import nbkeras as keras
        >>> generator = keras.random.SeedGenerator(42)
        >>> a = keras.random.uniform((2,), seed=generator)
        >>> b = keras.random.uniform((2,), seed=generator)
        >>> bool((a.numpy() != b.numpy()).all())
        True
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs.pop("dtype", None) not in (None, "uint32", "int64"):
            raise ValueError("SeedGenerator keeps an integer state; leave dtype unset.")
        if kwargs:
            raise TypeError(f"SeedGenerator got unexpected arguments {sorted(kwargs)}.")
        if seed is None:
            seed = random_state.draw_seed()
        elif not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise ValueError("SeedGenerator expects an integer seed or None. "
                             f"Received: seed={seed!r}")
        self._initial_seed = int(seed)
        self.name = name or "seed_generator"
        self.state = np.array([int(seed), 0], dtype=np.int64)

    def next(self, ordered=True):
        """Returns the current state (a seed pair) and advances it."""
        current = self.state.copy()
        self.state[1] += 1
        return current

    def generator(self):
        """A NumPy generator for the next draw (advances the state)."""
        return np.random.default_rng([int(v) for v in self.next()])

    def get_config(self):
        return {"seed": self._initial_seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<SeedGenerator seed={self._initial_seed} draws={int(self.state[1])}>"


def resolve_generator(seed):
    """The ``np.random.Generator`` a ``seed=`` argument stands for (see the module docstring)."""
    if seed is None:
        return random_state.generator()
    if isinstance(seed, SeedGenerator):
        return seed.generator()
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.random.default_rng(int(seed))
    raise ValueError("seed must be None, an int or a keras.random.SeedGenerator. "
                     f"Received: seed={seed!r}")
