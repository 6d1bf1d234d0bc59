"""SeededStream: gives each Playground its own stream of nbkeras's random numbers.

Shuffling, dropout and initial weights all draw from nbkeras's one global
generator (``keras.utils.set_random_seed``). A program that seeds once and
calls ``fit`` draws in a fixed order. Two Playgrounds trained in turns (the
compare mode, or a learner's other cells in between) would interleave their
draws; so each Playground keeps its generator's state aside and puts it in
place only while it builds or trains, then restores whatever was there.
"""

import random

import numpy as np

from nbkeras import random_state


class SeededStream:
    """A context manager that swaps a private generator state in and out.

    Args:
        seed: the seed a plain program would pass to ``keras.utils.set_random_seed``.
    """

    def __init__(self, seed):
        self.seed = seed
        self._state = None

    def __enter__(self):
        self._outer = (random_state.generator().bit_generator.state, random.getstate(),
                       np.random.get_state())
        if self._state is None:  # first use: exactly what the program's seeding does
            random_state.set_seed(self.seed)  # = keras.utils.set_random_seed
        else:
            random_state.generator().bit_generator.state = self._state
        return self

    def __exit__(self, *exc_info):
        self._state = random_state.generator().bit_generator.state
        generator_state, python_state, numpy_state = self._outer
        random_state.generator().bit_generator.state = generator_state
        random.setstate(python_state)
        np.random.set_state(numpy_state)
        return False
