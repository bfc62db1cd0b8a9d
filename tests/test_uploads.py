"""ui/files/csv_data.py and run_files.py: the learner's CSV data and saved run files, read or
refused with a reason; ui/files/into_session.py: what they change in the session.

Whatever bytes come in, the only exception is ValueError (the page shows its message); the
handlers change the session's state only when everything worked.
"""

import io
import json
import zipfile

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scratchnet import RunConfig, build_trainer, save_run_bytes
from ui.figures.uploads import data_preview_figure
from ui.files import csv_data, into_session, run_files
from ui.run.playground_run import PlaygroundRun
from ui.views.files import run_data_label


def csv_bytes(rows, header=None, delimiter=","):
    lines = [delimiter.join(header)] if header else []
    lines += [delimiter.join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def classification_rows(n=30, classes=3, seed=0):
    rng = np.random.RandomState(seed)
    return [[f"{rng.randn():.4f}", f"{rng.randn():.4f}", index % classes] for index in range(n)]


# --- reading good files -----------------------------------------------------------------------


def test_a_classification_file_becomes_standardised_features_and_class_indices():
    rows = [[1.0, 10.0, 5], [2.0, 20.0, 7], [3.0, 30.0, 5], [4.0, 40.0, 9]] * 3
    uploaded = csv_data.parse_csv(csv_bytes(rows, ["height", "weight", "kind"]), "animals.csv")
    file_values = np.array(rows, dtype=float)
    assert uploaded.kind == "classification" and uploaded.has_header
    assert uploaded.column_names == ["height", "weight", "kind"]
    np.testing.assert_array_equal(uploaded.features, file_values[:, :2])
    # Labels 5, 7, 9 are classes 0, 1, 2, in increasing order.
    assert uploaded.class_values == [5, 7, 9]
    np.testing.assert_array_equal(uploaded.y, [0, 1, 0, 2] * 3)
    np.testing.assert_array_equal(uploaded.class_counts(), [6, 3, 3])
    np.testing.assert_allclose(uploaded.means, file_values[:, :2].mean(axis=0))
    np.testing.assert_allclose(uploaded.stds, file_values[:, :2].std(axis=0))
    np.testing.assert_allclose(uploaded.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(uploaded.X.std(axis=0), 1)


@pytest.mark.parametrize(
    ("delimiter", "header"),
    [(",", None), (";", None), ("\t", None), (",", ["a", "b", "c"]), (";", ["x", "y", "z"])],
)
def test_commas_semicolons_tabs_with_or_without_a_header(delimiter, header):
    rows = classification_rows()
    uploaded = csv_data.parse_csv(csv_bytes(rows, header, delimiter))
    assert uploaded.has_header == (header is not None)
    assert uploaded.column_names == (header or ["x1", "x2", "label"])
    np.testing.assert_array_equal(uploaded.features, np.array(rows, dtype=float)[:, :2])


def test_spaces_a_byte_order_mark_windows_line_ends_and_blank_lines_are_fine():
    text = "\ufeffx1, x2, label\r\n" + "".join(
        f" {index}.5 ,{index % 4}, {index % 2} \r\n\r\n" for index in range(12)
    )
    uploaded = csv_data.parse_csv(text.encode("utf-8"))
    assert uploaded.n_rows == 12 and uploaded.column_names == ["x1", "x2", "label"]


def test_a_two_column_file_is_regression_with_its_target_standardised_too():
    rows = [[index / 10, 3 * index + 1] for index in range(20)]
    uploaded = csv_data.parse_csv(csv_bytes(rows, ["x", "price"]))
    assert uploaded.is_regression and uploaded.class_values == []
    assert uploaded.X.shape == (20, 1) and uploaded.y.shape == (20, 1)
    np.testing.assert_allclose(uploaded.y.std(), 1)
    np.testing.assert_allclose(uploaded.means, np.array(rows).mean(axis=0))


def test_labels_written_as_whole_floats_are_accepted():
    rows = [[index, index % 3, f"{index % 2}.0"] for index in range(12)]
    assert csv_data.parse_csv(csv_bytes(rows)).class_values == [0, 1]


# --- refusing bad files, one line per case ---------------------------------------------------

GOOD = classification_rows()


def rows_with(row_index, cell_index, value, rows=GOOD):
    changed = [list(row) for row in rows]
    changed[row_index][cell_index] = value
    return changed


BAD_FILES = {
    "too big": (b"1,2,0\n" * 200_000, "limit is 1 MB"),
    "empty": (b"", "empty"),
    "blank lines only": (b"\n \n\n", "empty"),
    "binary": (bytes(range(256)) * 4, "not a text file"),
    "NUL bytes": (b"1,2,0\x00\n" * 20, "not a text file"),
    "one column": (b"1\n2\n" * 10, "wrong number of columns"),
    "four columns": (csv_bytes([[1, 2, 3, 0]] * 20), "wrong number of columns"),
    "a short row": (csv_bytes(GOOD[:5] + [[1, 2]] + GOOD[5:]), "line 6 has 2 values"),
    "non-numeric cell": (csv_bytes(rows_with(3, 1, "abc")), "'abc' at line 4, column 'x2'"),
    "decimal comma": (csv_bytes(rows_with(2, 0, "1,5"), delimiter=";"), "not a number"),
    "empty cell": (csv_bytes(rows_with(4, 0, "")), "missing value at line 5"),
    "NA": (csv_bytes(rows_with(4, 2, "NA")), "missing value at line 5, column 'label'"),
    "nan": (csv_bytes(rows_with(1, 1, "nan")), "missing value"),
    "infinity": (csv_bytes(rows_with(1, 1, "inf")), "not a number"),
    "huge value": (csv_bytes(rows_with(1, 1, "1e300")), "too large"),
    "single class": (csv_bytes([[i, i % 5, 3] for i in range(20)]), "same label (3)"),
    "nine classes": (csv_bytes([[i, i % 5, i % 9] for i in range(30)]), "too many classes: 9"),
    "fractional label": (csv_bytes(rows_with(0, 2, "1.5")), "must be whole numbers"),
    "too few rows": (csv_bytes(GOOD[:9]), "too few rows: 9"),
    "header only": (b"x1,x2,label\n", "too few rows: 0"),
    "too many rows": (csv_bytes([[i, i % 7, i % 2] for i in range(5001)]), "too many rows"),
    "constant feature": (csv_bytes([[2.5, i, i % 2] for i in range(20)]), "same value (2.5)"),
    "constant target": (csv_bytes([[i, 4] for i in range(20)]), "same value (4)"),
    "unclosed quote": (b'1,2,0\n"3,4,1\n' * 10, "not a number"),
}


@pytest.mark.parametrize(("content", "message"), BAD_FILES.values(), ids=list(BAD_FILES))
def test_a_bad_csv_file_is_refused_with_a_clear_reason(content, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        csv_data.parse_csv(content)


def test_anything_but_bytes_is_refused():
    with pytest.raises(ValueError, match="bytes"):
        csv_data.parse_csv("1,2,0\n")


# --- property-based: arbitrary input, and valid files round-trip ------------------------------

CELLS = st.sampled_from(
    ["1", "-2.5", "3e4", ".5", "", " ", "nan", "NA", "x", '"', '"1,2"', "1e999", "0", "7"]
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_nothing_but_a_value_error(content):
    try:
        csv_data.parse_csv(content)
    except ValueError as error:
        assert str(error)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_text_raises_nothing_but_a_value_error(text):
    try:
        csv_data.parse_csv(text.encode("utf-8"))
    except ValueError as error:
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=25),
    st.sampled_from([",", ";", "\t"]),
)
def test_csv_like_text_raises_nothing_but_a_value_error(rows, delimiter):
    try:
        uploaded = csv_data.parse_csv(csv_bytes(rows, delimiter=delimiter))
    except ValueError as error:
        assert str(error)
    else:
        assert np.all(np.isfinite(uploaded.X))


@st.composite
def classification_files(draw):
    """A valid file: (bytes, features, labels) with 2-8 distinct whole-number labels."""
    n_rows = draw(st.integers(csv_data.MIN_ROWS, 60))
    n_classes = draw(st.integers(2, csv_data.MAX_CLASSES))
    label_values = draw(
        st.lists(st.integers(-1000, 1000), min_size=n_classes, max_size=n_classes, unique=True)
    )
    labels = label_values + draw(
        st.lists(st.sampled_from(label_values), min_size=n_rows, max_size=n_rows)
    )
    labels = labels[: max(n_rows, n_classes)]
    features = draw(
        arrays(
            np.float64,
            (len(labels), 2),
            elements=st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
        )
    )
    assume(np.all(np.ptp(features, axis=0) > 1e-3))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = ["first", "second", "class"] if draw(st.booleans()) else None
    rows = [[repr(float(a)), repr(float(b)), label] for (a, b), label in zip(features, labels)]
    return csv_bytes(rows, header, delimiter), features, np.array(labels)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(classification_files())
def test_a_valid_generated_file_round_trips_to_the_right_arrays(file):
    content, features, labels = file
    uploaded = csv_data.parse_csv(content)
    np.testing.assert_array_equal(uploaded.features, features)
    assert uploaded.class_values == sorted(set(labels.tolist()))
    np.testing.assert_array_equal(np.array(uploaded.class_values)[uploaded.y], labels)
    np.testing.assert_array_equal(uploaded.X, (features - features.mean(0)) / features.std(0))


@settings(max_examples=100, deadline=None)
@given(
    arrays(
        np.float64,
        st.integers(csv_data.MIN_ROWS, 50).map(lambda n: (n, 2)),
        elements=st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    )
)
def test_a_valid_regression_file_round_trips(values):
    assume(np.all(np.ptp(values, axis=0) > 1e-3))
    uploaded = csv_data.parse_csv(csv_bytes([[repr(a), repr(b)] for a, b in values.tolist()]))
    np.testing.assert_array_equal(uploaded.features[:, 0], values[:, 0])
    np.testing.assert_array_equal(uploaded.targets, values[:, 1])


# --- training on the uploaded data -----------------------------------------------------------


def uploaded_example():
    return csv_data.parse_csv(csv_data.example_csv().encode(), "spiral.csv")


def test_a_run_on_uploaded_data_trains_on_exactly_those_points():
    uploaded = uploaded_example()
    base = RunConfig(test_fraction=0.25, hidden_layers=(16,), optimizer="adam")
    run = into_session.run_on_uploaded_data(base, uploaded)
    assert run.config.classes == uploaded.n_classes == 3
    assert run.config.hidden_layers == (16,) and run.config.optimizer == "adam"
    X, y, X_test, y_test = run.data
    assert len(X) + len(X_test) == uploaded.n_rows and len(X_test) == 30
    all_points = np.concatenate([run.trainer.X, run.trainer.X_test])
    np.testing.assert_array_equal(
        np.sort(all_points, axis=0), np.sort(uploaded.X.astype(np.float32), axis=0)
    )
    run.train(5)
    run.reset()  # back to epoch 0: still the learner's points
    assert run.epoch == 0
    np.testing.assert_array_equal(run.trainer.X, X.astype(np.float32))
    assert run_data_label(run) == "your data"


def test_regression_data_is_not_started_in_the_playground():
    uploaded = csv_data.parse_csv(csv_bytes([[i, i * i] for i in range(20)]))
    with pytest.raises(ValueError, match="classification"):
        into_session.run_on_uploaded_data(RunConfig(), uploaded)


def test_train_on_uploaded_data_replaces_the_run_and_remembers_the_data():
    old_run = PlaygroundRun(RunConfig(epochs=10))
    session = {"run": old_run}
    into_session.train_on_uploaded_data(session, uploaded_example())
    assert session["run"] is not old_run and session["run"].data is not None
    assert session["uploaded_data"].file_name == "spiral.csv"
    assert session["files_data_message"][0] == "success"


def test_a_run_that_cannot_start_changes_nothing():
    # Two points of class 1 and a test share of 0.9: both would go to the test set.
    rows = [[i, i % 7, 0] for i in range(20)] + [[1.5, 2.5, 1], [2.5, 1.5, 1]]
    uploaded = csv_data.parse_csv(csv_bytes(rows))
    old_run = PlaygroundRun(RunConfig(epochs=10, test_fraction=0.5))
    old_run.config.test_fraction = 0.9  # (the sidebar stops at 0.5; RunConfig allows 0.9)
    session = {"run": old_run}
    into_session.train_on_uploaded_data(session, uploaded)
    assert session["run"] is old_run and "uploaded_data" not in session
    kind, text = session["files_data_message"]
    assert kind == "error" and "test_fraction" in text and "Nothing was changed" in text


def test_the_preview_figure_is_valid_plotly():
    for uploaded in [
        uploaded_example(),
        csv_data.parse_csv(csv_bytes([[i, i % 5] for i in range(20)])),
    ]:
        figure = go.Figure(
            data_preview_figure(
                uploaded.X, uploaded.y, uploaded.column_names, uploaded.class_values
            )
        )
        assert len(figure.data) == max(uploaded.n_classes, 1)


# --- saved runs ------------------------------------------------------------------------------


def saved_run(config=None, epochs=20, data=None):
    config = config or RunConfig(epochs=100, test_fraction=0.2, hidden_layers=(8,), noise=0.2)
    trainer = build_trainer(config, data=data)
    trainer.step(epochs)
    return trainer, config, save_run_bytes(trainer, config)


def test_a_saved_run_loads_at_its_epoch_with_its_weights():
    trainer, config, content = saved_run()
    loaded = run_files.read_run_file(content, "mine.npz")
    assert loaded.epoch == 20 and loaded.config == config and loaded.data is None
    for ours, theirs in zip(loaded.trainer.network.parameters(), trainer.network.parameters()):
        np.testing.assert_array_equal(ours, theirs)
    session = {"run": PlaygroundRun(RunConfig())}
    into_session.load_run_into(session, loaded)
    run = session["run"]
    assert run.epoch == 20 and run.timeline.epochs == [0, 20]
    # It goes on training exactly as the original run does...
    run.train(5)
    trainer.step(5)
    np.testing.assert_array_equal(
        run.trainer.network.parameters()[0], trainer.network.parameters()[0]
    )
    # ...on a copy: the file's run, kept by the page (read once per upload), stays at epoch 20.
    assert loaded.epoch == 20
    assert session["files_load_message"][0] == "success"


def test_a_saved_run_on_the_learners_own_data_keeps_that_data():
    uploaded = uploaded_example()
    config = into_session.config_for_uploaded_data(RunConfig(epochs=50), uploaded)
    data = into_session.training_data(uploaded, config)
    _, _, content = saved_run(config, data=data)
    loaded = run_files.read_run_file(content)
    assert loaded.data is not None
    run = PlaygroundRun.from_trainer(loaded.trainer, loaded.config, loaded.data)
    run.reset()
    np.testing.assert_array_equal(run.trainer.X, data[0].astype(np.float32))


def test_a_run_saved_by_the_command_line_gets_its_noise_written_out():
    config = RunConfig(epochs=100)  # noise=None: the dataset's usual noise
    _, _, content = saved_run(config)
    loaded = run_files.read_run_file(content)
    assert loaded.config.noise == 0.2 and loaded.data is None


def npz_bytes(**arrays_by_name):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays_by_name)
    return buffer.getvalue()


def doctored_run(change):
    """A valid run file whose meta.json was changed by change(meta)."""
    _, _, content = saved_run()
    with np.load(io.BytesIO(content)) as archive:
        arrays_by_name = {name: archive[name] for name in archive.files}
    meta = json.loads(arrays_by_name["meta.json"].tobytes())
    change(meta)
    arrays_by_name["meta.json"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    return npz_bytes(**arrays_by_name)


def zip_with(name, content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def bomb():
    """7 kB on disk, 64 MB unpacked."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, zeros=np.zeros(64 * 2**20 + 1, dtype=np.uint8))
    return buffer.getvalue()


_, _, GOOD_RUN = saved_run()
BAD_RUN_FILES = {
    "random bytes": (bytes(range(256)) * 10, "not an .npz file"),
    "a CSV file": (csv_data.example_csv().encode(), "not an .npz file"),
    "truncated": (GOOD_RUN[: len(GOOD_RUN) // 2], "not an .npz file"),
    "truncated at the end": (GOOD_RUN[:-30], "not an .npz file"),
    "too big": (b"PK" + bytes(6 * 2**20), "at most 5 MB"),
    "object array": (npz_bytes(x=np.array([{"a": 1}], dtype=object)), "Python objects"),
    "text array": (npz_bytes(x=np.array(["hello"])), "not numbers"),
    "not an array inside": (zip_with("script.py", "import os"), "not an array"),
    "unpacks too big": (bomb(), "unpack to 64 MB"),
    "someone else's npz": (npz_bytes(weights=np.ones((2, 3))), "no meta.json"),
    "wrong shape": (
        doctored_run(lambda meta: meta["config"].update(hidden_layers=[9])),
        "parameter 0 must have shape",
    ),
    "huge network in the settings": (
        doctored_run(lambda meta: meta["config"].update(hidden_layers=[10**9])),
        "must have shape",
    ),
    "not our format": (doctored_run(lambda meta: meta.update(format="other")), "format tag"),
    "regression run": (
        saved_run(RunConfig(dataset="sine", samples=50, epochs=10), epochs=2)[2],
        "two inputs",
    ),
}


@pytest.mark.parametrize(("content", "message"), BAD_RUN_FILES.values(), ids=list(BAD_RUN_FILES))
def test_a_bad_run_file_is_refused_and_changes_nothing(content, message):
    with pytest.raises(ValueError, match=message):
        run_files.read_run_file(content)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_damaged_run_file_raises_nothing_but_a_value_error(data):
    content = bytearray(GOOD_RUN)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    end = data.draw(st.integers(1, len(content)))
    try:
        run_files.read_run_file(bytes(content[:end]))
    except ValueError as error:
        assert str(error)
