"""How many pictures a frame takes: enough for the browser to play PICTURES_PER_SECOND until the
next frame comes, whether frames come 8 times a second (alone) or once a second (a class)."""

import time

import pytest

from ui.run.animated_run import (
    CHEAP_CLIP_SECONDS,
    FRAME_PERIOD,
    MOST_PICTURES_PER_FRAME,
    PICTURES_PER_FRAME,
    PICTURES_PER_SECOND,
    AnimatedRun,
)


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
        (FRAME_PERIOD, PICTURES_PER_FRAME),  # alone on the server: 8 frames a second
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
