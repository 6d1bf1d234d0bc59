"""A model in a notebook: the summary as an HTML table next to a small drawing of its graph.

``Model._repr_html_`` calls ``model_html``. The table holds what
``model.summary()`` prints (layer and type, output shape, parameters,
trainable; totals with their sizes), plus "Connected to" when the graph
branches. Styles are inline, text is escaped, and nothing varies between
runs, so nbval can compare the output.
"""

from html import escape

from nbkeras.models.summary_rows import summary_data
from nbkeras.models.summary_table import summary_footer

FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
CELL = "padding:3px 10px;border-bottom:1px solid #e1e6ec;vertical-align:top;"
HEAD = "padding:4px 10px;border-bottom:2px solid #4a6fa5;font-weight:600;"
GRAPH_SCALE = 0.7


def model_html(model):
    """The HTML shown for ``model`` as the last expression of a notebook cell."""
    drawing, note = None, ""
    if model.built:
        try:
            from nbkeras.display.model_svg import draw_model

            drawing = draw_model(model)
        except Exception as error:  # a display must never break the cell; say what happened
            note = f"The graph could not be drawn: {error}"
    else:
        note = ("The graph appears once the model is built: call it on data, or start it "
                "with keras.Input(shape=...).")
    table = summary_table(model)
    parts = [f'<div class="nbkeras-model" style="display:flex;flex-wrap:wrap;gap:18px;'
             f'align-items:flex-start;font-family:{FONT};font-size:12px;color:#1f2933;'
             f'background:#ffffff;padding:6px;">', table]
    if drawing is not None:
        from nbkeras.display.model_svg import to_svg

        parts.append('<div class="nbkeras-model-graph-box" style="flex:0 0 auto;">'
                     + to_svg(drawing, scale=GRAPH_SCALE) + "</div>")
    elif note:
        parts.append(f'<div style="color:#5f6b7a;max-width:260px;">{escape(note)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def summary_table(model, data=None):
    """The summary as a ``<div>`` with a title, a table and the totals.

    Args:
        model: the model.
        data: ``summary_rows.summary_data`` output, when the caller chose its options
            (``model.summary(expand_nested=True)``); default: every layer, with Trainable.
    """
    data = data or summary_data(model, show_trainable=True)
    columns, rows = data["columns"], data["rows"]
    align = {"Param #": "right", "Trainable": "center"}
    head = "".join(f'<th style="{HEAD}text-align:{align.get(c, "left")};">{escape(c)}</th>'
                   for c in columns)
    body = []
    for row in rows:
        cells = [_cell(column, value, align.get(column, "left")) for column, value in zip(columns, row)]
        body.append("<tr>" + "".join(cells) + "</tr>")
    footer = "".join(f"<div>{escape(line.strip())}</div>" for line in summary_footer(**data["footer"]))
    return (f'<div class="nbkeras-model-summary" style="flex:0 1 auto;">'
            f'<div style="font-weight:600;margin-bottom:4px;">Model: "{escape(data["name"])}"</div>'
            f'<table class="nbkeras-summary-table" style="border-collapse:collapse;'
            f'font-size:12px;background:#ffffff;color:#1f2933;">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f'<div class="nbkeras-summary-totals" style="margin-top:6px;line-height:1.5;">'
            f"{footer}</div></div>")


def _cell(column, value, align):
    style = f"{CELL}text-align:{align};"
    if column == "Layer (type)" and value.endswith(")") and " (" in value:
        name, class_name = value[:-1].split(" (", 1)
        text = f'<b>{escape(name)}</b> <span style="color:#5f6b7a;">({escape(class_name)})</span>'
    else:
        text = escape(value)
    if column in ("Output Shape", "Param #", "Connected to"):
        style += "font-family:DejaVu Sans Mono, Menlo, Consolas, monospace;white-space:nowrap;"
    return f'<td style="{style}">{text}</td>'
