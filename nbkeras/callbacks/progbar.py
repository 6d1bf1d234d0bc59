"""The Keras 3 text progress bar, without backspaces.

``verbose=1`` draws ``12/40 ━━━━━━────────── 1s 24ms/step - loss: 0.4321``
and redraws it in place; ``verbose=2`` writes one line when a pass ends.
The text of every line is Keras 3's, byte for byte (tests compare with bars
captured from Keras 3.15.1). One difference, on purpose: Keras erases the
previous bar with a run of ``\\b`` characters, which turn into garbage in
logs, files and CI output. Here a terminal line is redrawn with ``\\r`` and
padded with spaces over the previous one; any other stream (a pipe, a log
file, CI, a notebook cell checked by nbval) gets only the final line of
each pass, with no colour codes.
"""

import math
import re
import sys
import time

BOLD, GREEN, GREY, RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"
ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")
BAR_GLYPH = "━"


def visible_length(text):
    """Characters a terminal shows for ``text`` (ANSI colour codes take no room)."""
    return len(ANSI_CODE.sub("", text))


def format_duration_per_step(seconds, unit_name="step"):
    """``" 3ms/step"``: Keras's time-per-step field, with its leading space."""
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"


def format_eta(seconds):
    """Remaining time as Keras shows it: ``7s``, ``1:05`` or ``1:02:03`` (truncated)."""
    if seconds > 3600:
        return f"{int(seconds // 3600)}:{int(seconds % 3600 // 60):02d}:{int(seconds % 60):02d}"
    if seconds > 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{int(seconds)}s"


def _scalar(value):
    try:
        return float(value)
    except TypeError:  # an array of per-sample values: Keras shows the mean
        import numpy as np

        return float(np.mean(value))


def format_values(values, small=lambda value: abs(value) <= 1e-3):
    """`` - loss: 0.4321 - accuracy: 0.8125``; small values in scientific notation.

    Args:
        values: ``[(name, value), ...]`` or a dict, shown in that order.
        small: which values get ``.4e`` instead of ``.4f``.
    """
    items = values.items() if isinstance(values, dict) else values
    text = ""
    for name, value in items:
        value = _scalar(value)
        text += f" - {name}: {value:.4e}" if small(value) else f" - {name}: {value:.4f}"
    return text


def _has_target(target):
    return target is not None and target > 0


def format_bar(current, target, width=20, color=True):
    """The start of a ``verbose=1`` line: ``12/40 ━━━━━━──────────`` (or ``12/Unknown``)."""
    if not _has_target(target):
        return f"{current:7d}/Unknown"
    bold, green, grey, reset = (BOLD, GREEN, GREY, RESET) if color else ("", "", "", "")
    digits = int(math.log10(target)) + 1
    done = int(width * current / target)
    line = f"{bold}{current:{digits}d}/{target}{reset} "
    if done > 0:
        line += f"{green}{BAR_GLYPH * done}{reset}"
    return line + f"{grey}{BAR_GLYPH * (width - done)}{reset}"


def format_bar_line(current, target, elapsed, values=(), finalize=False, width=20, color=True,
                    time_per_step=None, unit_name="step"):
    """One ``verbose=1`` line, without ``\\r`` or newline.

    Args:
        current: steps done.
        target: total steps, or None (or 0) when unknown.
        elapsed: seconds since the pass started.
        values: ``[(name, value), ...]`` shown after the timing, as given.
        finalize: the pass is over: show the elapsed time instead of the ETA.
        width: bar width in characters.
        color: wrap parts in ANSI bold/green/grey codes, as Keras does.
        time_per_step: seconds per step; ``elapsed / current`` when None.
        unit_name: the name of one step in the time field.

    Returns:
        The line, e.g. ``4/4 ━━━━━━━━━━━━━━━━━━━━ 2s 443ms/step - loss: 0.6676``.

    Example:
        >>> format_bar_line(1, 4, 0.9, [("loss", 0.68)], color=False)
        '1/4 ━━━━━━━━━━━━━━━━━━━━ 2s 900ms/step - loss: 0.6800'
    """
    bold, reset = (BOLD, RESET) if color else ("", "")
    if time_per_step is None:
        time_per_step = elapsed / current if current else 0.0
    line = format_bar(current, target, width, color)
    if _has_target(target) and not finalize:
        timing = format_eta(time_per_step * (target - current))
    else:
        timing = f"{elapsed:.0f}s"
    line += f" {bold}{timing}{reset}" + format_duration_per_step(time_per_step, unit_name)
    return line + format_values(values)


def format_epoch_line(current, target, elapsed, values=(), time_per_step=None, unit_name="step"):
    """The ``verbose=2`` line: ``32/32 - 1s - 3ms/step - loss: 0.4321``.

    As in Keras, this line uses ``.4e`` for every value not above 1e-3,
    negative ones included (the ``verbose=1`` bar compares the absolute value).

    Example:
        >>> format_epoch_line(4, 4, 2.1, [("loss", 0.6676)], time_per_step=0.404)
        '4/4 - 2s - 404ms/step - loss: 0.6676'
    """
    if time_per_step is None:
        time_per_step = elapsed / current if current else 0.0
    target = target if _has_target(target) else current
    digits = int(math.log10(max(target, 1))) + 1
    return (f"{current:{digits}d}/{target} - {elapsed:.0f}s -"
            + format_duration_per_step(time_per_step, unit_name)
            + format_values(values, small=lambda value: not value > 1e-3))


class Progbar:
    """Displays progress through one pass (an epoch, an evaluation, a prediction).

    Args:
        target: total number of steps, or None if unknown.
        width: bar width in characters.
        verbose: 1 for a live bar, 2 for one line at the end, 0 for nothing.
        interval: minimum seconds between two redraws (the final one always shows).
        unit_name: the name of one step in the time field.
        stream: where to write (default ``sys.stdout`` at the time of the call).
        dynamic: redraw in place with ``\\r`` (and use colours); by default
            when the stream is a terminal. Otherwise only the final line of
            the pass is written.
        clock: the time source in seconds (tests inject a fake one).

    Example:
        >>> import io
        >>> stream = io.StringIO()
        >>> bar = Progbar(2, stream=stream, clock=lambda: 0.0)
        >>> bar.update(1, [("loss", 0.5)]); bar.update(2, [("loss", 0.25)])
        >>> stream.getvalue()
        '2/2 ━━━━━━━━━━━━━━━━━━━━ 0s 0s/step - loss: 0.2500\\n'
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, unit_name="step",
                 stream=None, dynamic=None, clock=time.monotonic):
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name, self.clock = interval, unit_name, clock
        self.stream = stream or sys.stdout
        if dynamic is None:
            dynamic = bool(getattr(self.stream, "isatty", lambda: False)())
        self.dynamic = dynamic
        self.color = dynamic
        self.seen = 0
        self._start = clock()
        self._after_first_step = None
        self._last_update = self._start
        self._compile_seconds = self._excluded_seconds = 0.0  # kernels compiling (first run)
        self._excluded_steps = 0
        self._last_draw = -math.inf
        self._drawn_length = 0
        self._finished = False

    def _time_per_step(self, current, now, compile_seconds=0.0):
        """Keras's estimate, the first step left out, and any later step that compiled kernels.

        With nothing else measured yet, the time so far minus the compile time.
        """
        if compile_seconds:
            self._compile_seconds += compile_seconds
            if self._after_first_step is not None:  # Keras leaves the first step out already
                self._excluded_seconds += now - self._last_update
                self._excluded_steps += current - self.seen
        self._last_update = now
        if not current:
            return 0.0
        measured_steps = current - 1 - self._excluded_steps
        if self._after_first_step is not None and measured_steps > 0:
            time_per_step = (now - self._after_first_step - self._excluded_seconds) / measured_steps
        else:
            time_per_step = max(now - self._start - self._compile_seconds, 0.0) / current
        if current == 1:
            self._after_first_step = now
        return time_per_step

    def update(self, current, values=None, finalize=None, compile_seconds=0.0):
        """Records progress and redraws when due.

        Args:
            current: steps done so far.
            values: ``[(name, value), ...]`` (already averaged) to display.
            finalize: whether this is the last update; by default
                ``current >= target`` (never when the target is unknown).
                An unknown target becomes ``current`` when the pass is over,
                so the last line shows a full bar, as in Keras's ``fit``.
            compile_seconds: time spent compiling kernels since the last
                update; the steps it fell in are left out of the step time.
        """
        values = list(values.items() if isinstance(values, dict) else values or [])
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        if finalize and not _has_target(self.target):
            self.target = current  # what Keras's ProgbarLogger does once the pass is over
        now = self.clock()
        time_per_step = self._time_per_step(current, now, compile_seconds)
        self.seen = current
        if self.verbose not in (1, 2) or self._finished:
            return
        elapsed = now - self._start
        if self.verbose == 2:
            if finalize:
                self._finish(format_epoch_line(current, self.target, elapsed, values,
                                               time_per_step, self.unit_name))
            return
        if not self.dynamic:
            if finalize:
                self._finish(format_bar_line(current, self.target, elapsed, values, True,
                                             self.width, False, time_per_step, self.unit_name))
            return
        if not finalize and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        self._draw(format_bar_line(current, self.target, elapsed, values, finalize, self.width,
                                   self.color, time_per_step, self.unit_name), finalize)

    def _draw(self, line, finalize=False):
        """Redraws the terminal line in place, blanking what is left of a longer previous one."""
        length = visible_length(line)
        line = "\r" + line + " " * max(0, self._drawn_length - length)
        self._drawn_length = length
        if finalize:
            self._finish(line)
        else:
            self.stream.write(line)
            self.stream.flush()

    def redraw_due(self):
        """Whether ``update`` would redraw the live bar now (the final update always draws)."""
        return (self.verbose == 1 and self.dynamic and not self._finished
                and self.clock() - self._last_draw >= self.interval)

    def advance(self, current, compile_seconds=0.0):
        """Records progress without drawing: a step whose values were not built (not due)."""
        self._time_per_step(current, self.clock(), compile_seconds)
        self.seen = current

    def show_message(self, message):
        """Shows ``message`` after the bar until the next redraw (a live terminal bar only).

        The first run uses it for ``Compiling kernels (first run only, ~N s)…``;
        other streams get only final lines, so a cold run prints what a warm one does.
        """
        if self.verbose != 1 or not self.dynamic or self._finished:
            return
        self._draw(f"{format_bar(self.seen, self.target, self.width, self.color)} {message}")

    def add(self, steps, values=None):
        """Advances by ``steps`` steps."""
        self.update(self.seen + steps, values)

    def _finish(self, text):
        self._finished = True
        self.stream.write(text + "\n")
        self.stream.flush()
