"""The Keras 3 ``summary()`` table as plain text (box drawing, no ``rich`` needed).

Keras renders the table with rich at ``min(88, terminal width - 4)``
characters, so the same model prints differently in a notebook (76) and a
wide terminal. nbkeras always uses Keras's full default width (88, or 108
with a "Connected to" column) unless ``line_length`` is given: a summary
never depends on where it is printed.
"""

POSITIONS = {3: [0.45, 0.80, 1.0], 4: [0.30, 0.56, 0.74, 1.0]}
DEFAULT_LINE_LENGTH = {3: 88, 4: 108}
UNITS = ["B", "KB", "MB", "GB", "TB", "PB"]


def format_size(num_bytes):
    """``1580`` -> ``"1.54 KB"`` (base 1024, as Keras)."""
    size, unit = float(num_bytes), 0
    while size >= 1024 and unit < len(UNITS) - 1:
        size /= 1024
        unit += 1
    return f"{size:.2f} {UNITS[unit]}"


def footer_lines(total, trainable, non_trainable, optimizer=None, bytes_per_param=4):
    """The lines under the table: totals with their sizes (optimizer only if built)."""
    lines = [f" Total params: {total:,} ({format_size(total * bytes_per_param)})",
             f" Trainable params: {trainable:,} ({format_size(trainable * bytes_per_param)})",
             f" Non-trainable params: {non_trainable:,} ({format_size(non_trainable * bytes_per_param)})"]
    if optimizer is not None:
        lines.append(f" Optimizer params: {optimizer:,} ({format_size(optimizer * bytes_per_param)})")
    return lines


def column_widths(num_columns, line_length, trainable_column=False):
    """Content width of each column, following rich's even reduction (as Keras gets)."""
    positions = list(POSITIONS[num_columns - (1 if trainable_column else 0)])
    if trainable_column:
        scale = (line_length - 12) / line_length
        positions = [p * scale for p in positions] + [1.0]
    edges = [int(line_length * p) for p in positions]
    cells = [b - a + 2 for a, b in zip([0] + edges[:-1], edges)]  # + 1 space padding each side
    excess = sum(cells) - (line_length - len(cells) - 1)
    remaining_ratio = len(cells)
    for index in range(len(cells)):
        if excess <= 0:
            break
        cut = round(excess / remaining_ratio)
        cells[index] -= cut
        excess -= cut
        remaining_ratio -= 1
    return [c - 2 for c in cells]


def wrap(text, width):
    """Splits cell text into lines of at most ``width`` characters, at spaces when possible."""
    lines = []
    for paragraph in str(text).split("\n"):
        current = ""
        for word in paragraph.split(" "):
            while len(word) > width:  # a word longer than the column is folded
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:width])
                word = word[width:]
            candidate = f"{current} {word}" if current else word
            if len(candidate) <= width:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


def _align(text, width, how):
    if how == "right":
        return text.rjust(width)
    if how == "center":
        return text.center(width)
    return text.ljust(width)


def _row_lines(cells, widths, alignments, bar):
    wrapped = [wrap(cell, width) for cell, width in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped)
    out = []
    for i in range(height):
        parts = [_align(lines[i] if i < len(lines) else "", width, how)
                 for lines, width, how in zip(wrapped, widths, alignments)]
        out.append(bar + bar.join(f" {p} " for p in parts) + bar)
    return out


def format_summary(model_name, columns, rows, footer, line_length=None):
    """Renders the whole summary as Keras 3 prints it.

    Args:
        model_name: shown as ``Model: "name"``.
        columns: header strings (3 or 4, optionally followed by "Trainable").
        rows: one list of cell strings per layer ("\\n" separates lines).
        footer: the lines printed under the table.
        line_length: total width; Keras's default for the column count when None.

    Returns:
        The text, lines joined with newlines.
    """
    trainable = columns[-1] == "Trainable"
    base = len(columns) - (1 if trainable else 0)
    if line_length is None:
        line_length = DEFAULT_LINE_LENGTH[base] + (12 if trainable else 0)
    widths = column_widths(len(columns), line_length, trainable)
    alignments = ["left", "left", "right", "left"][:base] + (["center"] if trainable else [])
    rule = lambda left, mid, right, fill: left + mid.join(fill * (w + 2) for w in widths) + right  # noqa: E731
    lines = [f'Model: "{model_name}"', rule("┏", "┳", "┓", "━")]
    lines += _row_lines(columns, widths, alignments, "┃")
    lines.append(rule("┡", "╇", "┩", "━"))
    for index, row in enumerate(rows):
        if index:
            lines.append(rule("├", "┼", "┤", "─"))
        lines += _row_lines(row, widths, alignments, "│")
    lines.append(rule("└", "┴", "┘", "─"))
    return "\n".join(lines + list(footer))
