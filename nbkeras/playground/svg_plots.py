"""The output plane and the loss curves as SVG (the live views of the app).

SVG text is cheap to build and to send: a frame is one string per view, and
the browser scales the small heatmap smoothly. ``<title>`` elements give
hover tooltips with the values.
"""

import html
import math

from nbkeras.playground.probe import EXTENT
from nbkeras.playground.raster import HEX, heatmap_uri


def boundary_svg(output, points, problem, size=280, show_test=True):
    """The decision boundary (or regression surface) with the training and test points.

    Args:
        output: ``(r, r)`` output values over the plane, in [-1, 1] (``signed_output``).
        points: ``(x_train, y_train, x_test, y_test)`` in plane coordinates.
        problem: ``"classification"`` or ``"regression"``.
        size: side in pixels.
        show_test: draw the test points too (with a dark outline).

    Returns:
        An ``<svg>`` string.
    """
    return (f'<svg class="nbkeras-pg-boundary" width="{size}" height="{size}" '
            f'viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg">'
            f'<image href="{heatmap_uri(output)}" x="0" y="0" width="{size}" height="{size}" '
            f'preserveAspectRatio="none"/>{points_svg(points, problem, size, show_test)}</svg>')


_POINTS_CACHE = {}


def points_svg(points, problem, size=280, show_test=True):
    """The data points as SVG circles (with a hover title each).

    The points of a Playground do not change while it trains, so the markup is
    kept for the last few point sets (the cache holds the arrays themselves,
    so an id is never reused for other data while its entry lives).
    """
    key = (id(points), problem, size, show_test)
    cached = _POINTS_CACHE.get(key)
    if cached is not None and cached[0] is points:
        return cached[1]
    x_train, y_train, x_test, y_test = points
    parts = []
    sets = [(x_train, y_train, "white", "training")]
    if show_test:
        sets.append((x_test, y_test, "#222", "test"))
    for x, y, stroke, kind in sets:
        for (x1, x2), target in zip(x, y):
            value = 2 * target - 1 if problem == "classification" else target
            fill = HEX["positive"] if value >= 0 else HEX["negative"]
            cx, cy = _to_pixels(x1, x2, size)
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.6" fill="{fill}" stroke="{stroke}" '
                         f'stroke-width="0.8"><title>{kind} ({x1:.2f}, {x2:.2f}) → {target:.2f}</title>'
                         "</circle>")
    if len(_POINTS_CACHE) >= 8:
        _POINTS_CACHE.clear()
    _POINTS_CACHE[key] = (points, "".join(parts))
    return _POINTS_CACHE[key][1]


def _to_pixels(x1, x2, size):
    return (x1 + EXTENT) / (2 * EXTENT) * size, (EXTENT - x2) / (2 * EXTENT) * size


def curves_svg(history, width=280, height=90):
    """Training (grey) and test (black) loss per epoch, with the current values above."""
    train, test = history.get("loss", []), history.get("val_loss", [])
    finite = [v for v in train + test if math.isfinite(v)]
    top = max(finite) if finite else 1.0
    bottom = min(min(finite) - 0.05 * (top - min(finite)), 0.9 * min(finite)) if finite else 0.0
    span = max(top - bottom, 1e-9)
    lines = []
    for values, colour, name in ((train, "#999", "training"), (test, "#000", "test")):
        if len(values) < 2:
            continue
        step = width / (len(values) - 1)
        coords = " ".join(f"{i * step:.1f},{height - (min(v, top) - bottom) / span * (height - 4):.1f}"
                          for i, v in enumerate(values) if math.isfinite(v))
        lines.append(f'<polyline class="nbkeras-pg-{name}-curve" points="{coords}" fill="none" '
                     f'stroke="{colour}" stroke-width="1.5"/>')
    return (f'<svg class="nbkeras-pg-curves" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
            f'<rect width="{width}" height="{height}" fill="#fafafa"/>{"".join(lines)}</svg>')


def status_html(pg):
    """Epoch counter and current losses, as TF Playground shows them above the output."""
    train, test = pg.losses()
    fmt = lambda v: "–" if v is None else f"{v:.3f}"
    counter = f"{pg.epoch // 1000:03d},{pg.epoch % 1000:03d}"  # 001,234 as TF Playground shows it
    warning = ' <b style="color:#c00">diverged (NaN/inf loss)</b>' if pg.diverged else ""
    return (f'<div class="nbkeras-pg-status" style="font-family:sans-serif">'
            f'<span class="nbkeras-pg-epoch" style="font-size:20px">Epoch {counter}</span>'
            f'&emsp;Test loss <b class="nbkeras-pg-test-loss">{fmt(test)}</b>'
            f'&emsp;Training loss <b class="nbkeras-pg-train-loss">{fmt(train)}</b>{warning}'
            f'<div style="color:#666;font-size:12px">{html.escape(pg.config.describe())}</div></div>')
