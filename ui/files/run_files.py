"""A saved run (.npz) brought back: the file's bytes in; a LoadedRun out, or a ValueError.

No Streamlit here. The file is checked before anything is unpacked (its size, what it would
unpack to, each array's header), then read by scratchnet's `load_run`, then its settings are
checked against what the page that will show it can show: the Digits page for a run on the
digits, the Playground's sidebar for the others. The only exception is ValueError, whose
message says in plain words why the file cannot be used: the "Save & load" page shows it as it is.
"""

import dataclasses
import io
import math
import zipfile
import zlib
from dataclasses import dataclass, replace

import numpy as np

from scratchnet import RunConfig, load_run
from scratchnet.config import make_data
from scratchnet.datasets import DEFAULT_NOISE
from ui.files.checks import check_bytes
from ui.plain_text import shortened
from ui.settings import digits_widgets, url_state

MAX_RUN_FILE_BYTES = 5 * 2**20  # as server.maxUploadSize = 5 in .streamlit/config.toml
MAX_UNPACKED_BYTES = 64 * 2**20  # a saved run of the Playground unpacks to a few MB at most
MAX_ARCHIVE_ENTRIES = 1_000


@dataclass
class LoadedRun:
    """A run read from a file: the trainer at its epoch, its settings, and its own data
    (None when the data is the config's built-in dataset). A run on the digits goes to the
    Digits page, any other to the Playground."""

    file_name: str
    trainer: object
    config: RunConfig
    data: tuple | None

    @property
    def epoch(self):
        return self.trainer.epoch

    @property
    def is_digits(self):
        return self.config.dataset == "digits"


def read_run_file(content, file_name="run.npz"):
    """A saved run's bytes -> LoadedRun, or ValueError saying why the file cannot be used.

    Checked before anything is unpacked: the size, the archive's table of contents (how much
    it would unpack to) and each array's header (no Python objects: they could run code).
    Then scratchnet's `load_run` reads it (allow_pickle=False) and checks it fits together.
    """
    trainer, config = load_checked_run(content)
    if config.dataset == "digits":
        return LoadedRun(file_name, trainer, settings_the_digits_page_can_show(config), None)
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


def load_checked_run(content):
    """A saved run's bytes -> (trainer, config), any run (the Digits page's too), or ValueError.

    The size, the archive's table of contents and each array's header are checked before
    anything is unpacked; then scratchnet's `load_run` reads it (allow_pickle=False).
    """
    limit_text = f"a saved run is at most {MAX_RUN_FILE_BYTES / 2**20:.0f} MB"
    check_bytes(content, MAX_RUN_FILE_BYTES, 2**20, limit_text)
    check_archive(bytes(content))
    try:
        return load_run(io.BytesIO(bytes(content)))
    except ValueError:
        raise
    except Exception as error:  # a damaged file can fail in many ways; none may crash the page
        raise ValueError(f"this file is damaged ({type(error).__name__}: {error})") from None


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


def settings_the_digits_page_can_show(config):
    """`config` (a run on the digits) if the Digits page's controls can show it, else
    ValueError: every hidden layer of one size the page offers, and no setting it has no
    control for."""
    values, problems = digits_widgets.read_link(digits_widgets.link_query(config))
    if problems or replace(digits_widgets.DIGITS_MODEL, **values) != config:
        raise ValueError(
            "the Digits page's controls cannot show this run's settings (the command line "
            "trains any settings: python -m scratchnet train --help)"
        )
    return config


def check_archive(content):
    """Refuse what is not an .npz of plain numeric arrays of a sensible size, unread."""
    not_ours = "this is not a saved ScratchNet run"
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    # (NotImplementedError: a zip feature or version Python cannot read, e.g. a damaged byte
    # that says version 6.4 is needed)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
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
