"""Files a learner brings in: a saved run (.npz) to go on with, and their own data as CSV.

No Streamlit here. Bytes come in; arrays, a run, or a ValueError whose message says what is
wrong in plain words come out. The "Save & load" page shows those messages as they are, and
the handlers at the bottom (`load_run_into`, `train_on_uploaded_data`) change the session's
state only when everything worked: a bad file leaves the current run as it was.

Your own data
-------------
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
import dataclasses
import io
import math
import re
import zipfile
import zlib
from dataclasses import dataclass, replace

import numpy as np

from scratchnet import RunConfig, load_run
from scratchnet.config import make_data
from scratchnet.datasets import DEFAULT_NOISE, spiral, train_test_split
from ui.figures.style import FONT, class_color, figure_dict
from ui.run.playground_run import PlaygroundRun
from ui.settings import url_state

MAX_CSV_BYTES = 1_000_000  # 5,000 rows of three numbers take about 150 kB
MIN_ROWS = 10
MAX_ROWS = 5_000
MAX_CLASSES = 8  # the Playground's palette and its "Classes" slider stop at 8
MAX_ABS_VALUE = 1e9
MAX_RUN_FILE_BYTES = 5 * 2**20  # as server.maxUploadSize = 5 in .streamlit/config.toml
MAX_UNPACKED_BYTES = 64 * 2**20  # a saved run of the Playground unpacks to a few MB at most
MAX_ARCHIVE_ENTRIES = 1_000

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
# A plain decimal number: 12, -0.5, .5, 3., 1e-3, +2.5E+4 (no "nan", "inf", "1_000", "0x1F").
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
MISSING_MARKS = {"", "na", "n/a", "nan", "null", "none", "?", "-", "missing"}


# ---------------------------------------------------------------------------------------
# Your own data: CSV text -> arrays
# ---------------------------------------------------------------------------------------


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
    if not isinstance(content, (bytes, bytearray)):
        raise ValueError(f"expected the file's bytes. Received: {type(content).__name__}")
    if len(content) > MAX_CSV_BYTES:
        raise ValueError(
            f"the file is {len(content) / 1e6:.1f} MB; the limit is {MAX_CSV_BYTES / 1e6:.0f} MB "
            f"(at most {MAX_ROWS:,} rows)"
        )
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


def shortened(text, length=30):
    return text if len(text) <= length else text[: length - 1] + "…"


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


# ---------------------------------------------------------------------------------------
# Your own data -> a run
# ---------------------------------------------------------------------------------------


def config_for_uploaded_data(base_config, uploaded):
    """The run's settings for the learner's (classification) data: `base_config`'s network,
    optimizer and training settings, with the data's number of classes.

    The engine needs a dataset name: "spiral" stands in, but the arrays themselves are passed
    to build_trainer, so the stand-in's points are never drawn.
    """
    return replace(
        base_config,
        dataset="spiral",
        classes=uploaded.n_classes,
        noise=DEFAULT_NOISE["spiral"] if base_config.noise is None else base_config.noise,
    ).validate()


def training_data(uploaded, config):
    """(X, y, X_test, y_test) for a run on the uploaded data: the config's test share held
    out, class by class, with the same split generator as the built-in datasets."""
    split_generator = np.random.RandomState([config.seed, 1])
    return train_test_split(uploaded.X, uploaded.y, config.test_fraction, split_generator)


def run_on_uploaded_data(base_config, uploaded):
    """A new PlaygroundRun on the learner's data, at epoch 0. Raises ValueError if it cannot."""
    if uploaded.is_regression:
        raise ValueError(
            "the Playground draws decision regions over two inputs, so it trains classification "
            "data (two features and a label) for now; this file is regression data"
        )
    config = config_for_uploaded_data(base_config, uploaded)
    return PlaygroundRun(config, data=training_data(uploaded, config))


# ---------------------------------------------------------------------------------------
# A saved run (.npz) -> a run
# ---------------------------------------------------------------------------------------


@dataclass
class LoadedRun:
    """A run read from a file: the trainer at its epoch, its settings, and its own data
    (None when the data is the config's built-in dataset)."""

    file_name: str
    trainer: object
    config: RunConfig
    data: tuple | None

    @property
    def epoch(self):
        return self.trainer.epoch


def read_run_file(content, file_name="run.npz"):
    """A saved run's bytes -> LoadedRun, or ValueError saying why the file cannot be used.

    Checked before anything is unpacked: the size, the archive's table of contents (how much
    it would unpack to) and each array's header (no Python objects: they could run code).
    Then scratchnet's `load_run` reads it (allow_pickle=False) and checks it fits together.
    """
    if not isinstance(content, (bytes, bytearray)):
        raise ValueError(f"expected the file's bytes. Received: {type(content).__name__}")
    if len(content) > MAX_RUN_FILE_BYTES:
        raise ValueError(
            f"the file is {len(content) / 2**20:.1f} MB; a saved run is at most "
            f"{MAX_RUN_FILE_BYTES / 2**20:.0f} MB"
        )
    check_archive(bytes(content))
    try:
        trainer, config = load_run(io.BytesIO(bytes(content)))
    except ValueError:
        raise
    except Exception as error:  # a damaged file can fail in many ways; none may crash the page
        raise ValueError(f"this file is damaged ({type(error).__name__}: {error})") from None
    if trainer.X.shape[1] != 2 or config.is_regression:
        raise ValueError(
            f"this run has {trainer.X.shape[1]} input(s) ({config.dataset}); the Playground "
            "shows runs with two inputs (classification) only"
        )
    if config.noise is None:
        # "the dataset's usual noise", as the command line saves it: the same points, written
        # out as the number the Playground's Noise slider shows.
        config = replace(config, noise=DEFAULT_NOISE[config.dataset])
    config = settings_the_sidebar_can_show(config)
    return LoadedRun(file_name, trainer, config, own_data(trainer, config))


def settings_the_sidebar_can_show(config):
    """`config` as the Playground's sidebar can hold it, or ValueError naming each setting
    it cannot.

    Every setting of the Playground's run sits on a widget, and a widget holds only its own
    values: a slider of 10 to 1,000 points per class cannot show 5. A run saved by the command
    line (or a doctored file) can have such settings; loaded, it would break the page or be
    quietly changed. Settings the run does not use (momentum with Adam) are put back to their
    defaults, as the sidebar does.
    """
    config = url_state.fit_to_sidebar(config, {}, [])
    problems = []
    for setting in url_state.SETTING_LIST:
        value = getattr(config, setting.field)
        text = setting.rule.format(value)
        try:
            shown = setting.rule.parse(text)
        except ValueError as reason:
            problems.append(f"{setting.label} {shortened(text)} {reason}")
            continue
        if shown != value:
            problems.append(f"{setting.label} {value!r} is not a value the sidebar offers")
    in_the_sidebar = {setting.field for setting in url_state.SETTING_LIST}
    defaults = RunConfig()
    for field in dataclasses.fields(RunConfig):
        value = getattr(config, field.name)
        if field.name not in in_the_sidebar and value != getattr(defaults, field.name):
            problems.append(f"{field.name} {value!r} has no control in the Playground")
    if problems:
        raise ValueError(
            "the Playground's controls cannot show this run's settings: "
            + "; ".join(problems)
            + " (the command line trains any settings: python -m scratchnet train --help)"
        )
    return config


def check_archive(content):
    """Refuse what is not an .npz of plain numeric arrays of a sensible size, unread."""
    not_ours = "this is not a saved ScratchNet run"
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValueError(f"{not_ours}: it is not an .npz file (or it is truncated)") from None
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ValueError(f"{not_ours}: it holds {len(entries):,} entries")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValueError(
            f"the file would unpack to {unpacked / 2**20:,.0f} MB; a saved run of the Playground "
            f"unpacks to at most {MAX_UNPACKED_BYTES / 2**20:.0f} MB"
        )
    for entry in entries:
        shape, dtype = array_header(archive, entry, not_ours)
        if dtype.hasobject:
            raise ValueError(
                f"{not_ours}: {entry.filename!r} is an array of Python objects, which could run "
                "code when loaded; refused"
            )
        if dtype.kind not in "biuf":
            raise ValueError(f"{not_ours}: {entry.filename!r} holds {dtype} values, not numbers")
        if math.prod(shape) * dtype.itemsize > entry.file_size:
            raise ValueError(f"this file is truncated: {entry.filename!r} is shorter than it says")


def array_header(archive, entry, not_ours):
    """(shape, dtype) from an .npy entry's header, without reading its data."""
    if not entry.filename.endswith(".npy"):
        raise ValueError(f"{not_ours}: it holds {shortened(entry.filename)!r}, not an array")
    try:
        with archive.open(entry) as member:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(member)
            else:
                shape, _, dtype = np.lib.format.read_array_header_2_0(member)
    except (
        ValueError,
        EOFError,
        OSError,
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,  # an unsupported compression method
        RuntimeError,  # an encrypted entry
        SyntaxError,
        TypeError,
    ):
        raise ValueError(
            f"this file is damaged, or not a saved ScratchNet run: "
            f"{shortened(entry.filename)!r} cannot be read as an array"
        ) from None
    return shape, np.dtype(dtype)


def own_data(trainer, config):
    """The run's arrays if they are not the config's built-in dataset, else None.

    Compared only when the sizes agree, so a doctored config (samples=10**9) draws nothing.
    """
    data = (trainer.X, trainer.y, trainer.X_test, trainer.y_test)
    n_points = len(trainer.X) + (0 if trainer.X_test is None else len(trainer.X_test))
    if n_points == config.samples * config.n_classes:
        X, y, X_test, y_test, _ = make_data(config)
        drawn = (X, y, X_test if len(X_test) else None, y_test if len(y_test) else None)
        if all(same_array(saved, fresh) for saved, fresh in zip(data, drawn)):
            return None
    return data


def same_array(saved, fresh):
    if saved is None or fresh is None:
        return saved is None and fresh is None
    return saved.shape == fresh.shape and np.array_equal(saved, fresh)


# ---------------------------------------------------------------------------------------
# Handlers: change the session only when everything worked
# ---------------------------------------------------------------------------------------


def load_run_into(session_state, loaded):
    """Make `loaded` the session's run (the Playground goes on from its epoch)."""
    session_state["run"] = PlaygroundRun.from_trainer(loaded.trainer, loaded.config, loaded.data)
    session_state["files_load_message"] = (
        "success",
        f"Loaded {loaded.file_name}: the Playground now shows this run at epoch "
        f"{loaded.epoch:,}. Press Play there to go on training.",
    )


def train_on_uploaded_data(session_state, uploaded):
    """Start a new run on the learner's data, with the current run's network and optimizer."""
    current = session_state.get("run")
    base_config = current.config if current is not None else RunConfig()
    try:
        run = run_on_uploaded_data(base_config, uploaded)
    except ValueError as error:
        session_state["files_data_message"] = (
            "error",
            f"Could not start a run on your data: {error}. Nothing was changed.",
        )
        return
    session_state["uploaded_data"] = uploaded
    session_state["run"] = run
    session_state["files_data_message"] = (
        "success",
        f"A new run on your data ({uploaded.file_name}: {uploaded.n_rows:,} points, "
        f"{uploaded.n_classes} classes) is ready at epoch 0 in the Playground.",
    )


def keep_for_regression(session_state, uploaded):
    """Keep the learner's regression data for the Regression page (which offers to fit it)."""
    session_state["uploaded_data"] = uploaded
    session_state["files_data_message"] = (
        "success",
        f"Your data ({uploaded.file_name}: {uploaded.n_rows:,} points) is ready: on the "
        "Regression page, switch on 'Train on your uploaded data'.",
    )


def run_data_label(run):
    """What the run trains on, for the page: "your data", or the built-in dataset's name.

    A run on the learner's own points (a CSV file, or a saved run that had them) carries them
    in `run.data`; its config names a built-in dataset only because the engine needs one.
    """
    if getattr(run, "data", None) is not None:
        return "your data"
    return run.config.dataset


# ---------------------------------------------------------------------------------------
# The preview figure
# ---------------------------------------------------------------------------------------


def data_preview_figure(uploaded, height=420):
    """The uploaded points as the network will see them (standardised), one colour per class;
    for regression, the target against the feature."""
    traces = []
    if uploaded.is_regression:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": uploaded.X[:, 0],
                "y": uploaded.y[:, 0],
                "name": "points",
                "marker": {"color": class_color(0), "size": 9},
            }
        )
    else:
        for index, value in enumerate(uploaded.class_values):
            chosen = uploaded.y == index
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": uploaded.X[chosen, 0],
                    "y": uploaded.X[chosen, 1],
                    "name": f"class {index} (label {value})",
                    "marker": {
                        "color": class_color(index),
                        "size": 10,
                        "line": {"color": "white", "width": 1},
                    },
                }
            )
    x_title = f"{uploaded.column_names[0]} (standardised)"
    y_title = f"{uploaded.column_names[1]} (standardised)"
    layout = {
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 10, "b": 60},
        "font": FONT,
        "xaxis": {"title": {"text": x_title}, "zeroline": False, "gridcolor": "#E5E5E5"},
        "yaxis": {"title": {"text": y_title}, "zeroline": False, "gridcolor": "#E5E5E5"},
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
    }
    if not uploaded.is_regression:
        # Both axes in the same units (standard deviations): the picture keeps its shape.
        layout["yaxis"]["scaleanchor"] = "x"
        layout["xaxis"]["constrain"] = "domain"
    return figure_dict(traces, layout)


# ---------------------------------------------------------------------------------------
# What the page writes: small Markdown tables and summaries
# ---------------------------------------------------------------------------------------


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def preview_markdown(uploaded, count=8):
    """The file's first rows, as the file has them."""
    return markdown_table(uploaded.column_names, uploaded.preview_rows(count))


def classes_markdown(uploaded):
    """One row per class: its label in the file and its number of points."""
    rows = [
        [f"class {index}", value, f"{count:,}"]
        for index, (value, count) in enumerate(zip(uploaded.class_values, uploaded.class_counts()))
    ]
    return markdown_table(["class", "label in the file", "points"], rows)


def scaling_markdown(uploaded):
    """Each standardised column's mean and standard deviation in the file."""
    names = uploaded.column_names if uploaded.is_regression else uploaded.column_names[:-1]
    rows = [
        [name, f"{mean:.4g}", f"{std:.4g}"]
        for name, mean, std in zip(names, uploaded.means, uploaded.stds)
    ]
    return markdown_table(["column", "mean in the file", "standard deviation"], rows)


def run_summary(run):
    """One line about a run: its data, network, optimizer and epoch."""
    config = run.config
    trainer = run.trainer
    sizes = [trainer.X.shape[1], *config.hidden_layers, trainer.network.n_outputs]
    return (
        f"**{run_data_label(run)}** ({len(trainer.X):,} training points), network "
        f"{'-'.join(map(str, sizes))} ({config.activation}), {config.optimizer} at learning "
        f"rate {config.learning_rate:g}, epoch **{trainer.epoch:,}** of {config.epochs:,}"
    )


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

REGRESSION_NOTE = (
    "This is regression data (one feature, one number to predict): the Regression page fits "
    "it. (The Playground draws decision regions over two inputs, so it trains classification "
    "data: two feature columns and a class label.)"
)


def uploaded_summary(uploaded):
    """What was read: how many points, which columns, the header."""
    header = (
        "with a header row"
        if uploaded.has_header
        else f"no header row, so the columns are called {', '.join(uploaded.column_names)}"
    )
    if uploaded.is_regression:
        what = "regression: one feature, one target"
    else:
        what = f"{uploaded.n_classes} classes"
    return f"{uploaded.file_name}: {uploaded.n_rows:,} points, {what} ({header})."


def loaded_summary(loaded):
    """One line about a run read from a file."""
    config = loaded.config
    sizes = [loaded.trainer.X.shape[1], *config.hidden_layers, loaded.trainer.network.n_outputs]
    data = "your data" if loaded.data is not None else config.dataset
    return (
        f"**{data}**, network {'-'.join(map(str, sizes))} ({config.activation}), "
        f"{config.optimizer} at learning rate {config.learning_rate:g}, trained to epoch "
        f"**{loaded.epoch:,}** of {config.epochs:,}"
    )


def script_note(config):
    """What the script's printed numbers match, for this run's precision."""
    if config.precision == "nnfs":
        return (
            "The book's code with NumPy and nnfs only. With book-exact numbers on, it prints "
            "exactly the numbers of this run, on any computer."
        )
    return (
        "The book's code with NumPy and nnfs only. In float32, as here, it prints this run's "
        "numbers exactly on this server; another computer can round float32 products "
        "differently and drift after many epochs. Tick **Book-exact numbers** in the "
        "Playground for numbers that are the same everywhere."
    )
