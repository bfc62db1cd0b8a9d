"""The Learn page's arrays as text: Markdown tables cut to size, plain-text tables, numbers.

An array of a stage is shown as a Markdown table of at most MAX_ROWS × MAX_COLUMNS (the first
rows and the last, "⋮" and "…" between), its rows labelled with the batch's points ("#12")
when they are points; on request, whole, as aligned plain text.
"""

import numpy as np

from ui.learn.stage import shape_text

MAX_ROWS = 6  # rows and columns of an array shown before it is cut short
MAX_COLUMNS = 8


def format_number(value):
    """Four significant digits: enough to see a number change, short enough to read."""
    if not np.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    return f"{value:.4g}"


def as_matrix(values):
    """Any array as rows × columns: a number is 1 × 1, a vector one column."""
    values = np.asarray(values)
    if values.ndim == 0:
        return values.reshape(1, 1)
    if values.ndim == 1:
        return values.reshape(-1, 1)
    return values.reshape(values.shape[0], -1)


def shown_positions(size, limit):
    """Which of `size` rows (or columns) to show: all, or the first limit-1 and the last.

    None in the list stands for the ones left out.
    """
    if limit is None or size <= limit:
        return list(range(size))
    return [*range(limit - 1), None, size - 1]


def markdown_table(matrix, point_labels=None, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS):
    """A Markdown table of the matrix's values, cut to max_rows × max_columns (None: all).

    `point_labels` name the rows of arrays whose rows are the batch's points ("#12"). Returns
    (table, note): note says what was left out, or "" when everything is shown.
    """
    values = as_matrix(matrix.values)
    n_rows, n_columns = values.shape
    rows = shown_positions(n_rows, max_rows)
    columns = shown_positions(n_columns, max_columns)
    use_points = matrix.per_point and point_labels is not None and len(point_labels) == n_rows
    header = "| | " + " | ".join("…" if c is None else str(c) for c in columns) + " |"
    lines = [header, "|---|" + "---:|" * len(columns)]
    for row in rows:
        if row is None:
            lines.append("| ⋮ | " + " | ".join("⋮" for _ in columns) + " |")
            continue
        label = point_labels[row] if use_points else str(row)
        cells = ["…" if c is None else format_number(values[row, c]) for c in columns]
        lines.append(f"| **{label}** | " + " | ".join(cells) + " |")
    left_out = []
    if len(rows) < n_rows:
        left_out.append(f"{n_rows} rows")
    if len(columns) < n_columns:
        left_out.append(f"{n_columns} columns")
    note = f"Showing part of {' and '.join(left_out)}." if left_out else ""
    return "\n".join(lines), note


def matrix_heading(matrix):
    return f"${matrix.symbol}$ &nbsp; · &nbsp; shape {shape_text(matrix.values)}"


def is_truncated(stage):
    """Whether some array of the stage is too big to show whole by default."""
    return any(
        as_matrix(m.values).shape[0] > MAX_ROWS or as_matrix(m.values).shape[1] > MAX_COLUMNS
        for m in [*stage.inputs, *stage.outputs]
    )


def steps_table(steps, max_rows=8):
    """The last steps taken here as a Markdown table (a batch column once the batch changed)."""
    steps = steps[-max_rows:]
    several_batches = len({record.batch for record in steps}) > 1
    header = "| step | loss before | loss after | change |"
    rule = "|---:|---:|---:|---:|"
    if several_batches:
        header, rule = header + " batch |", rule + "---|"
    lines = [header, rule]
    for record in steps:
        change = record.loss_after - record.loss_before
        line = (
            f"| {record.step} | {record.loss_before:.5f} | {record.loss_after:.5f} "
            f"| {change:+.5f} |"
        )
        if several_batches:
            line += " " + " ".join(f"#{index}" for index in record.batch) + " |"
        lines.append(line)
    return "\n".join(lines)


def stage_parts(stage, point_labels, full=False):
    """The stage's arrays, in then out, as ("markdown" or "text", content) parts to show.

    Each array gets a heading and a Markdown table cut to MAX_ROWS × MAX_COLUMNS; with `full`,
    an array too big for that comes whole as a plain-text table (it scrolls sideways).
    """
    parts = []
    for direction, matrices in (("In", stage.inputs), ("Out", stage.outputs)):
        for matrix in matrices:
            if np.size(matrix.values) == 1 and not matrix.per_point:
                number = float(np.ravel(matrix.values)[0])
                parts.append(
                    ("markdown", f"**{direction}:** &nbsp; ${matrix.symbol} = {number:.6g}$")
                )
                continue
            parts.append(("markdown", f"**{direction}:** &nbsp; {matrix_heading(matrix)}"))
            table, note = markdown_table(matrix, point_labels)
            if note and full:
                parts.append(("text", text_table(matrix, point_labels)))
            elif note:
                parts.append(("markdown", table))
                parts.append(("markdown", f":gray[{note} Switch on *Show every row and column*.]"))
            else:
                parts.append(("markdown", table))
    return parts


def text_table(matrix, point_labels=None):
    """The whole matrix as aligned plain text, rows labelled as in `markdown_table`."""
    values = as_matrix(matrix.values)
    use_points = matrix.per_point and point_labels is not None
    labels = list(point_labels) if use_points else [str(row) for row in range(len(values))]
    cells = [[format_number(value) for value in row] for row in values]
    width = max(len(cell) for row in cells for cell in row)
    label_width = max(len(label) for label in labels)
    header = " " * label_width + "".join(f"  {c:>{width}}" for c in range(values.shape[1]))
    lines = [header]
    for label, row in zip(labels, cells):
        lines.append(f"{label:<{label_width}}" + "".join(f"  {cell:>{width}}" for cell in row))
    return "\n".join(lines)
