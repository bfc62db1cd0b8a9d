"""save_run / load_run: a loaded run goes on exactly like the original; bad files are refused.

Refused means: ValueError with a reason, and nothing unpickled (a file from someone else must
not be able to run code when opened).
"""

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from scratchnet.config import RunConfig, build_trainer
from scratchnet.saving import MAX_ARRAY_ELEMENTS, load_run, save_run, save_run_bytes

RUNS = [
    pytest.param(RunConfig(samples=30, hidden_layers=(8,), momentum=0.9), id="sgd-momentum"),
    pytest.param(
        RunConfig(
            samples=30,
            hidden_layers=(8, 8),
            optimizer="adam",
            learning_rate=0.05,
            decay=1e-3,
            test_fraction=0.2,
        ),
        id="adam-decay-test-split",
    ),
    pytest.param(
        RunConfig(
            samples=10,
            hidden_layers=(8,),
            optimizer="rmsprop",
            learning_rate=0.02,
            batch_size=8,
            dropout=0.3,
            weight_regularizer_l2=5e-4,
            bias_regularizer_l1=1e-4,
        ),
        id="minibatch-dropout-regularizers",
    ),
    pytest.param(
        RunConfig(dataset="sine", samples=50, hidden_layers=(8, 8), optimizer="adagrad"),
        id="regression",
    ),
    pytest.param(
        RunConfig(samples=10, hidden_layers=(4,), precision="nnfs", momentum=0.5), id="nnfs"
    ),
]

TRAIN_FIELDS = ["epoch", "data_loss", "regularization_loss", "accuracy", "learning_rate"]


def assert_same_run(trainer, other):
    """Same data, epoch, parameters, optimizer memory and counters, RNG, histories."""
    assert trainer.epoch == other.epoch
    assert np.array_equal(trainer.X, other.X)
    assert np.array_equal(trainer.y, other.y)
    assert (trainer.X_test is None) == (other.X_test is None)
    if trainer.X_test is not None:
        assert np.array_equal(trainer.X_test, other.X_test)
        assert np.array_equal(trainer.y_test, other.y_test)
    assert trainer.network.config() == other.network.config()
    for a, b in zip(trainer.network.parameters(), other.network.parameters(), strict=True):
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)
    assert trainer.optimizer.config() == other.optimizer.config()
    assert trainer.optimizer.iterations == other.optimizer.iterations
    assert trainer.optimizer.current_learning_rate == other.optimizer.current_learning_rate
    assert trainer.optimizer.slots.keys() == other.optimizer.slots.keys()
    for name, arrays in trainer.optimizer.slots.items():
        for index, array in arrays.items():
            assert np.array_equal(array, other.optimizer.slots[name][index])
    state, other_state = trainer.rng.get_state(), other.rng.get_state()
    assert np.array_equal(state[1], other_state[1])
    assert state[2:] == other_state[2:]
    for history, other_history in [
        (trainer.history, other.history),
        (trainer.test_history, other.test_history),
    ]:
        rows, meta = history.state()
        other_rows, other_meta = other_history.state()
        assert np.array_equal(rows, other_rows)
        assert meta == other_meta


def save_and_load(trainer, config, medium, tmp_path):
    if medium == "bytes":
        return load_run(io.BytesIO(save_run_bytes(trainer, config)))
    path = tmp_path / "run.scratchnet"  # any name: it is written and read as given
    save_run(path, trainer, config)
    return load_run(path)


@pytest.mark.parametrize("medium", ["bytes", "file"])
@pytest.mark.parametrize("config", RUNS)
def test_a_loaded_run_goes_on_exactly_like_the_original(config, medium, tmp_path):
    original = build_trainer(config)
    original.step(30)

    loaded, loaded_config = save_and_load(original, config, medium, tmp_path)

    assert loaded_config == config
    assert_same_run(loaded, original)
    original_result, loaded_result = original.step(50), loaded.step(50)
    for field in TRAIN_FIELDS:
        assert np.array_equal(getattr(loaded_result, field), getattr(original_result, field))
    assert np.array_equal(loaded_result.gradient_norms, original_result.gradient_norms)
    assert loaded_result.test_loss == original_result.test_loss
    assert_same_run(loaded, original)


def test_a_new_run_saves_and_loads_before_any_training():
    config = RunConfig(samples=10, hidden_layers=(4,), optimizer="adam")
    original = build_trainer(config)

    loaded, _ = load_run(io.BytesIO(save_run_bytes(original, config)))

    assert_same_run(loaded, original)
    assert np.array_equal(loaded.step(5).data_loss, original.step(5).data_loss)


def test_save_run_writes_the_path_it_is_given(tmp_path):
    config = RunConfig(samples=10, hidden_layers=(4,))
    path = tmp_path / "no_extension"

    save_run(path, build_trainer(config), config)

    assert [p.name for p in tmp_path.iterdir()] == ["no_extension"]
    assert load_run(str(path))[1] == config


# ---------------------------------------------------------------------------------------
# Bad files: ValueError with a reason
# ---------------------------------------------------------------------------------------

GOOD_CONFIG = RunConfig(samples=10, hidden_layers=(8,), optimizer="adam", learning_rate=0.05)


@pytest.fixture(scope="module")
def good_file():
    trainer = build_trainer(GOOD_CONFIG)
    trainer.step(5)
    return save_run_bytes(trainer, GOOD_CONFIG)


def entries(data):
    with np.load(io.BytesIO(data)) as archive:
        return {name: archive[name] for name in archive.files}


def npz_bytes(arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def meta_entry(meta):
    return np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)


def with_meta(change):
    """A bad file: the good one with `change(meta)` applied to its meta.json."""

    def make(data):
        arrays = entries(data)
        meta = json.loads(arrays["meta.json"].tobytes())
        change(meta)
        arrays["meta.json"] = meta_entry(meta)
        return npz_bytes(arrays)

    return make


def with_arrays(change):
    """A bad file: the good one with `change(arrays)` applied to its arrays."""

    def make(data):
        arrays = entries(data)
        change(arrays)
        return npz_bytes(arrays)

    return make


def flip_a_byte_inside(entry_name):
    """A bad file: one byte of `entry_name`'s compressed data inverted (a damaged download)."""

    def make(data):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(entry_name)
        local_header_size = 30 + len(info.filename.encode()) + len(info.extra)
        position = info.header_offset + local_header_size + info.compress_size // 2
        damaged = bytearray(data)
        damaged[position] ^= 0xFF
        return bytes(damaged)

    return make


def set_config(name, value):
    def change(meta):
        meta["config"][name] = value

    return change


def set_in(path, value):
    def change(meta):
        target = meta
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def delete_meta(key):
    def change(meta):
        del meta[key]

    return change


def replace_array(name, value):
    def change(arrays):
        arrays[name] = value

    return change


def delete_array(name):
    def change(arrays):
        del arrays[name]

    return change


NOT_OURS = "not a ScratchNet run file"
DAMAGED = "this run file is damaged or incomplete"

# (how the bad file is made from the good one, the text the error must contain)
BAD_FILES = [
    pytest.param(lambda data: b"", NOT_OURS, id="empty"),
    pytest.param(lambda data: np.random.RandomState(0).bytes(2000), NOT_OURS, id="random-bytes"),
    pytest.param(
        lambda data: b"PK\x03\x04" + np.random.RandomState(1).bytes(2000),
        NOT_OURS,
        id="zip-magic-then-garbage",
    ),
    pytest.param(lambda data: data[: len(data) // 2], NOT_OURS, id="truncated-half"),
    pytest.param(lambda data: data[:-1], NOT_OURS, id="truncated-last-byte"),
    pytest.param(flip_a_byte_inside("data/X.npy"), NOT_OURS, id="damaged-data"),
    pytest.param(flip_a_byte_inside("parameter/0.npy"), NOT_OURS, id="damaged-parameter"),
    pytest.param(flip_a_byte_inside("meta.json.npy"), NOT_OURS, id="damaged-meta"),
    pytest.param(lambda data: npz_bytes({"x": np.zeros(3)}), "no meta.json", id="plain-npz"),
    pytest.param(
        with_arrays(replace_array("meta.json", np.frombuffer(b"\xff\xfe{", np.uint8))),
        "meta.json is not JSON",
        id="meta-not-utf8",
    ),
    pytest.param(
        with_arrays(replace_array("meta.json", np.frombuffer(b"{'format':", np.uint8))),
        "meta.json is not JSON",
        id="meta-not-json",
    ),
    pytest.param(
        with_arrays(replace_array("meta.json", np.frombuffer(b"[" * 100_000, np.uint8))),
        "not a ScratchNet run file: meta.json",
        id="meta-nested-too-deep",
    ),
    pytest.param(
        with_arrays(replace_array("meta.json", meta_entry(["scratchnet-run", 1]))),
        "format tag",
        id="meta-a-list",
    ),
    pytest.param(with_meta(set_in(["format"], "keras-model")), "format tag", id="other-format"),
    pytest.param(with_meta(delete_meta("format")), "format tag", id="no-format-tag"),
    pytest.param(with_meta(set_in(["version"], 2)), "version 2", id="version-2"),
    pytest.param(with_meta(set_in(["version"], "1")), "version '1'", id="version-text"),
    pytest.param(with_meta(delete_meta("version")), "version None", id="no-version"),
    pytest.param(with_meta(delete_meta("config")), DAMAGED, id="no-config"),
    pytest.param(with_meta(delete_meta("state")), DAMAGED, id="no-state"),
    pytest.param(
        with_meta(set_config("x" * 100_000, 1)), "meta.json unpacks to", id="huge-unknown-setting"
    ),
    pytest.param(with_meta(set_config("learning_rate", -1)), "learning_rate=-1", id="bad-lr"),
    pytest.param(
        with_meta(set_config("hidden_layers", "64")), "hidden_layers needs", id="layers-text"
    ),
    # A doctored config must not make the loader draw a huge network's weights first.
    pytest.param(
        with_meta(set_config("hidden_layers", [10**12])),
        "parameter 0 must have shape (2, 1000000000000)",
        id="huge-hidden-layer",
    ),
    pytest.param(
        with_meta(set_config("hidden_layers", [8, 10**9])),
        "parameter 2 must have shape (8, 1000000000)",
        id="huge-second-layer",
    ),
    pytest.param(
        with_meta(set_config("classes", 10**15)),
        "parameter 2 must have shape (8, 1000000000000000)",
        id="huge-classes",
    ),
    pytest.param(
        with_meta(set_in(["state", "history", "max_points"], 10**15)),
        DAMAGED,
        id="huge-history",
    ),
    pytest.param(with_meta(set_in(["state", "rng"], ["MT19937", 0])), DAMAGED, id="bad-rng"),
    pytest.param(with_meta(delete_meta("state")), DAMAGED, id="no-epoch"),
    pytest.param(
        with_arrays(replace_array("parameter/0", np.zeros((3, 8), np.float32))),
        "parameter 0 must have shape (2, 8). Received: (3, 8)",
        id="parameter-wrong-shape",
    ),
    pytest.param(
        with_arrays(replace_array("parameter/3", np.zeros((1, 4), np.float32))),
        "parameter 3 must have shape (1, 3). Received: (1, 4)",
        id="bias-wrong-shape",
    ),
    pytest.param(with_arrays(delete_array("parameter/1")), DAMAGED, id="parameter-missing"),
    pytest.param(
        with_arrays(replace_array("optimizer/momentums/0", np.zeros((5, 5), np.float32))),
        "optimizer state optimizer/momentums/0 has the wrong shape",
        id="optimizer-memory-wrong-shape",
    ),
    pytest.param(with_arrays(delete_array("data/X")), DAMAGED, id="no-data"),
    pytest.param(
        with_meta(lambda meta: meta["state"].pop("rng")), "no random generator", id="no-rng"
    ),
    pytest.param(
        with_arrays(replace_array("data/y", np.full(30, 7))), "labels must be in [0, 2]", id="bad-y"
    ),
    pytest.param(
        with_arrays(replace_array("data/X", np.full((30, 2), np.nan, np.float32))),
        "NaN or infinity",
        id="nan-X",
    ),
    pytest.param(
        with_arrays(replace_array("data/X", np.array([["a", "b"]] * 30))),
        "unexpected array 'data/X'",
        id="text-array",
    ),
    pytest.param(
        with_arrays(replace_array("junk", np.zeros(MAX_ARRAY_ELEMENTS + 1, np.uint8))),
        "unexpected array 'junk'",
        id="array-too-big",
    ),
]


@pytest.mark.parametrize(("make_bad_file", "message"), BAD_FILES)
def test_a_bad_file_raises_value_error_with_a_reason(good_file, make_bad_file, message):
    bad_file = make_bad_file(good_file)

    with pytest.raises(ValueError, match=re.escape(message)):
        load_run(io.BytesIO(bad_file))


def test_the_good_file_behind_the_bad_ones_loads(good_file):
    """The bad files are the good one spoilt: it is the spoiling that is refused."""
    trainer, config = load_run(io.BytesIO(npz_bytes(entries(good_file))))

    assert config == GOOD_CONFIG
    assert trainer.epoch == 5


def test_a_missing_file_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match=NOT_OURS):
        load_run(tmp_path / "nothing_here.npz")


# ---------------------------------------------------------------------------------------
# Pickles are never loaded
# ---------------------------------------------------------------------------------------


def record_unpickling(marker_path):
    """What the hostile payload runs when unpickled: it leaves a file behind."""
    Path(marker_path).write_text("unpickled")
    return "payload"


class Payload:
    def __init__(self, marker_path):
        self.marker_path = str(marker_path)

    def __reduce__(self):
        return record_unpickling, (self.marker_path,)


def test_an_object_array_is_refused_and_never_unpickled(good_file, tmp_path):
    marker = tmp_path / "unpickled.txt"
    arrays = entries(good_file)
    arrays["data/X"] = np.array([Payload(marker)], dtype=object)
    hostile = tmp_path / "hostile.npz"
    np.savez(hostile, **arrays)  # object arrays are pickled inside the .npy

    with pytest.raises(ValueError, match=NOT_OURS):
        load_run(hostile)
    assert not marker.exists()

    # the payload is live: loading the file the unsafe way does run it
    with np.load(hostile, allow_pickle=True) as archive:
        archive["data/X"]
    assert marker.read_text() == "unpickled"


def test_a_pickle_file_is_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "unpickled.txt"
    hostile = tmp_path / "hostile.npy"
    np.save(hostile, np.array([Payload(marker)], dtype=object), allow_pickle=True)

    with pytest.raises(ValueError, match=NOT_OURS):
        load_run(hostile)
    assert not marker.exists()

    np.load(hostile, allow_pickle=True)  # the payload is live
    assert marker.read_text() == "unpickled"
