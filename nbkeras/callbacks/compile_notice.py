"""What the progress displays say while Numba compiles kernels on a first run.

A first ``fit`` with an empty kernel cache spends seconds compiling before
the first step ends. ``CompileNotice`` listens for real compilations (cache
loads do not count, see ``nbkeras.kernels.compile_watch``) and gives the
display a message to show meanwhile, with an estimate of the wait. It also
tells the display how long each step spent making kernels ready (compiling
or loading them from the cache), so that the ETA can leave those steps out.
"""

import math
import weakref

MESSAGE = "Compiling kernels (first run only, ~{seconds} s)…"


def expected_kernels(model):
    """A rough count of the kernels a model's first training step compiles.

    About two per kind of layer with weights and activation (forward, backward:
    Dense has one pair per activation), one more per kind (the weight gradient),
    two for the loss and one for the optimizer: the seed model (Flatten, Dense
    relu, Dense softmax; cross-entropy; Adam) compiles eight.
    """
    layers = [layer for layer in getattr(model, "layers", ()) if layer.weights]
    kinds = {type(layer) for layer in layers}
    pairs = {(type(layer), getattr(layer, "activation", None)) for layer in layers}
    return 2 * len(pairs) + len(kinds) + 3


class CompileNotice:
    """Tells a progress display when kernels compile during a fit.

    Args:
        model: the model being trained (its layers give the estimate), or None.
        on_compile: called as ``on_compile(message)`` when a kernel starts to
            compile, with the text to show until the next step ends.
    """

    def __init__(self, model, on_compile):
        self.model, self.on_compile = model, on_compile
        self.watch = None
        self._taken = 0.0

    def start(self):
        """Starts listening (this loads Numba, which the fit needs anyway)."""
        from nbkeras.kernels.compile_watch import CompileWatch

        self._taken = 0.0
        # Numba keeps the watch; the watch only points back weakly. A fit that
        # raises never calls on_train_end (nor ``stop``): once its display is
        # gone, the watch left behind does nothing.
        notice = weakref.ref(self)
        self.watch = CompileWatch(lambda watch: _tell(notice())).start()
        return self

    def stop(self):
        """Stops listening; safe to call twice."""
        if self.watch is not None:
            self.watch.stop()

    def message(self):
        """``Compiling kernels (first run only, ~N s)…``: N for the kernels still expected."""
        remaining = max(expected_kernels(self.model) - self.watch.compiled, 1)
        return MESSAGE.format(seconds=math.ceil(remaining * self.watch.seconds_per_kernel()))

    def take_seconds(self):
        """Seconds spent making kernels ready (compiling, loading) since the previous call."""
        if self.watch is None:
            return 0.0
        seconds, self._taken = self.watch.busy_seconds - self._taken, self.watch.busy_seconds
        return seconds


def _tell(notice):
    if notice is not None:
        notice.on_compile(notice.message())
