"""Hostile and broken files: whatever bytes a learner uploads, the answer is a ValueError with a
reason, never another exception, never unpickled code, never a run the page cannot draw.

Two doors take files: `ui.files.csv_data.parse_csv` (your own data) and
`ui.files.run_files.read_run_file` (a saved run, which calls `scratchnet.load_run`). Each test
below feeds them damaged copies of real files, or files doctored one value at a time, and checks
the answer's type and message.
"""

import io
import json
import re
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import tomllib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scratchnet import RunConfig, build_trainer, load_run, save_run_bytes
from ui.files import csv_data, run_files
from ui.run.playground_run import PlaygroundRun

ROOT = Path(__file__).resolve().parents[1]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOOD_CONFIG = RunConfig(samples=10, hidden_layers=(8,), optimizer="adam", learning_rate=0.05)


def saved_run(config=GOOD_CONFIG, epochs=3):
    trainer = build_trainer(config)
    trainer.step(epochs)
    return save_run_bytes(trainer, config)


GOOD_RUN = saved_run()
GOOD_CSV = csv_data.example_csv(points_per_class=10).encode()


def arrays_of(content):
    with np.load(io.BytesIO(content), allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def npz_bytes(arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


GOOD_ARRAYS = arrays_of(GOOD_RUN)
GOOD_META = json.loads(GOOD_ARRAYS["meta.json"].tobytes())


def with_meta(meta):
    arrays = dict(GOOD_ARRAYS)
    arrays["meta.json"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    return npz_bytes(arrays)


def read_or_refuse(content):
    """read_run_file's answer: a LoadedRun, or the ValueError's message. Anything else fails."""
    try:
        return run_files.read_run_file(content, "doctored.npz")
    except ValueError as error:
        assert str(error), "a refusal must say why"
        return str(error)


def assert_usable(loaded):
    """A run that was accepted must work in the Playground: one step, then its numbers."""
    run = PlaygroundRun.from_trainer(loaded.trainer, loaded.config, loaded.data)
    run.advance(1)
    assert run.message is None or run.message[0] in ("error", "info")
    run.latest()
    run.grid_probabilities()


# --- the upload caps -----------------------------------------------------------------------


def test_the_server_caps_uploads_and_the_parsers_cap_what_they_read():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    upload_cap_mb = config["server"]["maxUploadSize"]
    assert 1 <= upload_cap_mb <= 10
    assert upload_cap_mb * 2**20 >= run_files.MAX_RUN_FILE_BYTES
    assert upload_cap_mb * 2**20 >= csv_data.MAX_CSV_BYTES


@pytest.mark.parametrize(
    ("parse", "limit", "message"),
    [
        (csv_data.parse_csv, csv_data.MAX_CSV_BYTES, "the limit is"),
        (run_files.read_run_file, run_files.MAX_RUN_FILE_BYTES, "a saved run is at most"),
    ],
    ids=["csv", "run"],
)
def test_a_file_over_the_cap_is_refused_unread(parse, limit, message):
    with pytest.raises(ValueError, match=message):
        parse(b"1,2,0\n" * (limit // 6 + 1))


def test_every_np_load_in_the_app_refuses_pickles():
    """No code outside tests may call np.load without allow_pickle=False."""
    calls = []
    for path in ROOT.glob("**/*.py"):
        if "tests" in path.relative_to(ROOT).parts or ".venv" in path.parts:
            continue
        for line in path.read_text().splitlines():
            if re.search(r"\bnp\.load\(|numpy\.load\(|pickle\.loads?\(", line):
                calls.append((path.name, line.strip()))
    assert calls, "load_run reads .npz files with np.load: the search must find it"
    for name, line in calls:
        assert "allow_pickle=False" in line, f"{name}: {line}"


# --- CSV files -----------------------------------------------------------------------------


@FAST
@given(cut=st.integers(0, len(GOOD_CSV)))
def test_a_truncated_csv_file_is_read_or_refused_with_a_reason(cut):
    try:
        uploaded = csv_data.parse_csv(GOOD_CSV[:cut])
    except ValueError as error:
        assert str(error)
    else:
        assert uploaded.n_rows >= csv_data.MIN_ROWS
        assert np.all(np.isfinite(uploaded.X))


@FAST
@given(data=st.data())
def test_a_csv_file_with_a_corrupted_cell_is_read_or_refused_with_a_reason(data):
    lines = GOOD_CSV.decode().splitlines()
    row = data.draw(st.integers(1, len(lines) - 1))
    cells = lines[row].split(",")
    column = data.draw(st.integers(0, len(cells) - 1))
    cells[column] = data.draw(
        st.one_of(
            st.sampled_from(["nan", "inf", "-inf", "1e999", "1e308", "", "NaN", "0x1F", "1,5"]),
            st.text(max_size=12),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
        )
    )
    lines[row] = ",".join(cells)
    try:
        uploaded = csv_data.parse_csv("\n".join(lines).encode())
    except ValueError as error:
        assert str(error)
    else:
        assert np.all(np.isfinite(uploaded.X)) and np.all(np.isfinite(uploaded.features))


# --- saved runs: damaged bytes ---------------------------------------------------------------


@FAST
@given(cut=st.integers(0, len(GOOD_RUN) - 1))
def test_a_truncated_run_file_is_refused_with_a_reason(cut):
    assert isinstance(read_or_refuse(GOOD_RUN[:cut]), str)


def test_a_run_file_that_needs_a_newer_zip_version_is_refused_with_a_reason():
    """Found by the test below (CI, 2026-12-07): one flipped byte made the archive say it needs
    zip version 6.4 to be read, and Python's zipfile raised NotImplementedError (a traceback)."""
    content = bytearray(GOOD_RUN)
    directory = content.index(b"PK\x01\x02")  # the first entry of the central directory
    content[directory + 6] = 64  # "version needed to extract": 6.4
    assert "not a saved ScratchNet run" in read_or_refuse(bytes(content))
    with pytest.raises(ValueError, match="not a ScratchNet run file"):
        load_run(io.BytesIO(bytes(content)))


@FAST
@given(data=st.data())
def test_a_run_file_with_flipped_bytes_is_read_or_refused_with_a_reason(data):
    content = bytearray(GOOD_RUN)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    answer = read_or_refuse(bytes(content))
    if not isinstance(answer, str):
        assert_usable(answer)


@FAST
@given(content=st.binary(max_size=2000))
def test_load_run_raises_only_value_error_on_any_bytes(content):
    with pytest.raises(ValueError):
        load_run(io.BytesIO(content))


# --- saved runs: doctored values -------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=8,
)
CONFIG_KEYS = sorted(GOOD_META["config"])
STATE_PATHS = [("state", key) for key in sorted(GOOD_META["state"])]
STATE_PATHS += [("state", "history", "stride"), ("state", "history", "max_points")]
STATE_PATHS += [("state", "rng", index) for index in range(4)]
META_PATHS = [("config", key) for key in CONFIG_KEYS] + STATE_PATHS
META_PATHS += [("format",), ("version",), ("config",), ("state",)]


def doctored(path, value):
    meta = json.loads(json.dumps(GOOD_META))
    place = meta
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    return meta


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(META_PATHS), value=JSON_VALUES)
def test_any_value_anywhere_in_the_json_is_used_or_refused_with_a_reason(path, value):
    content = with_meta(doctored(path, value))
    try:
        load_run(io.BytesIO(content))
    except ValueError as error:
        assert str(error)
    answer = read_or_refuse(content)
    if not isinstance(answer, str):
        assert_usable(answer)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("state", "epoch"), float("inf"), "cannot convert float infinity"),
        (("state", "optimizer_iterations"), float("inf"), "cannot convert float infinity"),
        (("state", "history", "stride"), float("inf"), "stride must be a whole number"),
        (("state", "history", "max_points"), 10**12, "max_points must be a whole number"),
        (("state", "optimizer_current_learning_rate"), float("nan"), "must be a finite number"),
        (("config", "hidden_layers"), [10**9], "parameter 0 must have shape"),
        (("config", "seed"), 2**40, "seed must be at most"),
    ],
    ids=["inf-epoch", "inf-iterations", "inf-stride", "huge-history", "nan-rate", "huge-layer",
         "huge-seed"],
)  # fmt: skip
def test_doctored_numbers_are_refused_by_load_run_with_a_value_error(path, value, message):
    with pytest.raises(ValueError, match=message):
        load_run(io.BytesIO(with_meta(doctored(path, value))))


# --- saved runs: meta.json bounded before it is parsed ------------------------------------------


def with_meta_text(text, compressed=True):
    arrays = dict(GOOD_ARRAYS)
    arrays["meta.json"] = np.frombuffer(text.encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    return buffer.getvalue()


def test_a_small_file_whose_json_holds_millions_of_objects_is_refused_unparsed():
    """The probe of issue 15: 15 million empty objects in one extra key, 53 kB compressed,
    made the server allocate 1.2 GB and hold the GIL 2.2 s. Refused from the archive's table
    of contents: almost nothing is allocated."""
    amplified = json.dumps(GOOD_META)[:-1] + ', "x": [' + ",".join(["{}"] * 15_000_000) + "]}"
    content = with_meta_text(amplified)
    assert len(content) < 100_000
    tracemalloc.start()
    try:
        answer = read_or_refuse(content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "meta.json unpacks to 45,000" in answer
    assert peak < 5 * 2**20, f"{peak / 2**20:.0f} MB allocated to refuse it"


@pytest.mark.parametrize(
    ("meta_text", "message"),
    [
        ('{"format": "scratchnet-run", "x": ' + "[" * 20 + "]" * 20 + "}", "nests 21 levels"),
        ('["' + "[" * 5000 + '"]', "format tag"),  # brackets inside a string do not nest
        ("[" * 10_000, "nests 10000 levels"),
        (json.dumps({**GOOD_META, "comment": 1}), "meta.json holds keys a saved run never has"),
        (json.dumps({**GOOD_META, "version": "1" * 10**4}), "version '11111111111"),
    ],
    ids=["deep", "brackets-in-a-string", "deeper", "unknown-key", "long-version"],
)
def test_meta_json_is_checked_for_depth_and_keys_and_quoted_briefly(meta_text, message):
    answer = read_or_refuse(with_meta_text(meta_text))
    assert message in answer
    assert len(answer) < 300


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("state", "notes"), "state holds keys a saved run never has: 'notes'"),
        (("state", "history", "extra"), "state history holds keys a saved run never has"),
        (("state", "test_history", "extra"), "state test_history holds keys"),
        (("config", "extra"), "unknown settings: extra"),
    ],
)
def test_a_key_a_saved_run_never_has_is_refused_naming_it(path, message):
    answer = read_or_refuse(with_meta(doctored(path, 0)))
    assert message in answer


def test_a_file_that_is_one_npy_array_is_not_a_run():
    buffer = io.BytesIO()
    np.save(buffer, np.arange(3))
    with pytest.raises(ValueError, match="not an .npz archive"):
        load_run(io.BytesIO(buffer.getvalue()))


ARRAY_VALUES = {
    "nan weights": ("parameter/0", np.full((2, 8), np.nan, np.float32), "NaN or infinite"),
    "inf optimizer memory": ("optimizer/momentums/0", np.full((2, 8), np.inf), "NaN or infinite"),
    "points as a list": ("data/X", np.zeros(30), "table of points"),
    "nan points": ("data/X", np.full((30, 2), np.nan), "finite numbers only"),
    "labels as floats": ("data/y", np.zeros(30), "integer class labels"),
    "label out of range": ("data/y", np.full(30, 7), "labels must be in"),
    "wrong weight shape": ("parameter/2", np.zeros((8, 4)), "must have shape"),
    "history of another run": ("history/train", np.zeros((3, 2)), "could not broadcast"),
}


@pytest.mark.parametrize(("name", "value", "message"), ARRAY_VALUES.values(), ids=ARRAY_VALUES)
def test_a_doctored_array_is_refused_with_a_reason(name, value, message):
    assert name in GOOD_ARRAYS, "the table must doctor entries the good file really has"
    content = npz_bytes({**GOOD_ARRAYS, name: value})
    with pytest.raises(ValueError, match=message):
        load_run(io.BytesIO(content))
    assert message in read_or_refuse(content)


@FAST
@given(
    name=st.sampled_from(sorted(GOOD_ARRAYS)),
    shape=st.lists(st.integers(0, 40), max_size=3).map(tuple),
    dtype=st.sampled_from(["float32", "float64", "int64", "uint8", "bool", "int8"]),
)
def test_an_array_of_any_shape_and_type_is_used_or_refused_with_a_reason(name, shape, dtype):
    content = npz_bytes({**GOOD_ARRAYS, name: np.ones(shape, dtype=dtype)})
    answer = read_or_refuse(content)
    if not isinstance(answer, str):
        assert_usable(answer)


def npy_header_only(shape, dtype="<f8"):
    """An .npy entry whose header claims `shape` but which holds no data at all."""
    header = {"descr": dtype, "fortran_order": False, "shape": shape}
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue()


@pytest.mark.parametrize("shape", [(10**9, 10**9), (2**62,), (10**6, 10**6, 10**6)])
def test_huge_dimensions_in_a_header_are_refused_before_anything_is_allocated(shape):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, array in GOOD_ARRAYS.items():
            entry = npy_header_only(shape) if name == "parameter/0" else npz_entry(array)
            archive.writestr(f"{name}.npy", entry)
    assert "truncated" in read_or_refuse(buffer.getvalue())


def npz_entry(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


# --- object arrays: refused, never unpickled -------------------------------------------------

UNPICKLED = []  # Payload.__reduce__ appends to it if pickle ever runs it


class Payload:
    def __reduce__(self):
        return (UNPICKLED.append, ("this ran while loading",))


@FAST
@given(name=st.sampled_from([*sorted(GOOD_ARRAYS), "extra"]), copies=st.integers(1, 3))
def test_an_object_array_anywhere_is_refused_and_never_unpickled(name, copies):
    arrays = {**GOOD_ARRAYS, name: np.array([Payload()] * copies, dtype=object)}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # np.savez pickles object arrays: that is the attack
    content = buffer.getvalue()
    assert "Python objects" in read_or_refuse(content)
    with pytest.raises(ValueError):
        load_run(io.BytesIO(content))
    assert UNPICKLED == []


# --- runs the Playground's sidebar cannot show ------------------------------------------------

UNSHOWABLE = {
    "5 points per class": (RunConfig(samples=5, hidden_layers=(8,)), "Points per class"),
    "9 classes": (RunConfig(samples=10, classes=9, hidden_layers=(8,)), "Classes"),
    "300 neurons": (RunConfig(samples=10, hidden_layers=(300,)), "Hidden layers"),
    "5 hidden layers": (RunConfig(samples=10, hidden_layers=(4,) * 5), "Hidden layers"),
    "test share 0.7": (RunConfig(samples=10, hidden_layers=(8,), test_fraction=0.7), "Test share"),
    "noise 3": (RunConfig(samples=10, hidden_layers=(8,), noise=3.0), "Noise"),
    "momentum 0.995": (RunConfig(samples=10, hidden_layers=(8,), momentum=0.995), "Momentum"),
    "dropout 0.9": (RunConfig(samples=10, hidden_layers=(8,), dropout=0.9), "Dropout"),
    "learning rate 0.7": (RunConfig(samples=10, hidden_layers=(8,), learning_rate=0.7),
                          "Learning rate"),
    "batch of 100": (RunConfig(samples=10, hidden_layers=(8,), batch_size=100), "Batch size"),
    "2,000,000 epochs": (RunConfig(samples=10, hidden_layers=(8,), epochs=2_000_000),
                         "Epochs to train"),
    "float64": (RunConfig(samples=10, hidden_layers=(8,), precision="float64"),
                "Book-exact numbers"),
    "L2 on biases": (RunConfig(samples=10, hidden_layers=(8,), bias_regularizer_l2=0.1),
                     "bias_regularizer_l2"),
}  # fmt: skip


@pytest.mark.parametrize(("config", "setting"), UNSHOWABLE.values(), ids=UNSHOWABLE)
def test_a_run_with_settings_the_sidebar_cannot_show_is_refused_naming_them(config, setting):
    """Such a run (the command line saves them) broke the Playground page, or was quietly
    reset to epoch 0 by the sidebar's values."""
    answer = read_or_refuse(saved_run(config, epochs=2))
    assert isinstance(answer, str) and "cannot show this run's settings" in answer
    assert setting in answer


def test_settings_a_run_does_not_use_are_put_back_as_the_sidebar_does():
    config = RunConfig(dataset="xor", classes=5, samples=10, hidden_layers=(8,),
                       optimizer="adam", learning_rate=0.05, momentum=0.5)  # fmt: skip
    loaded = run_files.read_run_file(saved_run(config, epochs=2))
    assert loaded.config.classes == 2 and loaded.config.momentum == 0.0
    assert loaded.epoch == 2
