"""One frame of the live views: the HTML strings the app's widgets show."""

from nbkeras.playground.probe import pictures
from nbkeras.playground.svg_network import network_svg
from nbkeras.playground.svg_plots import boundary_svg, curves_svg, status_html


def render_frame(pg, resolution=40, show_test=True):
    """The app's four views of a Playground as HTML strings.

    Returns:
        ``{"status", "network", "boundary", "curves"}``.
    """
    columns = pictures(pg, resolution)
    return {
        "status": status_html(pg),
        "network": network_svg(pg, columns),
        "boundary": boundary_svg(columns[-1][..., 0], pg.points, pg.config.problem,
                                 show_test=show_test),
        "curves": curves_svg(pg.history),
    }


def frame_html(pg, resolution=40):
    """The views side by side in one HTML block (for a static HTML snapshot)."""
    views = render_frame(pg, resolution)
    return (f'<div class="nbkeras-pg-snapshot">{views["status"]}<div style="display:flex;gap:16px">'
            f'{views["network"]}<div>{views["boundary"]}<br>{views["curves"]}</div></div></div>')
