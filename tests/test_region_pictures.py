"""The films the browser plays: codes, colours, clips of pictures and of curves, and the
pictures a playing run or group of runs takes (ui/figures/region_pictures.py,
ui/run/playground_run.py, ui/run/run_group.py, ui/views/films.py)."""

import zlib

import numpy as np
import pytest

from scratchnet import RunConfig
from ui.figures.compare import comparison_curves_extension, comparison_curves_figure
from ui.figures.playground import region_colors, training_curves_extension
from ui.figures.region_pictures import (
    LEVELS,
    clip_colors,
    clip_pictures,
    code_colors,
    curve_clip,
    curve_values,
    left_differences,
    picture_clip,
    region_codes,
    regions_clip,
)
from ui.run.animated_run import PICTURES_PER_FRAME
from ui.run.playground_run import FILM_CELLS, PlaygroundRun, grid_probabilities
from ui.run.run_group import RunGroup
from ui.views.films import take_group_film
from ui.views.run_summary import MAX_STREAMED_POINTS, streamed_stride

SMALL = RunConfig(samples=30, hidden_layers=(8,))


@pytest.mark.parametrize(
    ("probabilities", "code"),
    [
        ([1.0, 0.0, 0.0], 0 * 24 + 23),  # class 0, sure
        ([0.0, 0.0, 1.0], 2 * 24 + 23),  # class 2, sure
        ([1 / 3, 1 / 3, 1 / 3], 0 * 24 + 0),  # no idea: the first class, confidence 0
        ([0.2, 0.6, 0.2], 1 * 24 + 9),  # (0.6 - 1/3) / (2/3) = 0.4 -> round(23 · 0.4) = 9
    ],
)
def test_a_code_is_the_winning_class_and_its_confidence_level(probabilities, code):
    assert LEVELS == 24
    assert region_codes(np.array([[probabilities]]))[0, 0] == code


def test_broken_probabilities_get_no_confidence():
    codes = region_codes(np.array([[[np.nan, np.nan], [0.9, 0.1]]]))
    assert codes[0, 0] % LEVELS == 0
    assert codes[0, 1] == 0 * LEVELS + round(0.8 * 23)


def test_more_classes_than_a_byte_holds_are_refused():
    assert region_codes(np.full((2, 2, 10), 1 / 10)).max() == 0  # 10 · 24 codes fit
    with pytest.raises(ValueError, match="at most 10 classes"):
        region_codes(np.full((2, 2, 11), 1 / 11))


def test_the_browsers_colours_match_the_still_pictures_to_a_level():
    rng = np.random.RandomState(0)
    probabilities = rng.dirichlet(np.ones(4), size=(30, 40))
    painted = code_colors(region_codes(probabilities), n_classes=4).astype(int)
    still = region_colors(probabilities).astype(int)
    # Half a confidence level is 0.6 / 23 / 2 of the way from white to the class colour:
    # at most 0.013 · 255 = 3.3 units.
    assert np.abs(painted - still).max() <= 4


def test_a_clip_carries_its_pictures_in_order_compressed():
    rng = np.random.RandomState(1)
    pictures = [rng.randint(0, 96, size=(20, 30)).astype(np.uint8) for _ in range(4)]
    clip = regions_clip(pictures, [10, 20, 30, 40], (-1, 1, -2, 2), 3, True, 0.125)
    assert (clip["count"], clip["height"], clip["width"]) == (4, 20, 30)
    assert clip["epochs"] == [10, 20, 30, 40] and clip["playing"] is True
    # One panel, on the chart's main axes; its edges lie half a cell beyond the grid's points.
    [panel] = clip["panels"]
    assert (panel["xaxis"], panel["yaxis"]) == ("x", "y")
    assert panel["extent"] == pytest.approx([-1 - 1 / 29, 1 + 1 / 29, -2 - 2 / 19, 2 + 2 / 19])
    np.testing.assert_array_equal(clip_pictures(clip)[:, 0], np.stack(pictures))
    # Every code's colour travels with the clip: the same as code_colors.
    np.testing.assert_array_equal(clip_colors(clip), code_colors(np.arange(3 * LEVELS), 3))
    with pytest.raises(ValueError, match="one epoch per picture"):
        regions_clip(pictures, [1, 2], (-1, 1, -1, 1), 3, True, 0.1)


@pytest.mark.parametrize(
    ("row", "differences"),
    [
        ([7, 7, 7, 7], [7, 0, 0, 0]),  # one colour: zeros after the first cell
        ([3, 4, 5, 4], [3, 1, 1, 255]),  # one level paler: -1 is 255, modulo 256
        ([70, 2, 0, 255], [70, 188, 254, 255]),  # another class: any byte, still exact
    ],
)
def test_a_row_travels_as_the_differences_between_neighbours(row, differences):
    assert left_differences(np.array([row], np.uint8)).tolist() == [differences]


def test_decision_regions_travel_as_row_differences_and_come_back_exact():
    # Smooth regions, as a network's are: the softmax of three planes turning a little.
    x, y = np.meshgrid(np.linspace(-1, 1, 40), np.linspace(-1, 1, 40))
    pictures = []
    for turn in (0.0, 0.1, 0.2, 0.3):
        angles = turn + np.array([0, 2.1, 4.2])
        scores = 3 * (np.cos(angles) * x[..., None] + np.sin(angles) * y[..., None])
        probabilities = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
        pictures.append(region_codes(probabilities))
    pictures = np.stack(pictures)
    clip = regions_clip(list(pictures), [1, 2, 3, 4], (-1, 1, -1, 1), 3, True, 0.1)
    assert clip["row_differences"] is True
    np.testing.assert_array_equal(clip_pictures(clip)[:, 0], pictures)
    assert len(clip["pictures"]) < 0.9 * len(zlib.compress(pictures.tobytes(), 6))
    # Neuron maps' mosaics (sharp edges) travel as plain codes.
    panel = {"xaxis": "x", "yaxis": "y", "extent": [0, 1, 0, 1]}
    plain = picture_clip(pictures[:, None], [1, 2, 3, 4], np.zeros((256, 3)), [panel], True, 0.1)
    assert plain["row_differences"] is False
    np.testing.assert_array_equal(clip_pictures(plain)[:, 0], pictures)


def test_a_clip_of_several_panels_keeps_each_runs_picture_on_its_axes():
    rng = np.random.RandomState(2)
    pictures = rng.randint(0, 64, size=(5, 3, 8, 8)).astype(np.uint8)  # 5 pictures, 3 runs
    axes = [("x", "y"), ("x2", "y2"), ("x3", "y3")]
    clip = regions_clip(pictures, [1, 2, 3, 4, 5], (0, 7, 0, 7), 2, False, 0.1, axes=axes)
    assert [(panel["xaxis"], panel["yaxis"]) for panel in clip["panels"]] == axes
    np.testing.assert_array_equal(clip_pictures(clip), pictures)
    with pytest.raises(ValueError, match="one panel description per panel"):
        picture_clip(pictures, [1, 2, 3, 4, 5], np.zeros((1, 3)), clip["panels"][:2], True, 0.1)


def test_a_curve_clip_carries_each_pictures_values_to_a_precision_of_its_height():
    x = np.linspace(0, 1, 200)
    curves = np.stack([np.sin(2 * np.pi * x) * scale for scale in (0.1, 0.5, 1.0)])
    clip = curve_clip(curves, [100, 200, 300], "prediction", True, 0.125)
    assert (clip["count"], clip["length"], clip["trace"]) == (3, 200, "prediction")
    assert len(clip["values"]) == 2 * 3 * 200  # 2 bytes a value, raw
    np.testing.assert_allclose(curve_values(clip), curves, atol=1 / 32767)
    broken = curve_clip(np.array([[np.nan, 1.0]]), [1], "prediction", False, 0.0)
    np.testing.assert_allclose(curve_values(broken), [[0.0, 1.0]], atol=1e-4)


def test_a_playing_run_takes_a_picture_after_each_slice_of_a_frame():
    run = PlaygroundRun(SMALL)
    run.play()
    assert run.train_one_frame(epochs_per_frame=10) == 10
    pictures = run.take_pictures()
    assert [epoch for epoch, _ in pictures] == [2, 4, 6, 8, 10]  # 5 slices of 2 epochs
    # While playing, on the film's coarser grid; the last picture is the run as it is now.
    points, cells = run.picture_grid(len(pictures))
    assert cells == FILM_CELLS
    now = grid_probabilities(run.trainer.network, points, cells)
    np.testing.assert_array_equal(pictures[-1][1], region_codes(now))
    # The pictures before are the network as it was then, not as it is now.
    assert not np.array_equal(pictures[0][1], pictures[-1][1])
    # Taken: the next frame sends only the run as it is now, until it trains again.
    assert [epoch for epoch, _ in run.take_pictures()] == [10]
    # Paused: the run as it is now, on the full grid.
    run.pause()
    [(epoch, codes)] = run.take_pictures()
    assert epoch == 10
    np.testing.assert_array_equal(codes, region_codes(run.grid_probabilities()))


def test_the_films_networks_are_copies_that_leave_the_run_alone():
    run = PlaygroundRun(SMALL)
    run.play()
    run.train_one_frame(epochs_per_frame=5)
    film = run.take_film()
    assert film[-1] == (5, run.trainer.network)
    weights = run.trainer.network.dense_layers[0].weights
    for _, network in film[:-1]:
        assert network is not run.trainer.network
        network.dense_layers[0].weights += 1.0
    assert run.trainer.network.dense_layers[0].weights is weights


def test_a_group_records_every_runs_parameters_and_its_film_ends_with_the_runs_now():
    configs = [RunConfig(samples=30, hidden_layers=(8,), learning_rate=rate) for rate in (1, 0.1)]
    group = RunGroup(configs)
    group.play()
    group.train_one_frame(epochs_per_frame=10)
    film = take_group_film(group)
    assert [epoch for epoch, _ in film] == [2, 4, 6, 8, 10]
    assert film[-1][1] == [run.trainer.network for run in group.runs]
    first_run_now = group.runs[0].trainer.network.predict_proba(group.runs[0].trainer.X)
    first_run_then = film[0][1][0].predict_proba(group.runs[0].trainer.X)
    assert not np.allclose(first_run_now, first_run_then)
    assert [epoch for epoch, _ in take_group_film(group)] == [10]
    group.reset()
    assert group.pictures == [] and [epoch for epoch, _ in take_group_film(group)] == [0]


def test_at_max_speed_a_frame_takes_at_most_its_pictures_in_epoch_order():
    run = PlaygroundRun(SMALL)
    run.play()
    run.train_one_frame()
    epochs = [epoch for epoch, _ in run.take_pictures()]
    assert 1 <= len(epochs) <= PICTURES_PER_FRAME
    assert epochs == sorted(set(epochs)) and epochs[-1] == run.epoch


def test_a_paused_run_sends_just_its_state_now():
    run = PlaygroundRun(SMALL)
    run.advance(3)
    pictures = run.take_pictures()
    assert [epoch for epoch, _ in pictures] == [3]


def test_after_a_divergence_no_picture_shows_an_epoch_past_the_run():
    # L2 decay 2 · 0.01 · 1000 = 20 > 2: every update overshoots until the numbers overflow.
    config = RunConfig(
        samples=30, hidden_layers=(8,), learning_rate=1000.0, weight_regularizer_l2=0.01
    )
    run = PlaygroundRun(config)
    run.play()
    for _ in range(50):
        if not run.playing:
            break
        run.train_one_frame(epochs_per_frame=10)
    assert run.diverged_epoch is not None
    assert all(epoch <= run.epoch for epoch, _ in run.take_pictures())


def test_the_curves_grow_by_the_points_after_the_last_sent():
    epochs = np.arange(10)
    loss = np.linspace(1, 0.1, 10)
    accuracy = np.linspace(0.3, 0.9, 10)
    extension = training_curves_extension(epochs, loss, accuracy, since_epoch=5)
    assert extension["traces"] == [0, 1]
    assert extension["x"] == [[6, 7, 8, 9], [6, 7, 8, 9]]
    assert extension["y"][0] == pytest.approx(loss[6:].tolist())
    thinned = training_curves_extension(epochs, loss, accuracy, since_epoch=0, stride=4)
    assert thinned["x"][0] == [4, 8, 9]  # multiples of 4, and the newest
    with_test = training_curves_extension(
        epochs, loss, accuracy, np.array([3, 6, 9]), np.ones(3), np.ones(3), 5, since_test_epoch=3
    )
    assert with_test["traces"] == [0, 1, 2, 3] and with_test["x"][2] == [6, 9]


def test_the_compare_curves_grow_by_each_runs_points_on_curves_the_figure_names():
    runs = [
        {
            "label": f"run {index}",
            "epochs": np.arange(10),
            "loss": np.linspace(1, 0.1, 10),
            "accuracy": np.linspace(0.3, 0.9, 10),
            "test_epochs": np.array([4, 9]),
            "test_loss": np.ones(2),
            "test_accuracy": np.ones(2),
        }
        for index in range(2)
    ]
    figure = comparison_curves_figure(runs, 0.9, show_test=True)
    uids = {trace.get("uid") for trace in figure["data"]}
    extension = comparison_curves_extension(runs, since_epochs=[5, 8], show_test=True)
    assert set(extension["traces"]) <= uids
    assert extension["traces"][:2] == ["run 0 y", "run 0 y2"]
    assert extension["x"][0] == [6, 7, 8, 9] and extension["x"][4] == [9]  # run 1 after 8
    assert extension["x"][2] == [9]  # run 0's test points after epoch 5
    assert extension["y"][1] == pytest.approx(runs[0]["accuracy"][6:].tolist(), abs=1e-4)


def test_a_whole_run_streams_about_max_streamed_points_a_curve():
    """The book's 10,001 epochs, frame after frame of 137 epochs: the curves grow by about
    MAX_STREAMED_POINTS points (each redraw in the browser draws them all), the newest epoch
    of each frame always among them."""
    total = 10_001
    epochs = np.arange(total)
    loss, accuracy = np.linspace(1, 0.1, total), np.linspace(0.3, 0.9, total)
    stride = streamed_stride(total)
    sent, frames, since = 0, 0, -1
    for end in range(137, total + 137, 137):
        shown = slice(0, min(end, total))
        extension = training_curves_extension(
            epochs[shown], loss[shown], accuracy[shown], since_epoch=since, stride=stride
        )
        sent += len(extension["x"][0])
        since = extension["x"][0][-1]
        frames += 1
    assert since == total - 1
    assert MAX_STREAMED_POINTS * 0.9 <= sent <= MAX_STREAMED_POINTS + frames
