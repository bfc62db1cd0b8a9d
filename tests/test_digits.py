"""The digits: the dataset, the drawing's way to 8 x 8, the run, the figures, the link, the
saved file, the CLI and the exported script. (The page itself: tests/test_digits_page.py.)"""

import io
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from sklearn.datasets import load_digits

from scratchnet import RunConfig, build_trainer, cli, save_run_bytes
from scratchnet.config import make_data
from scratchnet.datasets import digits, scale_digit_pixels
from scratchnet.drawing import drawing_to_digit
from tests.test_export import engine_lines
from tests.test_figures import validated
from ui.charts.drawing_canvas import GRID, grey_picture
from ui.figures.digits import (
    RIGHT_COLOR,
    WRONG_COLOR,
    confusion_figure,
    digit_strip_figure,
    drawing_input_figure,
    mosaic,
    probabilities_figure,
    weight_tiles_figure,
)
from ui.files.run_files import read_run_file
from ui.files.script_export import standalone_script
from ui.run.digits_run import DigitsRun, confusion_matrix
from ui.settings.digits_widgets import DIGITS_MODEL, link_query, read_link

# --- the dataset -------------------------------------------------------------------------------


def test_the_digits_are_sklearns_images_scaled_to_minus_one_one():
    X, y = digits(np.random.RandomState(0))
    raw = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.intp
    assert sorted(set(y.tolist())) == list(range(10))
    # As the book scales Fashion-MNIST's 0..255 with (x - 127.5) / 127.5: 0..16 -> [-1, 1].
    np.testing.assert_array_equal(X, ((raw.data - 8) / 8).astype(np.float32))
    assert X.min() == -1 and X.max() == 1
    np.testing.assert_array_equal(scale_digit_pixels([0, 8, 16]), [-1, 0, 1])


def test_loading_the_digits_draws_no_random_numbers():
    rng = np.random.RandomState(5)
    digits(rng, dtype=np.float64)
    assert rng.randint(1_000_000) == np.random.RandomState(5).randint(1_000_000)


@pytest.mark.parametrize("rng", [None, 0, np.random.default_rng(0)])
def test_the_digits_want_a_random_state(rng):
    with pytest.raises(ValueError, match="rng must be a numpy.random.RandomState"):
        digits(rng)


def split(seed, test_fraction=0.25):
    return make_data(RunConfig(dataset="digits", test_fraction=test_fraction, seed=seed))


def test_the_split_is_stratified_and_seeded():
    X, y, X_test, y_test, _ = split(seed=0)
    assert X.shape[1] == 64 and len(X) + len(X_test) == 1797
    _, all_labels = digits(np.random.RandomState(0))
    for digit in range(10):
        in_class = int((all_labels == digit).sum())
        assert (y_test == digit).sum() == round(0.25 * in_class)  # each digit in proportion
    again = split(seed=0)
    np.testing.assert_array_equal(again[2], X_test)  # same seed, same test images
    other = split(seed=1)
    assert not np.array_equal(other[2], X_test)  # another seed, another split
    assert RunConfig(dataset="digits").n_classes == 10


# --- the default run learns -----------------------------------------------------------------


@pytest.fixture(scope="module")
def trained_run():
    run = DigitsRun(replace(DIGITS_MODEL, epochs=30))
    assert run.train_chunk(100) == 30  # never past the epochs to train
    assert run.finished and not run.playing
    return run


def test_the_default_network_passes_95_percent_on_the_test_digits(trained_run):
    assert trained_run.latest()["test_accuracy"] >= 0.95
    # The test set is measured after every epoch: one point per epoch on the test curve.
    assert len(trained_run.trainer.test_history) == 30
    counts = confusion_matrix(
        trained_run.trainer.y_test, trained_run.test_probabilities().argmax(axis=1)
    )
    assert np.trace(counts) / counts.sum() >= 0.95


def test_a_drawn_one_is_read_as_a_one(trained_run):
    probabilities = trained_run.probabilities_of(drawing_to_digit(vertical_bar(column=20)))
    assert probabilities.shape == (10,)
    assert probabilities.sum() == pytest.approx(1, abs=1e-5)
    assert probabilities.argmax() == 1


def test_the_optimizer_changes_live_and_the_network_starts_over():
    run = DigitsRun(replace(DIGITS_MODEL, epochs=5))
    run.advance(2)
    assert run.update_config(replace(run.config)) == "unchanged"
    assert run.update_config(replace(run.config, learning_rate=0.01)) == "live"
    assert run.epoch == 2 and run.trainer.optimizer.learning_rate == 0.01
    assert run.update_config(replace(run.config, hidden_layers=(32,))) == "reset"
    assert run.epoch == 0 and run.first_layer_weights().shape == (64, 32)


def test_a_digits_run_refuses_another_dataset():
    with pytest.raises(ValueError, match="dataset='spiral'"):
        DigitsRun(RunConfig())


@pytest.mark.parametrize(
    ("y_true", "y_predicted", "expected_cells"),
    [
        ([0, 1, 2], [0, 1, 2], {(0, 0): 1, (1, 1): 1, (2, 2): 1}),
        ([3, 3, 3, 9], [3, 8, 8, 9], {(3, 3): 1, (3, 8): 2, (9, 9): 1}),
    ],
)
def test_the_confusion_matrix_counts_true_digit_by_answer(y_true, y_predicted, expected_cells):
    counts = confusion_matrix(y_true, y_predicted)
    expected = np.zeros((10, 10), dtype=int)
    for cell, count in expected_cells.items():
        expected[cell] = count
    np.testing.assert_array_equal(counts, expected)


# --- a drawing, the book's way to 8 x 8 ---------------------------------------------------------


def vertical_bar(column, size=64, width=5, top=8, bottom=56, ink=0.0, paper=255.0):
    """A grey picture: a vertical stroke of `width` from `column`, dark ink on white paper."""
    picture = np.full((size, size), paper)
    picture[top:bottom, column : column + width] = ink
    return picture


@pytest.mark.parametrize("column", [4, 20, 30, 50])
def test_a_vertical_bar_lands_in_the_middle_columns_wherever_it_is_drawn(column):
    pixels = drawing_to_digit(vertical_bar(column))
    assert pixels.shape == (8, 8)
    ink_per_column = pixels.sum(axis=0)
    assert set(np.flatnonzero(ink_per_column > 0)) <= {3, 4}
    assert ink_per_column[3] > 0
    assert (pixels[:, 3] > 0).all()  # from the top row to the bottom one: as tall as the box
    assert pixels.max() <= 16


def test_light_ink_on_dark_paper_reads_as_dark_ink_on_white():
    dark_on_white = drawing_to_digit(vertical_bar(30))
    light_on_dark = drawing_to_digit(vertical_bar(30, ink=255.0, paper=0.0))
    np.testing.assert_allclose(light_on_dark, dark_on_white)


def test_a_ring_stays_a_ring_and_a_blank_page_is_blank():
    rows, columns = np.mgrid[:64, :64]
    radius = np.hypot(rows - 32, columns - 32)
    ring = np.where((radius > 14) & (radius < 22), 0.0, 255.0)
    pixels = drawing_to_digit(ring)
    assert pixels[3:5, 3:5].max() < pixels[3:5, 1].min()  # hollow in the middle, ink round it
    np.testing.assert_array_equal(drawing_to_digit(np.full((64, 64), 255.0)), np.zeros((8, 8)))


@pytest.mark.parametrize(
    "picture", [np.zeros(64), np.zeros((4, 64)), np.full((64, 64), np.nan), np.zeros((2, 8, 8))]
)
def test_what_is_not_a_picture_is_refused(picture):
    with pytest.raises(ValueError, match="grey must be a 2-D picture"):
        drawing_to_digit(picture)


@pytest.mark.parametrize(
    ("pixels", "is_picture"),
    [
        ([255] * GRID * GRID, True),
        ([0.5] * GRID * GRID, True),
        (None, False),
        ([255] * 10, False),
        (["255"] * GRID * GRID, False),
        ([True] * GRID * GRID, False),
        ([300] * GRID * GRID, False),
        ([-1] * GRID * GRID, False),
        ("a string", False),
    ],
)
def test_the_canvas_state_is_checked_before_it_is_used(pixels, is_picture):
    picture = grey_picture(pixels)
    assert (picture is not None) == is_picture
    if is_picture:
        assert picture.shape == (GRID, GRID)


# --- the figures ---------------------------------------------------------------------------------


def test_a_mosaic_puts_tiles_in_rows_with_blank_lines_between():
    tiles = np.arange(3 * 64).reshape(3, 64)
    canvas = mosaic(tiles, columns=2)
    assert canvas.shape == (17, 17)
    np.testing.assert_array_equal(canvas[:8, :8], tiles[0].reshape(8, 8))
    np.testing.assert_array_equal(canvas[:8, 9:], tiles[1].reshape(8, 8))
    np.testing.assert_array_equal(canvas[9:, :8], tiles[2].reshape(8, 8))
    assert np.isnan(canvas[8]).all() and np.isnan(canvas[9:, 9:]).all()


def test_the_confusion_figure_shows_the_counts_true_digit_by_row():
    counts = np.diag(np.arange(10)) + np.eye(10, k=1, dtype=int)
    figure = validated(confusion_figure(counts))
    heatmap = figure.data[0]
    np.testing.assert_array_equal(np.array(heatmap.z), counts)
    assert heatmap.texttemplate == "%{z}"
    assert figure.layout.yaxis.autorange == "reversed"  # digit 0 on top


def test_the_weight_tiles_draw_one_tile_per_neuron_around_zero():
    weights = np.random.RandomState(0).randn(64, 16)
    figure = weight_tiles_figure(weights, columns=8)
    validated(figure)
    heatmap = figure["data"][0]
    assert heatmap["z"]["shape"] == "17,71"  # 2 rows of 8 tiles, blank lines between
    assert heatmap["zmin"] == -heatmap["zmax"] > -np.abs(weights).max()
    assert "16 neurons" in figure["layout"]["title"]["text"]


def test_the_strip_marks_the_wrong_answers():
    images = np.zeros((3, 64))
    probabilities = np.full((3, 10), 0.01)
    probabilities[[0, 1, 2], [7, 2, 5]] = 0.91
    figure = digit_strip_figure(images, [7, 3, 5], probabilities)
    validated(figure)
    texts = [annotation["text"] for annotation in figure["layout"]["annotations"]]
    colors = [annotation["font"]["color"] for annotation in figure["layout"]["annotations"]]
    assert texts == ["<b>7</b> 91%", "<b>2</b> 91% ✗3", "<b>5</b> 91%"]
    assert colors == [RIGHT_COLOR, WRONG_COLOR, RIGHT_COLOR]


def test_the_probabilities_figure_highlights_the_answer():
    probabilities = np.full(10, 0.05)
    probabilities[4] = 0.55
    figure = validated(probabilities_figure(probabilities))
    bars = figure.data[0]
    np.testing.assert_allclose(bars.y, probabilities)
    assert len(set(bars.marker.color)) == 2 and bars.marker.color[4] != bars.marker.color[0]
    assert "4 with 55%" in figure.layout.title.text
    validated(drawing_input_figure(np.arange(64).reshape(8, 8) / 4))
    nothing_drawn = validated(probabilities_figure(None))
    assert list(nothing_drawn.data[0].y) == [0] * 10
    assert nothing_drawn.layout.title.text == "Softmax"


# --- the link, the saved file, the CLI, the script ----------------------------------------------


def test_the_link_holds_what_differs_from_the_default_and_reads_back():
    config = replace(DIGITS_MODEL, hidden_layers=(128,), learning_rate=0.01, seed=3)
    query = link_query(config)
    assert query == {"hidden": "128", "lr": "0.01", "seed": "3"}
    values, problems = read_link(query)
    assert problems == [] and replace(DIGITS_MODEL, **values) == config
    assert link_query(DIGITS_MODEL) == {}


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"lr": "abc"}, "lr=`abc` is not a number"),
        ({"hidden": "64,32"}, "every hidden layer has the same size"),
        ({"hidden": "7"}, "every hidden layer has the same size"),
        ({"noise": "0.3"}, "`noise` is not a setting"),
        ({"seed": ["1", "2"]}, "given 2 times"),
    ],
)
def test_a_bad_link_parameter_is_ignored_and_explained(query, problem):
    values, problems = read_link(query)
    assert values == {}
    assert len(problems) == 1 and problem in problems[0]


def test_a_saved_digits_run_loads_for_the_digits_page_and_other_files_are_refused():
    run = DigitsRun(replace(DIGITS_MODEL, epochs=5))
    run.advance(2)
    loaded = read_run_file(save_run_bytes(run.trainer, run.config), "digits.npz")
    assert loaded.is_digits and loaded.config == run.config and loaded.epoch == 2
    np.testing.assert_array_equal(loaded.trainer.network.parameters()[0], run.first_layer_weights())
    spiral = build_trainer(RunConfig(epochs=5))
    assert not read_run_file(save_run_bytes(spiral, RunConfig(epochs=5))).is_digits
    with pytest.raises(ValueError, match="not a saved ScratchNet run: it is not an .npz file"):
        read_run_file(b"not a zip file")
    odd = replace(DIGITS_MODEL, hidden_layers=(64, 32))
    with pytest.raises(ValueError, match="the Digits page's controls cannot show"):
        read_run_file(save_run_bytes(build_trainer(odd), odd))


def test_the_command_line_trains_the_digits(capsys):
    status = cli.main(
        ["train", "--dataset", "digits", "--hidden", "64,64", "--optimizer", "adam",
         "--learning-rate", "0.005", "--decay", "1e-3", "--batch-size", "32",
         "--test-fraction", "0.25", "--epochs", "20", "--log-every", "10"]
    )  # fmt: skip
    output = capsys.readouterr().out
    assert status == 0
    assert "Epoch: 19, Accuracy: 0.9" in output
    last_test_accuracy = float(output.split("Test accuracy: ")[-1].split(",")[0])
    assert last_test_accuracy >= 0.95


def test_the_exported_script_trains_the_digits_as_the_engine_does():
    pytest.importorskip("nnfs")
    config = replace(DIGITS_MODEL, epochs=3, precision="nnfs")
    script = standalone_script(config, log_every=1)
    assert "from sklearn.datasets import load_digits" in script
    assert "pip install numpy nnfs scikit-learn" in script
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == engine_lines(config, log_every=1)


def test_the_scaled_digits_survive_a_round_trip_through_a_saved_file():
    run = DigitsRun(replace(DIGITS_MODEL, epochs=1))
    content = save_run_bytes(run.trainer, run.config)
    with np.load(io.BytesIO(content), allow_pickle=False) as archive:
        np.testing.assert_array_equal(archive["data/X"], run.trainer.X)
