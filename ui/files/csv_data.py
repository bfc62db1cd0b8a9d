"""Your own data: a CSV file's bytes in; checked, standardised arrays out, or a ValueError.

No Streamlit here. The only exception is ValueError, whatever the bytes, and its message says
what is wrong in plain words: the "Save & load" page shows it as it is.

A CSV file, commas (or semicolons, or tabs) between the values, one point per line:

    x1,x2,label          three columns: two features and a whole-number class label
    0.52,-1.3,0          (classification, 2 to 8 classes)

    x,target             two columns: one feature and a number to predict (regression)
    0.1,0.59

The header row is optional: a first row without a single number is taken as the column
names. Each feature is standardised, z = (x - mean) / std over the file's rows, so that every
feature has mean 0 and standard deviation 1, the scale the initial weights (0.01 · N(0, 1))
and the learning rates of the book expect. Class labels are renumbered 0, 1, 2, ... in
increasing order ("label 5 is class 1").
"""

import csv
import re
from dataclasses import dataclass

import numpy as np

from scratchnet.datasets import spiral
from ui.files.checks import check_bytes
from ui.plain_text import shortened

MAX_CSV_BYTES = 1_000_000  # 5,000 rows of three numbers take about 150 kB
MIN_ROWS = 10
MAX_ROWS = 5_000
MAX_CLASSES = 8  # the Playground's palette and its "Classes" slider stop at 8
MAX_ABS_VALUE = 1e9

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
# A plain decimal number: 12, -0.5, .5, 3., 1e-3, +2.5E+4 (no "nan", "inf", "1_000", "0x1F").
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
MISSING_MARKS = {"", "na", "n/a", "nan", "null", "none", "?", "-", "missing"}


@dataclass
class UploadedData:
    """A learner's data set, checked, with what the page shows about it.

    `features` and `targets` are the file's numbers; `X` and `y` what the network trains on:
    the standardised features, and class indices 0..K-1 (or the standardised targets).
    """

    file_name: str
    kind: str  # "classification" or "regression"
    column_names: list
    has_header: bool
    delimiter: str
    features: np.ndarray  # (N, F), as in the file
    targets: np.ndarray  # (N,), as in the file: labels (whole numbers) or values
    X: np.ndarray  # (N, F), standardised
    y: np.ndarray  # (N,) class indices, or (N, 1) standardised targets
    means: np.ndarray  # of each feature, then of the target for regression
    stds: np.ndarray
    class_values: list  # class k is the label class_values[k] of the file ([] for regression)

    @property
    def is_regression(self):
        return self.kind == "regression"

    @property
    def n_rows(self):
        return len(self.X)

    @property
    def n_classes(self):
        return len(self.class_values)

    def class_counts(self):
        """Points per class, in class order."""
        return np.bincount(self.y, minlength=self.n_classes) if not self.is_regression else []

    def preview_rows(self, count=8):
        """The first rows as strings, as the file has them (for a small table)."""
        rows = []
        for features, target in zip(self.features[:count], self.targets[:count]):
            cells = [f"{value:.6g}" for value in features]
            cells.append(str(int(target)) if not self.is_regression else f"{target:.6g}")
            rows.append(cells)
        return rows


def parse_csv(content, file_name="your data"):
    """Read a CSV file's bytes into an UploadedData, or raise ValueError saying what is wrong.

    Only ValueError, whatever the bytes: the page shows its message as it is.
    """
    limit_text = f"the limit is {MAX_CSV_BYTES / 1e6:.0f} MB (at most {MAX_ROWS:,} rows)"
    check_bytes(content, MAX_CSV_BYTES, 1e6, limit_text)
    text = decoded_text(content)
    numbered_lines = [
        (number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]
    if not numbered_lines:
        raise ValueError("the file is empty: it has no rows of numbers")
    delimiter = choose_delimiter(numbered_lines[0][1])
    rows = split_rows(numbered_lines, delimiter)
    # A first row without a single number is the column names; otherwise it is data.
    has_header = not any(NUMBER.fullmatch(cell) for cell in rows[0][1])
    n_columns = len(rows[0][1])
    check_column_count(n_columns, rows[0][0], delimiter)
    kind = "classification" if n_columns == 3 else "regression"
    if has_header:
        column_names = [name or default for name, default in zip(rows[0][1], default_names(kind))]
        rows = rows[1:]
    else:
        column_names = default_names(kind)
    if len(rows) < MIN_ROWS:
        raise ValueError(
            f"too few rows: {len(rows)} data row(s); a network needs at least {MIN_ROWS} points"
        )
    if len(rows) > MAX_ROWS:
        raise ValueError(
            f"too many rows: {len(rows):,}; the Playground takes at most {MAX_ROWS:,} points "
            "(keep a random sample of them)"
        )
    values = parse_numbers(rows, column_names, n_columns)
    features, targets = values[:, :-1], values[:, -1]
    if kind == "classification":
        class_values, y = class_indices(targets, column_names[-1], rows)
        X, means, stds = standardised(features, column_names[:-1])
    else:
        class_values = []
        standardised_values, means, stds = standardised(values, column_names)
        X, y = standardised_values[:, :-1], standardised_values[:, -1:]
    return UploadedData(
        file_name=file_name,
        kind=kind,
        column_names=column_names,
        has_header=has_header,
        delimiter=delimiter,
        features=features,
        targets=targets,
        X=X,
        y=y,
        means=means,
        stds=stds,
        class_values=class_values,
    )


def decoded_text(content):
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(
            "this is not a text file: a CSV file is text, numbers separated by commas "
            "(save it from your spreadsheet as 'CSV UTF-8')"
        ) from None
    if "\x00" in text:
        raise ValueError("this is not a text file (it contains NUL bytes): expected a CSV file")
    return text


def choose_delimiter(first_line):
    """Commas, else semicolons, else tabs: whichever the first row uses."""
    for delimiter in DELIMITERS:
        if delimiter in first_line:
            return delimiter
    raise ValueError(
        f"wrong number of columns: line 1 has a single column ({shortened(first_line)!r}). "
        "Expected 3 columns (feature 1, feature 2, class label) or 2 (feature, target), "
        "separated by commas"
    )


def split_rows(numbered_lines, delimiter):
    """[(line number, [cells])], each cell stripped of spaces; quotes as the csv module reads."""
    reader = csv.reader((line for _, line in numbered_lines), delimiter=delimiter)
    try:
        return [
            (number, [cell.strip() for cell in cells])
            for (number, _), cells in zip(numbered_lines, reader)
        ]
    except csv.Error as error:
        raise ValueError(f"this file cannot be read as CSV: {error}") from None


def check_column_count(n_columns, line_number, delimiter):
    if n_columns not in (2, 3):
        raise ValueError(
            f"wrong number of columns: line {line_number} has {n_columns} values separated by "
            f"{DELIMITERS[delimiter]}. Expected 3 columns (feature 1, feature 2, class label) "
            "for classification, or 2 (feature, target) for regression"
        )


def default_names(kind):
    return ["x1", "x2", "label"] if kind == "classification" else ["x", "target"]


def parse_numbers(rows, column_names, n_columns):
    """The cells as an (N, n_columns) float array; the first bad cell raises ValueError."""
    values = np.empty((len(rows), n_columns))
    for row_index, (line_number, cells) in enumerate(rows):
        if len(cells) != n_columns:
            raise ValueError(
                f"line {line_number} has {len(cells)} values; the first row has {n_columns}. "
                "Every row needs one value per column"
            )
        for column, cell in enumerate(cells):
            values[row_index, column] = parse_number(cell, line_number, column_names[column])
    return values


def parse_number(cell, line_number, column_name):
    where = f"line {line_number}, column {column_name!r}"
    if cell.lower() in MISSING_MARKS:
        shown = "an empty cell" if not cell else repr(cell)
        raise ValueError(
            f"missing value at {where}: {shown}. Every cell needs a number; remove the rows "
            "with missing values first"
        )
    if not NUMBER.fullmatch(cell):
        raise ValueError(
            f"{shortened(cell)!r} at {where} is not a number. Use plain numbers with a "
            "decimal point, e.g. 0.25 or -3e-2"
        )
    value = float(cell)
    if not abs(value) <= MAX_ABS_VALUE:
        raise ValueError(
            f"{shortened(cell)} at {where} is too large: values must lie between "
            f"-{MAX_ABS_VALUE:g} and {MAX_ABS_VALUE:g}"
        )
    return value


def class_indices(labels, label_name, rows):
    """(the file's distinct labels in increasing order, each row's class index 0..K-1)."""
    not_whole = np.flatnonzero(labels != np.round(labels))
    if len(not_whole):
        first = not_whole[0]
        raise ValueError(
            f"the labels in column {label_name!r} must be whole numbers (0, 1, 2, ...): line "
            f"{rows[first][0]} has {labels[first]:g}. For a number to predict (regression), "
            "give two columns: feature, target"
        )
    class_values, y = np.unique(labels.astype(np.int64), return_inverse=True)
    if len(class_values) < 2:
        raise ValueError(
            f"every row has the same label ({class_values[0]}): a single class leaves nothing "
            "to tell apart. Classification needs at least 2 different labels"
        )
    if len(class_values) > MAX_CLASSES:
        raise ValueError(
            f"too many classes: {len(class_values)} different labels; the Playground shows at "
            f"most {MAX_CLASSES}. (For a number to predict, give two columns: feature, target)"
        )
    return [int(value) for value in class_values], y.astype(np.intp)


def standardised(values, column_names):
    """z = (x - mean) / std per column: mean 0, standard deviation 1. Returns (z, means, stds).

    A column with the same value in every row has std 0: it cannot be scaled, and it tells the
    network nothing, so it is refused.
    """
    means = values.mean(axis=0)
    stds = values.std(axis=0)
    for name, column, std in zip(column_names, values.T, stds):
        if not std > 1e-12 * max(1.0, abs(column[0])):
            raise ValueError(
                f"column {name!r} has the same value ({column[0]:g}) in every row: it tells "
                "nothing apart and cannot be standardised"
            )
    return (values - means) / stds, means, stds


def example_csv(points_per_class=40, classes=3, seed=0):
    """A small example file to try the upload with: the book's spiral, with a header row."""
    X, y = spiral(points_per_class, classes, rng=np.random.RandomState(seed))
    lines = ["x1,x2,label"]
    lines += [f"{x1:.4f},{x2:.4f},{label}" for (x1, x2), label in zip(X, y)]
    return "\n".join(lines) + "\n"


CSV_HELP = f"""\
A CSV file with one point per line, values separated by commas: **three columns** (feature 1,
feature 2, class label: whole numbers, 2 to {MAX_CLASSES} classes) for classification, or **two**
(feature, target) for regression. A header row with the column names is optional.
{MIN_ROWS} to {MAX_ROWS:,} rows, no empty cells, at most {MAX_CSV_BYTES / 1e6:.0f} MB."""
