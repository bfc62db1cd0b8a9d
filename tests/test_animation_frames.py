"""The animation loop's frame (ui/run/animation.py, animate): while the run plays, a fragment
that Streamlit reruns on a timer; paused, another fragment, without one. Streamlit names a
fragment by its function's module and name and its place on the page, so the timer's requests
still on their way after a Pause name a fragment the paused page no longer has, and Streamlit
drops them as they come (AppSession.request_rerun: "The fragment with id ... does not exist
anymore") instead of drawing the paused page again."""

from types import SimpleNamespace

import pytest
import streamlit as st

from ui.run import animation
from ui.run.animated_run import FRAME_INTERVAL


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
    animation.animate(run, draw=None)
    run.playing = False
    animation.animate(run, draw=None)
    (playing_name, playing_timer), (paused_name, paused_timer) = declared
    assert playing_timer == FRAME_INTERVAL
    assert paused_timer is None
    assert playing_name != paused_name
