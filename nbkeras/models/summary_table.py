"""The Keras 3 ``summary()`` table as plain text (box drawing, no ``rich`` needed).

Keras 3 builds a ``rich`` table whose width is ``min(default, terminal
columns - 4)``: 88 for three columns, 108 with "Connected to", 12 more with
"Trainable". Without a terminal (a notebook, a pipe) that is 76, which
squeezes the wide tables (the header "Trainable" becomes "Trai…"). nbkeras
always uses the full default width unless ``line_length`` is given, so a
summary never depends on where it is printed. The rules below reproduce
rich's output byte for byte (tests compare with tables captured from Keras
3.15.1): column widths, word wrapping inside a cell, the ellipsis on a word
too long for its column, and the alignments.
"""

import re

UNITS = ["B", "KB", "MB", "GB", "TB", "PB"]
BASE_POSITIONS = {3: [0.45, 0.80, 1.0], 4: [0.30, 0.56, 0.74, 1.0]}
BASE_LINE_LENGTH = {3: 88, 4: 108}
TRAINABLE_EXTRA = 12
ALIGNMENT = {"Param #": "right", "Trainable": "center"}
WORD = re.compile(r"\s*\S+\s*")


def format_param_count(count):
    """``1234`` -> ``"1,234"``."""
    return f"{count:,}"


def format_size(num_bytes):
    """``1580`` -> ``"1.54 KB"``: base 1024, two decimals, units B to PB (as Keras)."""
    size, unit = float(num_bytes), 0
    while size >= 1024 and unit < len(UNITS) - 1:
        size /= 1024
        unit += 1
    return f"{size:.2f} {UNITS[unit]}"


def summary_footer(total, trainable, non_trainable, optimizer=None, bytes_per_param=4,
                   total_bytes=None, trainable_bytes=None, non_trainable_bytes=None,
                   optimizer_bytes=None):
    """The lines under the table, each starting with one space.

    Args:
        total: all parameters, optimizer variables included (as Keras counts).
        trainable: trainable weights' size.
        non_trainable: non-trainable weights' size.
        optimizer: optimizer variables' size, or None when the optimizer is
            not built yet (then Keras prints no "Optimizer params" line).
        bytes_per_param: used for each size not given explicitly in bytes.
        total_bytes, trainable_bytes, non_trainable_bytes, optimizer_bytes:
            exact sizes in bytes (for mixed dtypes).

    Returns:
        A list of strings such as ``" Total params: 59 (236.00 B)"``.

    Example:
        >>> summary_footer(59, 19, 0, optimizer=40)[0]
        ' Total params: 59 (236.00 B)'
    """
    def line(title, count, num_bytes):
        num_bytes = count * bytes_per_param if num_bytes is None else num_bytes
        return f" {title}: {format_param_count(count)} ({format_size(num_bytes)})"

    lines = [line("Total params", total, total_bytes),
             line("Trainable params", trainable, trainable_bytes),
             line("Non-trainable params", non_trainable, non_trainable_bytes)]
    if optimizer is not None:
        lines.append(line("Optimizer params", optimizer, optimizer_bytes))
    return lines


def default_layout(columns):
    """Keras's default line length and relative column positions for this header."""
    trainable = columns[-1] == "Trainable"
    base = len(columns) - (1 if trainable else 0)
    positions = BASE_POSITIONS.get(base) or [(i + 1) / base for i in range(base)]
    line_length = BASE_LINE_LENGTH.get(base, 88)
    if trainable:
        positions = [p * 0.90 for p in positions] + [1.0]
        line_length += TRAINABLE_EXTRA
    return line_length, positions


def column_widths(columns, line_length=None, positions=None):
    """Text width of each column (padding and borders excluded).

    Keras asks rich for columns of ``int(position * line_length)`` characters
    in a table ``line_length`` wide; padding (one space each side) and
    borders do not fit, so rich takes the excess back evenly, column by
    column (``round`` of the remaining excess over the remaining columns).

    Args:
        columns: the header strings, or their number.
        line_length: table width; Keras's default for the header when None.
        positions: relative right edges of the columns; Keras's when None.
    """
    if isinstance(columns, int):
        columns = ["Layer (type)", "Output Shape", "Param #", "Connected to"][:columns]
    default_length, default_positions = default_layout(list(columns))
    line_length = line_length or default_length
    positions = positions or default_positions
    requested, edge = [], 0
    for position in positions:
        requested.append(int(position * line_length) - edge)
        edge += requested[-1]
    cells = [width + 2 for width in requested]
    excess = sum(cells) - (line_length - len(cells) - 1)
    remaining = len(cells)
    for index, cell in enumerate(cells):
        if excess <= 0:
            break
        cut = min(cell, round(excess / remaining))
        cells[index] -= cut
        excess -= cut
        remaining -= 1
    return [cell - 2 for cell in cells]


def break_points(text, width):
    """Where rich breaks one line of cell text: before a word that does not fit.

    A word is a run of non-spaces with the spaces around it. A word longer
    than the whole column is not split: it gets a line of its own and is
    cut with an ellipsis later (Keras's columns use rich's "ellipsis" overflow).
    """
    breaks, offset = [], 0
    for match in WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if start:
                breaks.append(start)
            offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def fit_line(line, width, alignment):
    """Aligns one wrapped line in ``width`` characters, ``…`` ending a line too long."""
    if alignment == "left":
        excess = len(line) - width
        if excess > 0:  # trailing spaces past the edge go first
            trailing = len(line) - len(line.rstrip())
            line = line[:len(line) - min(trailing, excess)]
    else:
        line = line.rstrip()
    if len(line) > width:
        line = line[:width - 1] + "…"
    if alignment == "right":
        return line.rjust(width)
    if alignment == "center":
        left = (width - len(line)) // 2
        return (" " * left + line).ljust(width)
    return line.ljust(width)


def wrap(text, width, alignment="left"):
    """Splits cell text into lines of exactly ``width`` characters, as rich wraps it.

    Example:
        >>> [line.rstrip() for line in wrap("batch_normalization (BatchNormalization)", 31)]
        ['batch_normalization', '(BatchNormalization)']
    """
    lines = []
    for paragraph in str(text).split("\n"):
        edges = [0] + break_points(paragraph, width) + [len(paragraph)]
        lines += [fit_line(paragraph[a:b], width, alignment) for a, b in zip(edges, edges[1:])]
    return lines


def _row_lines(cells, widths, alignments, bar, header=False):
    """One table row; shorter cells are padded below (header cells: above, as rich does)."""
    wrapped = [wrap(cell, width, how) for cell, width, how in zip(cells, widths, alignments)]
    height = max(len(lines) for lines in wrapped)
    if header:
        wrapped = [[" " * width] * (height - len(lines)) + lines
                   for lines, width in zip(wrapped, widths)]
    return [bar + bar.join(f" {lines[i] if i < len(lines) else ' ' * width} "
                           for lines, width in zip(wrapped, widths)) + bar
            for i in range(height)]


def format_summary(model_name, columns, rows, footer_lines=(), line_length=None, positions=None):
    """Renders the whole summary as Keras 3 prints it (without a final newline).

    The width is deterministic: Keras's default line length for the header
    (88; 108 with "Connected to"; 12 more with "Trainable") unless
    ``line_length`` is given. Keras itself caps it at the terminal width
    minus 4, which is 76 in a notebook and truncates headers; pass
    ``line_length=76`` to get that table.

    Args:
        model_name: shown as ``Model: "name"``.
        columns: header strings, e.g. ``["Layer (type)", "Output Shape",
            "Param #"]``, optionally with "Connected to" and "Trainable".
        rows: one list of cell strings per layer; ``"\\n"`` starts a new line.
        footer_lines: the lines printed under the table (``summary_footer``).
        line_length: total width of the table in characters.
        positions: relative right edges of the columns (Keras's by default).

    Returns:
        The text, lines joined with ``"\\n"``.

    Example:
        >>> print(format_summary("tiny", ["Layer (type)", "Output Shape", "Param #"],
        ...                      [["dense (Dense)", "(None, 1)", "3"]], line_length=40))
        Model: "tiny"
        ┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓
        ┃                 ┃ Output     ┃ Param ┃
        ┃ Layer (type)    ┃ Shape      ┃     # ┃
        ┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩
        │ dense (Dense)   │ (None, 1)  │     3 │
        └─────────────────┴────────────┴───────┘
    """
    columns = list(columns)
    widths = column_widths(columns, line_length, positions)
    alignments = [ALIGNMENT.get(name, "left") for name in columns]

    def rule(left, middle, right, fill):
        return left + middle.join(fill * (width + 2) for width in widths) + right

    lines = [f'Model: "{model_name}"', rule("┏", "┳", "┓", "━")]
    lines += _row_lines(columns, widths, alignments, "┃", header=True)
    lines.append(rule("┡", "╇", "┩", "━"))
    for index, row in enumerate(rows):
        if index:
            lines.append(rule("├", "┼", "┤", "─"))
        lines += _row_lines([str(cell) for cell in row], widths, alignments, "│")
    lines.append(rule("└", "┴", "┘", "─"))
    return "\n".join(lines + list(footer_lines))
