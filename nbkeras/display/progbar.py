"""The Keras 3 text progress bar, without backspaces.

``verbose=1`` draws ``12/40 ━━━━━━────────── 1s 24ms/step - loss: 0.4321``
and redraws it in place; ``verbose=2`` writes one line when a pass ends.
Keras erases the previous bar with ``\\b`` characters, which turn into
garbage in logs and files. Here a terminal (or notebook) line is redrawn
with ``\\r``, and a plain stream (pipe, file, CI) gets only the final line
of each pass, with no colour codes.
"""

import math
import sys
import time

BOLD, GREEN, GREY, RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


def format_duration_per_step(seconds, unit_name="step"):
    """``" 3ms/step"``: Keras's time-per-step field (with its leading space)."""
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"


def format_eta(seconds):
    """Remaining time as Keras shows it: ``7s``, ``1:05`` or ``1:02:03``."""
    if seconds > 3600:
        return f"{int(seconds // 3600)}:{int(seconds % 3600 // 60):02d}:{int(seconds % 60):02d}"
    if seconds > 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{int(seconds)}s"


def format_values(values):
    """`` - loss: 0.4321 - accuracy: 0.8125``; tiny values in scientific notation."""
    text = ""
    for key, value in values:
        value = float(value)
        text += f" - {key}: {value:.4f}" if abs(value) > 1e-3 else f" - {key}: {value:.4e}"
    return text


def format_bar_line(current, target, elapsed, time_per_step, values, finalize, width=20,
                    color=True, unit_name="step"):
    """One ``verbose=1`` line (without ``\\r`` or newline).

    Args:
        current: steps done.
        target: total steps, or None when unknown.
        elapsed: seconds since the pass started.
        time_per_step: estimated seconds per step.
        values: ``[(name, value), ...]`` shown after the timing.
        finalize: the pass is over: show elapsed time instead of the ETA.
        width: bar width in characters.
        color: use ANSI bold/colour codes as Keras does.
    """
    bold, green, grey, reset = (BOLD, GREEN, GREY, RESET) if color else ("", "", "", "")
    if target is None:
        line = f"{bold}{current:7d}/Unknown{reset}"
    else:
        digits = int(math.log10(max(target, 1))) + 1
        done = int(width * current / target) if target else width
        line = f"{bold}{current:{digits}d}/{target}{reset} "
        if done > 0:
            line += f"{green}{'━' * done}{reset}"
        line += f"{grey}{'━' * (width - done)}{reset}"
    if finalize or target is None or current >= target:
        timing = f"{elapsed:.0f}s"
    else:
        timing = format_eta(time_per_step * (target - current))
    line += f" {bold}{timing}{reset}" + format_duration_per_step(time_per_step, unit_name)
    return line + format_values(values)


def format_epoch_line(current, target, elapsed, time_per_step, values, unit_name="step"):
    """The ``verbose=2`` line: ``32/32 - 1s - 3ms/step - loss: 0.4321``."""
    count = f"{current}/{target}" if target is not None else f"{current}"
    return (f"{count} - {elapsed:.0f}s -" + format_duration_per_step(time_per_step, unit_name)
            + format_values(values))


class Progbar:
    """Displays progress through one pass (an epoch, an evaluation, a prediction).

    Args:
        target: total number of steps, or None if unknown.
        width: bar width in characters.
        verbose: 1 for a live bar, 2 for one line at the end, 0 for nothing.
        interval: minimum seconds between redraws (the last one always shows).
        unit_name: the name of one step in the time field.
        stream: where to write (default ``sys.stdout``).
        dynamic: redraw in place; by default when the stream is a terminal or
            the code runs in a Jupyter kernel.
        clock: the time source (tests inject a fake one).
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, unit_name="step",
                 stream=None, dynamic=None, clock=time.monotonic):
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name, self.clock = interval, unit_name, clock
        self.stream = stream or sys.stdout
        is_terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.dynamic = (is_terminal or "ipykernel" in sys.modules) if dynamic is None else dynamic
        self.color = self.dynamic
        self.seen = 0
        self._start = clock()
        self._first_step_done_at = None
        self._last_draw = -math.inf
        self._last_length = 0
        self._finished = False

    def _time_per_step(self, current, now):
        """Keras's estimate: leave out the first step (it includes compiling)."""
        if current > 1 and self._first_step_done_at is not None:
            return (now - self._first_step_done_at) / (current - 1)
        return (now - self._start) / current if current else 0.0

    def update(self, current, values=None, finalize=None):
        """Records progress and redraws when due.

        Args:
            current: steps done so far.
            values: ``[(name, value), ...]`` (already averaged) to display.
            finalize: whether this is the last update (default: ``current >= target``).
        """
        values = list(values or [])
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        now = self.clock()
        if current == 1 and self._first_step_done_at is None:
            self._first_step_done_at = now
        self.seen = current
        if self.verbose == 0 or self._finished:
            return
        elapsed = now - self._start
        time_per_step = self._time_per_step(current, now)
        if self.verbose == 2 or not self.dynamic:
            if finalize:
                self._finish(format_epoch_line(current, self.target, elapsed, time_per_step,
                                               values, self.unit_name)
                             if self.verbose == 2 else
                             format_bar_line(current, self.target, elapsed, time_per_step,
                                             values, True, self.width, False, self.unit_name))
            return
        if not finalize and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        line = format_bar_line(current, self.target, elapsed, time_per_step, values, finalize,
                               self.width, self.color, self.unit_name)
        padding = " " * max(0, self._last_length - len(line))
        self._last_length = len(line)
        if finalize:
            self._finish("\r" + line + padding)
        else:
            self.stream.write("\r" + line + padding)
            self.stream.flush()

    def _finish(self, text):
        self._finished = True
        self.stream.write(text + "\n")
        self.stream.flush()
