"""Save a run to one `.npz` file and load it back: arrays as arrays, everything else as JSON.

Nothing is pickled: files are read with `allow_pickle=False`, so opening a file from someone
else cannot run code. A file that is not ours, or damaged, raises ValueError with a reason.
"""

import io
import json
import os
import reprlib
import zipfile
import zlib

import numpy as np

from .config import RunConfig, build_trainer
from .history import History
from .trainer import TEST_COLUMNS

FORMAT = "scratchnet-run"
VERSION = 1
MAX_ARRAY_ELEMENTS = 50_000_000  # no run of ours comes near this
MAX_HISTORY_POINTS = 100_000  # a history keeps 4,096 rows; a file may not ask for millions
# meta.json, the file's settings and counters, is under 1 kB and nests 3 deep ({"state":
# {"history": {...}}}). Anything much bigger or deeper is not ours, and is refused before
# json.loads: 45 MB of "[{},{},...]" (53 kB compressed) would become 15 million dicts, 1.2 GB.
MAX_META_BYTES = 16 * 1024
MAX_META_DEPTH = 5
NPY_MAX_HEADER = 10_000  # numpy's own cap on an .npy header (np.load's max_header_size)
# The keys meta.json may hold, level by level; any other key is refused.
META_KEYS = {"format", "version", "config", "state"}
STATE_KEYS = {
    "epoch",
    "optimizer_iterations",
    "optimizer_current_learning_rate",
    "rng",
    "history",
    "test_history",
}
HISTORY_KEYS = {"stride", "max_points"}


def save_run(file, trainer, config):
    """Write the complete state of a run (config, data, weights, optimizer memory, random
    generator, history) to `file`, a path or a binary file object."""
    arrays, state = trainer.snapshot()
    arrays["history/train"], state["history"] = trainer.history.state()
    arrays["history/test"], state["test_history"] = trainer.test_history.state()
    arrays["data/X"], arrays["data/y"] = trainer.X, trainer.y
    if trainer.X_test is not None:
        arrays["data/X_test"], arrays["data/y_test"] = trainer.X_test, trainer.y_test
    meta = {"format": FORMAT, "version": VERSION, "config": config.to_dict(), "state": state}
    arrays["meta.json"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    if isinstance(file, (str, os.PathLike)):
        # Given a name, np.savez would add ".npz" to it when missing: write the name as given.
        with open(file, "wb") as opened:
            np.savez_compressed(opened, **arrays)
    else:
        np.savez_compressed(file, **arrays)


def save_run_bytes(trainer, config):
    """The saved file's content, for a download button."""
    buffer = io.BytesIO()
    save_run(buffer, trainer, config)
    return buffer.getvalue()


def load_run(file):
    """Read a file written by `save_run`: returns (trainer, config), ready to go on training.

    Raises ValueError, saying why, for anything that is not a complete, consistent run file.
    """
    arrays = read_arrays(file)
    if "meta.json" not in arrays:
        raise ValueError("not a ScratchNet run file: it has no meta.json entry")
    for name, array in arrays.items():
        if array.size > MAX_ARRAY_ELEMENTS or array.dtype.kind not in "biuf":
            raise ValueError(f"not a ScratchNet run file: unexpected array {name!r}")
    meta = read_meta(arrays.pop("meta.json"))
    try:
        config = RunConfig.from_dict(meta["config"])
        state = meta["state"]
        data = (
            arrays["data/X"],
            arrays["data/y"],
            arrays.get("data/X_test"),
            arrays.get("data/y_test"),
        )
        check_keys(meta["state"], STATE_KEYS, "state")
        for key in ("history", "test_history"):
            check_keys(meta["state"][key], HISTORY_KEYS, f"state {key}")
        check_parameter_shapes(config, arrays)
        check_finite(arrays, state)
        check_history_sizes(state)
        if "rng" not in state:  # a saved run always holds its random generator's state
            raise ValueError("it holds no random generator state")
        trainer = build_trainer(config, data=data)
        trainer.restore(arrays, state)
        trainer.history = History.from_state(
            trainer.history.columns, arrays["history/train"], state["history"]
        )
        trainer.test_history = History.from_state(
            TEST_COLUMNS, arrays["history/test"], state["test_history"]
        )
    except (KeyError, TypeError, IndexError, ValueError, OverflowError, MemoryError) as error:
        raise ValueError(f"this run file is damaged or incomplete: {error}") from None
    return trainer, config


def read_arrays(file):
    """{name: array} of an .npz file, its meta.json's size checked before it is unpacked."""
    not_an_archive = "not a ScratchNet run file: it is not an .npz archive"
    # (NotImplementedError: a zip feature or version Python cannot read, e.g. a damaged byte
    # that says version 6.4 is needed)
    unreadable = (
        OSError,
        ValueError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        NotImplementedError,
    )
    try:
        archive = np.load(file, allow_pickle=False)
    except unreadable:
        raise ValueError(not_an_archive) from None
    if not isinstance(archive, np.lib.npyio.NpzFile):  # a single .npy array
        raise ValueError(not_an_archive)
    with archive:
        check_meta_entry_size(archive)
        try:
            return {name: archive[name] for name in archive.files}
        except unreadable:
            raise ValueError(not_an_archive) from None


def check_meta_entry_size(archive):
    """Refuse a meta.json entry too big to be ours from the archive's table of contents,
    before it is unpacked (an .npy header adds at most NPY_MAX_HEADER bytes to the text)."""
    if "meta.json" not in archive.files:
        return
    unpacked = archive.zip.getinfo("meta.json.npy").file_size
    if unpacked > MAX_META_BYTES + NPY_MAX_HEADER:
        raise ValueError(
            f"not a ScratchNet run file: meta.json unpacks to {unpacked:,} bytes; ours are under "
            f"{MAX_META_BYTES:,}"
        )


def read_meta(array):
    """meta.json's bytes -> its dict, checked: bounded before it is parsed, ours after.

    Its size and nesting depth are checked on the text, so a file built to make json.loads
    allocate millions of objects is refused before it can; then its keys, one level down.
    """
    if array.size > MAX_META_BYTES:
        raise ValueError(
            f"not a ScratchNet run file: meta.json is {array.size:,} bytes; ours are under "
            f"{MAX_META_BYTES:,}"
        )
    try:
        text = array.tobytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(
            "not a ScratchNet run file: meta.json is not JSON (not UTF-8 text)"
        ) from None
    depth = json_depth(text)
    if depth > MAX_META_DEPTH:
        raise ValueError(
            f"not a ScratchNet run file: meta.json nests {depth} levels deep; ours nest "
            f"{MAX_META_DEPTH} at most"
        )
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not a ScratchNet run file: meta.json is not JSON ({error})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError("not a ScratchNet run file: its format tag is missing or different")
    if meta.get("version") != VERSION:
        version = reprlib.repr(meta.get("version"))  # reprlib: a long string is cut
        raise ValueError(f"this run file has version {version}; we read {VERSION}")
    check_keys(meta, META_KEYS, "meta.json")
    return meta


def json_depth(text):
    """How deep the JSON `text` nests its objects and arrays, counted without parsing it:
    '{"a": [1, {}]}' is 3 deep. Brackets inside strings do not count."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def check_keys(mapping, known, where):
    """`mapping` must be a dict whose keys are all in `known`: a file with more is not ours."""
    if not isinstance(mapping, dict):
        raise ValueError(f"{where} must be a JSON object. Received: {reprlib.repr(mapping)}")
    unknown = sorted(str(key) for key in set(mapping) - known)
    if unknown:
        names = ", ".join(reprlib.repr(key) for key in unknown[:3])
        more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        raise ValueError(f"{where} holds keys a saved run never has: {names}{more}")


def check_parameter_shapes(config, arrays):
    """The config must describe the network whose parameters the file holds.

    Checked before the network is built: a doctored config (hidden_layers=[10**9]) must not
    make us draw billions of initial weights.
    """
    n_outputs = config.n_outputs
    if arrays["data/X"].ndim != 2:
        raise ValueError(
            f"data/X must be a table of points, (samples, features). "
            f"Received: shape {arrays['data/X'].shape}"
        )
    sizes = [arrays["data/X"].shape[1], *config.hidden_layers, n_outputs]
    for layer, (n_inputs, n_neurons) in enumerate(zip(sizes[:-1], sizes[1:])):
        for index, shape in [(2 * layer, (n_inputs, n_neurons)), (2 * layer + 1, (1, n_neurons))]:
            saved_shape = arrays[f"parameter/{index}"].shape
            if saved_shape != shape:
                raise ValueError(
                    f"parameter {index} must have shape {shape}. Received: {saved_shape}"
                )


def check_finite(arrays, state):
    """Weights, optimizer memory and learning rate must be finite numbers.

    A run is saved only between good epochs (a diverged step is undone), so NaN or infinity
    here means a damaged or doctored file; loaded, it could only ever diverge.
    """
    for name, array in arrays.items():
        is_state = name.startswith(("parameter/", "optimizer/"))
        if is_state and array.dtype.kind == "f" and not np.all(np.isfinite(array)):
            raise ValueError(f"{name} holds NaN or infinite values")
    learning_rate = state["optimizer_current_learning_rate"]
    if not isinstance(learning_rate, (int, float)) or not np.isfinite(learning_rate):
        raise ValueError(f"the learning rate must be a finite number. Received: {learning_rate!r}")


def check_history_sizes(state):
    """A history's size and stride must be whole numbers of a sensible size."""
    for key in ("history", "test_history"):
        max_points = state[key]["max_points"]
        if not isinstance(max_points, int) or not 2 <= max_points <= MAX_HISTORY_POINTS:
            raise ValueError(
                f"{key} max_points must be a whole number from 2 to {MAX_HISTORY_POINTS:,}. "
                f"Received: {max_points!r}"
            )
        stride = state[key]["stride"]
        if not isinstance(stride, int) or stride < 1:
            raise ValueError(f"{key} stride must be a whole number >= 1. Received: {stride!r}")
