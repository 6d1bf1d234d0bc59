"""Frame rate of the Playground app while training a 2x8 network on the spiral.

Usage:
    PYTHONPATH=$PWD python benchmarks/playground_frame_rate.py [epochs]

Runs the app's play loop in-process (no browser: the widget values are set,
the comm messages go nowhere) twice: throttled as in the app (a redraw at
most every 0.1 s) and unthrottled (a redraw after every epoch), and prints
redraws and epochs per second. A shared machine makes these figures noisy.
"""

import asyncio
import sys

from nbkeras.playground import Playground


def measure(min_interval, epochs):
    app = Playground(dataset="spiral", hidden=[8, 8], activation="tanh").app()
    app.pg.train(1)  # compile and warm the kernels first
    app.redraw()
    app.min_interval = min_interval
    app.playing = True
    asyncio.run(app.run(max_epochs=epochs))
    return app.frame_rate()


if __name__ == "__main__":
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    for label, interval in (("throttled (app default, <= 10 redraws/s)", 0.1),
                            ("unthrottled (a redraw after every epoch)", 0.0)):
        redraws, epoch_rate = measure(interval, epochs)
        print(f"{label}: {redraws:.1f} redraws/s, {epoch_rate:.1f} epochs/s")
