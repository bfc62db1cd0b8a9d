"""A long Step on a big network, through AppTest: it shows Pause, moves frame by frame, and
Pause stops it. (AppTest has no timer: each `at.run()` is one animation frame.)"""

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.run import animation
from ui.run.frame_gate import FrameGate

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# 4 layers of 256 neurons on 8 classes × 1,000 points: an epoch takes longer than STEP_BUDGET.
BIG = {"dataset": "spiral", "classes": "8", "samples": "1000", "hidden": "256,256,256,256"}


@pytest.fixture
def big_app():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(BIG)
    at.run()
    assert not at.exception, at.exception
    at.session_state["pg_speed"] = "1 epoch"  # one epoch per frame: countable
    at.run()
    return at


def click(at, key):
    at.button(key).click()
    at.run()
    assert not at.exception, at.exception


def test_a_long_step_plays_shows_pause_and_pause_stops_it(big_app):
    at = big_app
    run = at.session_state["run"]
    assert run.config.hidden_layers == (256, 256, 256, 256)
    click(at, "pg_big_step")
    started = run.epoch
    assert 0 < started < 100  # the click trained what fitted its budget, no more
    assert run.playing and run.epochs_to_go == 100 - started
    assert at.button(key="pg_play").label == "Pause"  # the page says it is training
    at.run()  # one animation frame
    assert run.epoch == started + 1 and run.epochs_to_go == 99 - started
    assert at.metric[0].value == f"{run.epoch - 1:,}"  # drawn, then trained: one frame behind
    click(at, "pg_play")  # now Pause
    stopped = run.epoch
    assert not run.playing and run.epochs_to_go is None
    assert at.button(key="pg_play").label == "Play"
    at.run()
    assert run.epoch == stopped
    assert at.metric[0].value == f"{stopped:,}"


def test_a_long_step_ends_by_itself_after_exactly_its_epochs():
    at = AppTest.from_file(APP, default_timeout=60)  # the default, small network
    at.run()
    run = at.session_state["run"]
    run.seconds_per_epoch = 1.0  # as if an epoch took a second: the Step plays through frames
    at.session_state["pg_speed"] = "10 epochs"
    click(at, "pg_big_step")  # the click's page run is the first frame: 10 epochs
    assert run.playing
    shown = [run.epoch]
    while run.playing:
        at.run()
        shown.append(run.epoch)
        assert len(shown) <= 100, "the Step did not stop"
    assert shown == list(range(10, 101, 10))  # frame after frame, and exactly 100 epochs
    assert at.button(key="pg_play").label == "Play"
    assert at.metric[0].value == "100"


def test_the_page_measures_its_drawing_of_the_run_for_the_frame_gate():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    run = at.session_state["run"]
    assert run.fastest_drawing_seconds > 0  # measured at the first drawing, before any epoch
    assert run.smallest_piece_seconds() >= run.fastest_drawing_seconds


def test_a_page_run_holds_other_frames_back_until_its_own_frame(monkeypatch):
    """app.py wraps every page run in the frame gate's `page_run` (rule 5 in
    ui/run/frame_gate.py): the page's frame finds its page run registered, and the run leaves
    nothing registered behind it (or every frame on the server would wait)."""
    registered_at_turn = []
    original_turn = FrameGate.turn

    def turn(gate, *args, **kwargs):
        registered_at_turn.append(threading.get_ident() in gate.page_runs)
        return original_turn(gate, *args, **kwargs)

    monkeypatch.setattr(FrameGate, "turn", turn)
    at = AppTest.from_file(APP, default_timeout=60)
    # (Only the first run: AppTest runs the page alone after it, without app.py. A real server
    # runs app.py every time: benchmarks/bench_load.py measures what the rule does there.)
    at.run()
    assert not at.exception, at.exception
    assert registered_at_turn == [True]
    assert animation.frame_gate().page_runs == {}
