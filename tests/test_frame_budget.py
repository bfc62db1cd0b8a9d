"""The Playground's frame budget: training fills what drawing and the browser leave of a frame."""

import time

import pytest

from scratchnet import RunConfig
from ui.run.animated_run import (
    BACKGROUND_BUDGET,
    FIRST_BUDGET,
    FRAME_PERIOD,
    HIDDEN_TAB_GAP,
    LONGEST_BUDGET,
    LONGEST_CLIP_SECONDS,
)
from ui.run.playground_run import PlaygroundRun


@pytest.fixture
def run():
    run = PlaygroundRun(RunConfig(samples=20, hidden_layers=(8,)))
    run.play()
    return run


def test_the_first_frame_after_play_trains_the_first_budget(run):
    assert run.frame_budget() == FIRST_BUDGET


@pytest.mark.parametrize(
    ("rest_of_frame", "expected"),
    [
        (0.0, FRAME_PERIOD),  # nothing else to do: the whole period trains
        (0.02, FRAME_PERIOD - 0.02),  # training fills the rest of the period
        (0.036, 0.18),  # the rest takes over a sixth of the period: training gets five times
        (0.038, 0.19),  # as long (five sixths of each frame)...
        (0.5, LONGEST_BUDGET),  # ...but no more than the longest budget
    ],
)
def test_training_fills_what_the_rest_of_the_frame_leaves(run, rest_of_frame, expected):
    run.last_training_end = time.perf_counter() - rest_of_frame
    assert run.frame_budget() == pytest.approx(expected, abs=0.005)


def test_train_for_remembers_when_its_training_ended(run):
    before = time.perf_counter()
    run.train_for(0.01)
    assert before <= run.last_training_end <= time.perf_counter()
    assert run.epoch > 0


def test_play_after_a_pause_starts_again_from_the_first_budget(run):
    run.train_for(0.01)
    run.pause()
    run.play()
    assert run.frame_budget() == FIRST_BUDGET


def test_a_fixed_speed_trains_exactly_its_epochs_per_frame(run):
    assert run.train_one_frame(epochs_per_frame=10) == 10
    assert run.epoch == 10


def test_a_fixed_speed_frame_is_cut_short_when_its_time_runs_out(run):
    trained = run.train_for(0.0, max_epochs=1000)
    assert trained == 0 and run.epoch == 0
    run.train_for(0.01, max_epochs=1_000_000)
    assert 0 < run.epoch < 1_000_000


def test_the_max_speed_trains_within_the_frame_budget(run):
    trained = run.train_one_frame()
    assert trained > 0
    assert run.last_frame_seconds < FIRST_BUDGET + 0.5  # a generous margin for a busy machine


def test_a_frame_asked_as_late_as_a_hidden_tabs_trains_only_a_little(run, monkeypatch):
    run.train_for(0.01)
    run.last_training_end = time.perf_counter() - 1.0  # the browser asked a second later
    run.frame_asked()
    assert run.in_background
    # The time the frame is given, not the time it took (a busy machine may take longer).
    budgets = []
    train_in_pictures = run.train_in_pictures

    def recording(seconds, *arguments, **keywords):
        budgets.append(seconds)
        return train_in_pictures(seconds, *arguments, **keywords)

    monkeypatch.setattr(run, "train_in_pictures", recording)
    assert run.train_one_frame(epochs_per_frame=None) >= 1
    assert budgets == [BACKGROUND_BUDGET] and BACKGROUND_BUDGET < LONGEST_BUDGET / 10


def test_a_late_frame_on_a_busy_server_is_not_taken_for_a_hidden_tabs(run):
    run.train_for(0.01)
    run.last_training_end = time.perf_counter() - 1.0  # late: the server was busy with others
    run.frame_asked(server_busy=True)
    assert not run.in_background


def test_a_visible_pages_frames_train_their_full_budget(run):
    run.train_for(0.01)
    run.frame_asked()  # asked right after the last frame, as a visible page does
    assert not run.in_background
    # The budget is at least half a frame period (frame_budget), and a frame trains until its
    # budget is spent: far more than a hidden tab's, however fast or slow the machine.
    trained = run.train_one_frame(epochs_per_frame=None)
    assert trained >= 1 and run.playing
    assert run.last_frame_seconds >= FRAME_PERIOD / 2 > BACKGROUND_BUDGET


def test_play_is_never_taken_for_a_hidden_tab(run):
    run.train_for(0.01)
    run.pause()
    time.sleep(HIDDEN_TAB_GAP + 0.1)
    run.play()
    run.frame_asked()
    assert not run.in_background


@pytest.mark.parametrize(
    ("since_last_frame", "clip_seconds"),
    [(FRAME_PERIOD, FRAME_PERIOD), (1.5, 1.5), (10.0, LONGEST_CLIP_SECONDS)],
)
def test_a_clip_plays_until_the_next_frame_comes(run, since_last_frame, clip_seconds):
    """The browser spreads a frame's pictures over the time the last frame took to come: alone
    on the server 1/8 s, in a class of 30 a second or two (not 0.8 s and then a still picture),
    never more than LONGEST_CLIP_SECONDS."""
    run.frame_asked()
    run.last_frame_start = time.perf_counter() - since_last_frame
    run.frame_asked(server_busy=True)
    assert run.seconds_between_frames == pytest.approx(clip_seconds, abs=0.05)


def test_after_a_long_wait_a_short_one_counts_half(run):
    """In a class, a quick frame (the one after the answer to Play) does not mean the next one
    comes quickly: the clip it trains is for a wait of about half the last long one."""
    run.frame_asked()
    run.last_frame_start = time.perf_counter() - 2.0  # a round of the class
    run.frame_asked(server_busy=True)
    run.last_frame_start = time.perf_counter() - 0.2  # then a quick one
    run.frame_asked(server_busy=True)
    assert run.seconds_between_frames == pytest.approx(1.1, abs=0.05)
    for _ in range(8):  # alone on the server again: back to the gap measured
        run.last_frame_start = time.perf_counter() - FRAME_PERIOD
        run.frame_asked()
    assert run.seconds_between_frames == pytest.approx(FRAME_PERIOD, abs=0.05)
