"""The decision regions as pictures the browser plays: codes, colours, clips, and the pictures
a playing run takes (ui/figures/region_pictures.py, ui/run/animated_run.py)."""

import numpy as np
import pytest

from scratchnet import RunConfig
from ui.figures.playground import region_colors, training_curves_extension
from ui.figures.region_pictures import (
    LEVELS,
    clip_pictures,
    code_colors,
    region_codes,
    regions_clip,
)
from ui.run.animated_run import PICTURES_PER_FRAME
from ui.run.playground_run import PlaygroundRun

SMALL = RunConfig(samples=30, hidden_layers=(8,))


@pytest.mark.parametrize(
    ("probabilities", "code"),
    [
        ([1.0, 0.0, 0.0], 0 * LEVELS + 31),  # class 0, sure
        ([0.0, 0.0, 1.0], 2 * LEVELS + 31),  # class 2, sure
        ([1 / 3, 1 / 3, 1 / 3], 0 * LEVELS + 0),  # no idea: the first class, confidence 0
        ([0.2, 0.6, 0.2], 1 * LEVELS + 12),  # (0.6 - 1/3) / (2/3) = 0.4 -> round(12.4) = 12
    ],
)
def test_a_code_is_the_winning_class_and_its_confidence_level(probabilities, code):
    assert region_codes(np.array([[probabilities]]))[0, 0] == code


def test_broken_probabilities_get_no_confidence():
    codes = region_codes(np.array([[[np.nan, np.nan], [0.9, 0.1]]]))
    assert codes[0, 0] % LEVELS == 0
    assert codes[0, 1] == 0 * LEVELS + round(0.8 * 31)


def test_more_classes_than_a_byte_holds_are_refused():
    with pytest.raises(ValueError, match="at most 8 classes"):
        region_codes(np.full((2, 2, 9), 1 / 9))


def test_the_browsers_colours_match_the_still_pictures_to_a_level():
    rng = np.random.RandomState(0)
    probabilities = rng.dirichlet(np.ones(4), size=(30, 40))
    painted = code_colors(region_codes(probabilities), n_classes=4).astype(int)
    still = region_colors(probabilities).astype(int)
    # One confidence level is 0.6 / 31 of the way from white to the class colour: < 4 units.
    assert np.abs(painted - still).max() <= 3


def test_a_clip_carries_its_pictures_in_order_compressed():
    rng = np.random.RandomState(1)
    pictures = [rng.randint(0, 96, size=(20, 30)).astype(np.uint8) for _ in range(4)]
    clip = regions_clip(pictures, [10, 20, 30, 40], (-1, 1, -2, 2), 3, True, 0.125)
    assert (clip["count"], clip["height"], clip["width"]) == (4, 20, 30)
    assert clip["epochs"] == [10, 20, 30, 40] and clip["playing"] is True
    assert clip["extent"] == [-1.0, 1.0, -2.0, 2.0] and len(clip["palette"]) == 3
    np.testing.assert_array_equal(clip_pictures(clip), np.stack(pictures))
    with pytest.raises(ValueError, match="one epoch per picture"):
        regions_clip(pictures, [1, 2], (-1, 1, -1, 1), 3, True, 0.1)


def test_a_playing_run_takes_a_picture_after_each_slice_of_a_frame():
    run = PlaygroundRun(SMALL)
    run.play()
    assert run.train_one_frame(epochs_per_frame=10) == 10
    pictures = run.take_pictures()
    assert [epoch for epoch, _ in pictures] == [2, 4, 6, 8, 10]  # 5 slices of 2 epochs
    # The last picture is the run as it is now.
    np.testing.assert_array_equal(pictures[-1][1], region_codes(run.grid_probabilities()))
    # Taken: the next frame sends only the run as it is now, until it trains again.
    assert [epoch for epoch, _ in run.take_pictures()] == [10]


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
