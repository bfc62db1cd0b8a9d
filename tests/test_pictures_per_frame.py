"""How many pictures a frame takes: enough for the browser to play PICTURES_PER_SECOND until the
next frame comes, whether frames come 8 times a second (alone) or once a second (a class)."""

import time

import numpy as np
import pytest

from scratchnet import RunConfig
from ui.run.animated_run import (
    CHEAP_CLIP_SECONDS,
    EPOCHS_BETWEEN_CHECKS,
    FRAME_PERIOD,
    MOST_PICTURES_PER_FRAME,
    PICTURES_PER_FRAME,
    PICTURES_PER_SECOND,
    AnimatedRun,
)
from ui.run.playground_run import (
    FILM_CELLS,
    FILM_CELLS_PER_CLIP,
    GRID_CELLS,
    MOST_FILM_PICTURES,
    SMALLEST_FILM_CELLS,
    PlaygroundRun,
    film_cells,
)
from ui.views.films import thin_film


class CountingRun(AnimatedRun):
    """A run whose epochs cost nothing: it counts the epochs trained and the pictures taken."""

    def __init__(self):
        super().__init__()
        self.epoch = 0
        self.picture_epochs = []

    finished = False

    def train_chunk(self, n_epochs):
        self.epoch += n_epochs
        return n_epochs

    def record_picture(self):
        self.picture_epochs.append(self.epoch)


@pytest.mark.parametrize(
    ("seconds_between_frames", "pictures"),
    [
        (FRAME_PERIOD, round(FRAME_PERIOD * PICTURES_PER_SECOND)),  # alone at "max" speed
        (0.12, PICTURES_PER_FRAME),  # a fixed speed's frames, ~8 a second
        (0.1, PICTURES_PER_FRAME),  # never fewer
        (0.5, round(0.5 * PICTURES_PER_SECOND)),  # in a class: enough until the next frame
        (0.8, MOST_PICTURES_PER_FRAME),  # never more
        (5.0, MOST_PICTURES_PER_FRAME),
    ],
)
def test_a_frame_takes_enough_pictures_until_the_next(seconds_between_frames, pictures):
    run = CountingRun()
    run.seconds_between_frames = seconds_between_frames
    assert run.pictures_per_frame() == pictures


@pytest.mark.parametrize("seconds_between_frames", [FRAME_PERIOD, 0.5, 0.8])
def test_a_frame_at_a_fixed_speed_takes_its_pictures_at_even_epochs(seconds_between_frames):
    run = CountingRun()
    run.play()
    run.seconds_between_frames = seconds_between_frames
    pictures = run.pictures_per_frame()
    run.train_one_frame(epochs_per_frame=pictures * 10)
    assert run.picture_epochs == [10 * index for index in range(1, pictures + 1)]


class SlowPictureRun(CountingRun):
    """Epochs of 0.1 ms, and pictures of 2 ms: longer than a crowded frame's share."""

    def train_chunk(self, n_epochs):
        time.sleep(0.0001 * n_epochs)
        return super().train_chunk(n_epochs)

    def record_picture(self):
        super().record_picture()
        time.sleep(0.002)


def test_a_cheap_frame_brings_all_its_pictures_however_small_its_share():
    """A class of 30 on one server: the frame's share of the time is used up by its first
    pictures; the rest of the clip still comes, one epoch a picture."""
    run = SlowPictureRun()
    run.play()
    # The epochs as measured: cheap (set, not measured here: a busy machine may stretch a
    # 0.1 ms sleep to milliseconds).
    run.fastest_epoch_seconds = run.seconds_per_epoch = 0.0001
    run.seconds_between_frames = 1.0  # frames come once a second
    run.picture_epochs.clear()
    run.last_training_end = time.perf_counter()
    run.train_one_frame(share=1 / 30)
    assert len(run.picture_epochs) == MOST_PICTURES_PER_FRAME
    assert run.picture_epochs == sorted(set(run.picture_epochs))  # one picture an epoch at least


def test_a_costly_frame_keeps_to_its_share():
    """A big network (one epoch for each picture would take longer than CHEAP_CLIP_SECONDS)
    trains only what fits in its share: slices without time left take no picture."""
    run = SlowPictureRun()
    run.play()
    run.fastest_epoch_seconds = run.seconds_per_epoch = CHEAP_CLIP_SECONDS  # measured: costly
    run.seconds_between_frames = 1.0
    run.last_training_end = time.perf_counter()
    run.train_one_frame(share=1 / 30)
    assert len(run.picture_epochs) < MOST_PICTURES_PER_FRAME


# --- the Playground's long clips: more pictures, each on a coarser grid ----------------------


@pytest.mark.parametrize("pictures", [1, 5, 6, 16, 17, 30, 49, 200])
def test_a_longer_clip_has_a_coarser_grid_and_about_the_same_cells_in_all(pictures):
    cells = film_cells(pictures)
    assert SMALLEST_FILM_CELLS <= cells <= FILM_CELLS
    if pictures <= 16:
        assert cells == FILM_CELLS  # alone on the server (5 or 6 pictures): the sharpest film
    elif cells > SMALLEST_FILM_CELLS:
        assert pictures * cells**2 <= FILM_CELLS_PER_CLIP  # no more than 16 sharp pictures
        assert pictures * (cells + 1) ** 2 > FILM_CELLS_PER_CLIP  # and no coarser than needed


def test_a_crowded_playground_frame_brings_a_long_clip_on_a_coarser_grid():
    """A class on one server: a frame comes every 2.5 s, and the Playground's run takes enough
    pictures for the browser to play PICTURES_PER_SECOND until the next (more than the 16 of
    other pages), each on a grid that keeps the clip's cost; a still is on the full grid."""
    run = PlaygroundRun(RunConfig(epochs=100_000))
    run.play()
    run.train_one_frame()  # measures an epoch
    run.take_film()
    run.seconds_between_frames = 2.5
    pictures = run.pictures_per_frame()
    assert pictures == min(MOST_FILM_PICTURES, round(2.5 * PICTURES_PER_SECOND))
    run.fastest_epoch_seconds = run.seconds_per_epoch = 1e-5  # cheap, as measured alone
    run.last_training_end = time.perf_counter()
    run.train_one_frame(share=1 / 30)
    film = run.take_pictures()
    assert len(film) == pictures  # the last one: the run as it is now
    cells = film_cells(pictures)
    assert cells < FILM_CELLS
    assert {codes.shape for _, codes in film} == {(cells, cells)}
    assert [epoch for epoch, _ in film] == sorted({epoch for epoch, _ in film})
    run.pause()
    assert run.take_pictures()[0][1].shape == (GRID_CELLS, GRID_CELLS)


def test_the_network_page_thins_a_long_film_evenly_keeping_the_last():
    film = [(epoch, None) for epoch in range(49)]
    thinned = [epoch for epoch, _ in thin_film(film, MOST_PICTURES_PER_FRAME)]
    assert len(thinned) == MOST_PICTURES_PER_FRAME and thinned[-1] == 48
    assert set(np.diff(thinned)) <= {3, 4}  # evenly spread
    assert thin_film(film[:5], MOST_PICTURES_PER_FRAME) == film[:5]


# --- a crowded frame's clip in one call to the trainer ---------------------------------------


def crowded_frame(run, monkeypatch):
    """Train one frame of `run` as in a class of 30 (a frame every 2.5 s, a thirtieth of the
    time, a cheap network as measured alone); returns how many times the trainer was called."""
    calls = []
    step = run.trainer.step

    def counted_step(*args, **options):
        calls.append(args)
        return step(*args, **options)

    monkeypatch.setattr(run.trainer, "step", counted_step)
    run.seconds_between_frames = 2.5
    run.fastest_epoch_seconds = run.seconds_per_epoch = 1e-4
    run.last_training_end = time.perf_counter()
    run.train_one_frame(share=1 / 30)
    return len(calls)


def test_a_crowded_frame_trains_its_clip_in_few_calls_a_picture_an_epoch(monkeypatch):
    """One call to the trainer for every EPOCHS_BETWEEN_CHECKS pictures, not one a picture (each
    call also checks the loss, measures the test data and copies the network: as much again as a
    small epoch); between calls, the frame looks for a click."""
    run = PlaygroundRun(RunConfig(epochs=100_000))
    run.play()
    run.train_one_frame()  # the first frame: measures an epoch
    run.take_film()
    before = run.epoch
    assert crowded_frame(run, monkeypatch) == MOST_FILM_PICTURES // EPOCHS_BETWEEN_CHECKS
    pictures = run.take_pictures()
    assert [epoch for epoch, _ in pictures] == list(range(before + 1, run.epoch + 1))
    assert len(pictures) == run.pictures_per_frame() == MOST_FILM_PICTURES


def test_a_clip_whose_loss_diverges_drops_the_pictures_it_undid(monkeypatch):
    # Weight decay 2·λ·learning_rate > 2: every update overshoots, the weights grow ~19× an
    # epoch until the loss turns NaN, within the clip's 48 epochs.
    config = RunConfig(epochs=100_000, learning_rate=1000.0, weight_regularizer_l2=0.01)
    run = PlaygroundRun(config)
    run.play()
    crowded_frame(run, monkeypatch)
    assert not run.playing and run.message[0] == "error"  # diverged: paused, explained
    film = run.take_film()
    assert [epoch for epoch, _ in film] == [run.epoch]  # only the run as it was put back


def crowded_cheap_run():
    """A run playing as in a class: a frame every second, and (as measured) one epoch for each
    picture cheap, but longer than a crowded frame's slice. Its epochs are counted."""
    run = SlowPictureRun()
    run.play()
    run.seconds_between_frames = 1.0
    run.fastest_epoch_seconds = run.seconds_per_epoch = 0.001
    run.last_training_end = time.perf_counter()
    return run


def test_a_run_that_cannot_see_its_epochs_go_by_takes_a_picture_after_each_one():
    run = crowded_cheap_run()
    run.train_one_frame(share=1 / 30)
    assert run.picture_epochs == list(range(1, MOST_PICTURES_PER_FRAME + 1))


def test_a_crowded_frame_looks_for_clicks_between_its_chunks():
    """A click (or another session's answer) waits at most EPOCHS_BETWEEN_CHECKS epochs."""
    run = crowded_cheap_run()
    epochs_at_checks = []
    run.train_one_frame(share=1 / 30, between_chunks=lambda: epochs_at_checks.append(run.epoch))
    assert epochs_at_checks == list(range(0, MOST_PICTURES_PER_FRAME, EPOCHS_BETWEEN_CHECKS))
