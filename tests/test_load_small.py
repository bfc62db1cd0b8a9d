"""A small classroom: 3 Playground sessions train at once on one server, each its own run.

The small version of benchmarks/bench_load.py (30 sessions, timed): the sessions are driven
over Streamlit's websocket by tests/streamlit_driver.py. It checks behaviour, not speed: every
session gets chart updates, every click is answered, and no session ever shows another's run.
"""

import asyncio
from pathlib import Path

import pytest

from tests.e2e_support import PATIENCE, running_app
from tests.streamlit_driver import PAUSE, PLAY, STEP, PlaygroundTab, own_run

pytestmark = pytest.mark.e2e  # starts a real server

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    "dataset=moons&hidden=16,8&seed=7&epochs=999001",
    "dataset=circles&hidden=32&seed=8&epochs=999002",
    "dataset=spiral&hidden=8,8&seed=9&epochs=999003",
]
PLAY_SECONDS = 3
CLICK_TIMEOUT = PATIENCE  # generous: this checks that clicks are answered, not how fast


async def classroom(stream_url):
    """Open 3 tabs, Play in all, then Pause, Step and Play in each while the others train."""
    tabs = [PlaygroundTab(stream_url, query) for query in QUERIES]
    await asyncio.gather(*(tab.open(timeout=CLICK_TIMEOUT) for tab in tabs))
    await asyncio.gather(*(tab.click(PLAY, timeout=CLICK_TIMEOUT) for tab in tabs))
    await asyncio.sleep(PLAY_SECONDS)
    epochs_after_step = []
    for tab in tabs:
        await tab.click(PAUSE, timeout=CLICK_TIMEOUT)
        paused_at = tab.epoch
        await tab.click(STEP, timeout=CLICK_TIMEOUT)
        epochs_after_step.append((paused_at, tab.epoch))
        await tab.click(PLAY, timeout=CLICK_TIMEOUT)
    await asyncio.sleep(1)
    await asyncio.gather(*(tab.click(PAUSE, timeout=CLICK_TIMEOUT) for tab in tabs))
    await asyncio.gather(*(tab.close() for tab in tabs))
    return tabs, epochs_after_step


@pytest.fixture(scope="module")
def finished_classroom():
    with running_app("app.py", cwd=ROOT) as url:
        stream_url = url.replace("http://", "ws://") + "/_stcore/stream"
        return asyncio.run(classroom(stream_url))


@pytest.mark.parametrize("index", range(len(QUERIES)))
def test_every_session_trains_and_gets_chart_updates(finished_classroom, index):
    tabs, _ = finished_classroom
    tab = tabs[index]
    assert tab.exceptions == []
    assert len(tab.updates) >= 3
    assert tab.updates[-1].epoch > 0
    # Each update of the decision regions carries a clip of at least one picture to play.
    assert tab.pictures and all(count >= 1 for _, count in tab.pictures)


@pytest.mark.parametrize("index", range(len(QUERIES)))
def test_step_trains_exactly_one_epoch_while_the_others_play(finished_classroom, index):
    _, epochs_after_step = finished_classroom
    paused_at, stepped_to = epochs_after_step[index]
    assert stepped_to == paused_at + 1


@pytest.mark.parametrize("index", range(len(QUERIES)))
def test_every_update_shows_the_sessions_own_run(finished_classroom, index):
    tabs, _ = finished_classroom
    epoch_label, first_loss, points = own_run(QUERIES[index])
    runs = {own_run(query)[1:] for query in QUERIES}
    assert len(runs) == len(QUERIES), "the three links should start three different runs"
    tab = tabs[index]
    for update in tab.updates:
        assert update.epoch_label == epoch_label
        assert update.first_loss in (None, first_loss)
    assert tab.regions_fingerprints == {points}
    epochs = [update.epoch for update in tab.updates]
    assert epochs == sorted(epochs)
