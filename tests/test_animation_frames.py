"""The animation loop's frame (ui/run/animation.py, frames): while the run plays, a fragment
that Streamlit reruns on a timer; paused, another fragment, without one. Streamlit names a
fragment by its function's module and name and its place on the page, so the timer's requests
still on their way after a Pause name a fragment the paused page no longer has, and Streamlit
drops them as they come (AppSession.request_rerun: "The fragment with id ... does not exist
anymore") instead of drawing the paused page again.

And the frame's look for a click (click_waiting), against Streamlit's own queue of requests."""

import contextvars
from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

from scratchnet import RunConfig
from ui.run import animation
from ui.run.animated_run import FRAME_INTERVAL
from ui.run.playground_run import PlaygroundRun


@pytest.fixture
def declared(monkeypatch):
    """Every fragment animate() declares: (its function's name, its timer), in order; the
    fragments' bodies do not run."""
    fragments = []

    def fragment(function=None, *, run_every=None):
        def declare(body):
            fragments.append((f"{body.__module__}.{body.__qualname__}", run_every))
            return lambda: None

        return declare if function is None else declare(function)

    monkeypatch.setattr(st, "fragment", fragment)
    monkeypatch.setattr(st, "html", lambda *args, **kwargs: None)
    return fragments


def test_the_playing_and_the_paused_page_are_two_fragments(declared):
    run = SimpleNamespace(playing=True)
    animation.frames(run, draw=None)
    run.playing = False
    animation.frames(run, draw=None)
    (playing_name, playing_timer), (paused_name, paused_timer) = declared
    assert playing_timer == FRAME_INTERVAL
    assert paused_timer is None
    assert playing_name != paused_name


# --- a click while a playing frame trains ---------------------------------------------------


RUNNING = {"the frame"}  # a playing frame's fragment


def test_a_click_on_the_buttons_stops_the_frame_at_its_next_check():
    requests = ScriptRequests()
    requests.request_rerun(RerunData(fragment_id="the run's part"))  # a click on Pause
    assert requests.on_scriptrunner_yield() is None  # Streamlit alone: the click would wait
    assert animation.clicks_first(requests, RUNNING)
    request = requests.on_scriptrunner_yield()  # what the frame's next check gets
    assert request is not None and request.rerun_data.fragment_id_queue == ["the run's part"]


def test_a_click_comes_first_and_the_frame_timer_tick_with_it_goes():
    requests = ScriptRequests()
    requests.request_rerun(RerunData(fragment_id="the frame", is_auto_rerun=True))
    requests.request_rerun(RerunData(fragment_id="the run's part"))
    assert animation.clicks_first(requests, RUNNING)
    request = requests.on_scriptrunner_yield()
    assert request.rerun_data.fragment_id_queue == ["the run's part"]


def test_the_frame_timer_alone_is_no_click():
    requests = ScriptRequests()
    assert not animation.clicks_first(requests, RUNNING)  # nothing asked
    requests.request_rerun(RerunData(fragment_id="the frame", is_auto_rerun=True))
    assert not animation.clicks_first(requests, RUNNING)
    assert requests.on_scriptrunner_yield() is None  # the tick waits for the frame's end


def test_the_timer_is_no_click_while_a_click_answered_plays_the_frame():
    # The answer to Play: the run's part of the page reran, the frame runs inside it.
    requests = ScriptRequests()
    requests.request_rerun(RerunData(fragment_id="the frame", is_auto_rerun=True))
    assert not animation.clicks_first(requests, {"the run's part", "the frame"})


def running_in_the_frame(context):
    """`fragments_running(context)` as the frame's code sees it: Streamlit's thread state names
    the fragment the code runs in (in a context of its own: the test's thread stays as it was)."""

    def in_the_frame():
        ThreadState.initialize(fragment_id="the frame")
        return animation.fragments_running(context)

    return contextvars.copy_context().run(in_the_frame)


def test_a_second_click_while_the_answer_to_play_plays_its_frame_is_a_click():
    # The answer to Play reran the run's part of the page; its first frame waits for its turn.
    context = SimpleNamespace(fragment_ids_this_run=["the run's part"])
    running = running_in_the_frame(context)
    assert running == {"the frame"}
    requests = ScriptRequests()
    requests.request_rerun(RerunData(fragment_id="the frame", is_auto_rerun=True))
    assert not animation.clicks_first(requests, running)  # the frame's own timer: no click
    requests.request_rerun(RerunData(fragment_id="the run's part"))  # Pause
    assert animation.clicks_first(requests, running)
    assert requests.on_scriptrunner_yield().rerun_data.fragment_id_queue == ["the run's part"]


def test_a_page_run_is_left_to_streamlit():
    requests = ScriptRequests()
    requests.request_rerun(RerunData())  # a new setting: the whole page
    assert not animation.clicks_first(requests, RUNNING)
    assert requests.on_scriptrunner_yield() is not None  # it stops the frame by itself


# --- the first frame after Play ---------------------------------------------------------------


def test_the_first_frame_after_play_brings_a_clip_and_trains_the_next():
    """Drawn first, the first frame after Play showed the still picture once more, and its clip
    came a frame later (in a class, a whole round of turns: seconds)."""
    run = PlaygroundRun(RunConfig(samples=20, hidden_layers=(8,)))
    run.play()
    films = []  # the epochs of each frame's pictures, as the page draws them

    def draw(run):
        films.append([epoch for epoch, _ in run.take_film()])

    animation.draw_then_train(run, draw)
    (first,) = films
    assert len(first) > 1 and first[0] > 0  # pictures of epochs trained after Play
    assert run.epoch > first[-1]  # and the next clip trained, for the next frame
    animation.draw_then_train(run, draw)
    assert first[-1] < films[1][0] <= films[1][-1] < run.epoch  # one after the other
