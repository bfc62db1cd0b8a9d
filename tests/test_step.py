"""Step trains exactly its epochs: at once when they fit STEP_BUDGET, else through the frames,
where it shows as playing, counts down, and Pause stops it."""

import time

import pytest

from scratchnet import RunConfig
from ui.run.animated_run import STEP_BUDGET, AnimatedRun
from ui.run.playground_run import PlaygroundRun


class CountingRun(AnimatedRun):
    """A run that only counts its epochs. With `epoch_seconds`, it says an epoch costs that
    long, whatever its measures say (so the test does not depend on the machine's speed)."""

    def __init__(self, total_epochs=1_000, epoch_seconds=None):
        self.known_epoch_seconds = None
        super().__init__()
        self.epoch = 0
        self.total_epochs = total_epochs
        self.chunks = []  # the epochs of each train_chunk call
        self.known_epoch_seconds = epoch_seconds

    @property
    def finished(self):
        return self.epoch >= self.total_epochs

    def finished_text(self):
        return "done"

    def train_chunk(self, n_epochs):
        n_epochs = min(n_epochs, self.total_epochs - self.epoch)
        self.epoch += n_epochs
        self.chunks.append(n_epochs)
        if self.finished:
            self.playing = False
        return n_epochs

    @property
    def seconds_per_epoch(self):
        if self.known_epoch_seconds is not None:  # the cost it was given, not the measure
            return self.known_epoch_seconds
        return self.measured_epoch_seconds

    @seconds_per_epoch.setter
    def seconds_per_epoch(self, seconds):
        self.measured_epoch_seconds = seconds

    def rebuild(self):
        self.epoch = 0


def slow_run(epoch_seconds=10 * STEP_BUDGET, total_epochs=1_000):
    return CountingRun(total_epochs, epoch_seconds)


def test_a_step_that_fits_the_budget_trains_exactly_its_epochs_at_once():
    run = PlaygroundRun(RunConfig(samples=20, hidden_layers=(8,)))
    run.advance(7)
    assert run.epoch == 7
    assert not run.playing and run.epochs_to_go is None
    run.advance(1)
    assert run.epoch == 8


def test_a_step_of_a_network_never_timed_trains_its_first_epoch_at_once_to_time_it():
    run = CountingRun(epoch_seconds=None)
    run.advance(1)
    assert run.epoch == 1 and run.chunks == [1] and not run.playing
    assert run.seconds_per_epoch is not None


def test_a_long_step_plays_through_the_frames_until_exactly_its_epochs_are_trained():
    run = slow_run()
    run.advance(100)
    assert run.epoch == 0  # nothing trains in the click's answer
    assert run.playing and run.epochs_to_go == 100  # the page shows Pause and the frames train
    shown = []
    while run.playing:
        run.train_one_frame(epochs_per_frame=30)
        shown.append(run.epoch)
    assert shown == [30, 60, 90, 100]  # it moved frame after frame, and stopped at 100
    assert run.epochs_to_go is None


@pytest.mark.parametrize("epochs_per_frame", [None, 1, 10, 1000])
def test_a_step_never_trains_past_its_epochs_whatever_the_speed(epochs_per_frame):
    run = slow_run(epoch_seconds=1.0)
    run.advance(25)
    while run.playing:
        run.train_one_frame(epochs_per_frame)
    assert run.epoch == 25


def test_pause_stops_a_long_step_and_play_then_forgets_it():
    run = slow_run()
    run.advance(100)
    run.train_one_frame(epochs_per_frame=10)
    reached = run.epoch
    assert reached == 10 and run.playing
    run.pause()
    assert not run.playing and run.epochs_to_go is None
    assert run.epoch == reached
    run.play()
    run.train_one_frame(epochs_per_frame=1000)
    assert run.epoch > 100  # plays on: the Step is over


def test_a_step_stops_at_the_end_of_the_run():
    run = slow_run(total_epochs=30)
    run.advance(100)
    while run.playing:
        run.train_one_frame()
    assert run.epoch == 30 and run.epochs_to_go is None
    run.advance(5)
    assert run.epoch == 30 and not run.playing
    assert run.message == ("info", "done")


def test_reset_forgets_a_step_in_progress():
    run = slow_run()
    run.advance(100)
    run.train_one_frame(epochs_per_frame=10)
    run.reset()
    assert run.epoch == 0 and not run.playing and run.epochs_to_go is None


def test_finish_step_trains_the_rest_for_code_without_frames():
    run = slow_run()
    run.advance(40)
    assert run.finish_step() == 40
    assert run.epoch == 40 and not run.playing


def test_a_frame_stops_between_chunks_when_told_to():
    class ClickWaitingError(Exception):
        pass

    calls = []

    def between_chunks():
        calls.append(1)
        if len(calls) == 3:
            raise ClickWaitingError  # what Streamlit raises when a click's page run waits

    run = slow_run(epoch_seconds=0.0001)
    run.play()
    with pytest.raises(ClickWaitingError):
        run.train_one_frame(epochs_per_frame=1000, between_chunks=between_chunks)
    assert run.epoch == sum(run.chunks) and len(run.chunks) == 2  # whole chunks only


def test_a_network_whose_epoch_is_slow_waits_in_the_heavy_lane():
    run = CountingRun()
    assert run.smallest_piece_seconds() == 0.0
    run.fastest_epoch_seconds, run.fastest_picture_seconds = 0.4, 0.2
    assert run.smallest_piece_seconds() == pytest.approx(0.6)


def test_one_slow_measure_on_a_busy_machine_does_not_make_a_small_network_heavy(monkeypatch):
    run = PlaygroundRun(RunConfig(samples=20, hidden_layers=(8,)))
    run.play()
    run.train_one_frame(epochs_per_frame=10)
    fast = run.smallest_piece_seconds()
    assert fast > 0
    train_chunk = run.train_chunk

    def chunk_on_a_busy_machine(n_epochs):
        time.sleep(0.05)  # the thread had to wait for a core: the network has not grown
        return train_chunk(n_epochs)

    monkeypatch.setattr(run, "train_chunk", chunk_on_a_busy_machine)
    run.train_for(seconds=0.01, max_epochs=1)
    assert run.seconds_per_epoch >= 0.05  # chunks are sized from the last measure
    assert run.smallest_piece_seconds() == fast  # the lane from the fastest


def test_a_network_whose_picture_is_slow_to_draw_waits_in_the_heavy_lane():
    run = CountingRun()
    run.note_drawing(0.9)  # the page's first drawing of a big network, before any epoch
    run.note_drawing(1.2)
    assert run.smallest_piece_seconds() == pytest.approx(0.9)


def test_reset_measures_the_network_again():
    run = CountingRun()
    run.fastest_epoch_seconds, run.fastest_picture_seconds = 0.4, 0.2
    run.note_drawing(0.3)
    run.reset()
    assert run.smallest_piece_seconds() == 0.0
