"""The Playground in a real headless Chromium: Play, watch, Pause, Step, Reset."""

import time
from pathlib import Path

import pytest

from tests.e2e_support import button, launch_chromium, running_app, wait_until

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def page():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(url)
        page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)
        wait_for_charts(page)
        yield page


def wait_for_charts(page, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (
            page.evaluate("() => document.querySelectorAll('.js-plotly-plot .main-svg').length")
            >= 2
        ):
            return
        time.sleep(0.2)
    raise AssertionError("the two charts never appeared")


def epoch(page):
    text = page.locator("[data-testid=stMetricValue]").first.inner_text()
    return int(text.replace(",", ""))


def chart_state(page):
    """What the charts show: the epoch of the regions picture on screen, and the number of
    loss points."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot =>
            plot.dataset.shownEpoch || JSON.stringify((plot.data || []).map(
                trace => (trace.x || []).length)))"""
    )


def test_play_trains_and_the_charts_follow_then_pause_step_reset(page):
    assert epoch(page) == 0
    before = chart_state(page)

    button(page, "pg_play").click()
    wait_until(lambda: epoch(page) > 500, message="the epoch counter did not rise")
    wait_until(lambda: chart_state(page) != before, message="the charts did not change")
    regions_before = chart_state(page)[0]
    wait_until(lambda: chart_state(page)[0] != regions_before, message="regions frozen")

    button(page, "pg_pause").click()
    button(page, "pg_play").wait_for(timeout=10_000)
    time.sleep(0.5)  # a frame already on its way may still land
    paused_at = epoch(page)
    time.sleep(1.5)
    assert epoch(page) == paused_at, "training went on after Pause"

    button(page, "pg_step").click()
    wait_until(lambda: epoch(page) == paused_at + 1, message="Step did not add one epoch")

    button(page, "pg_reset").click()
    wait_until(lambda: epoch(page) == 0, message="Reset did not go back to epoch 0")


def test_the_chart_elements_are_updated_in_place_not_remounted(page):
    page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot').forEach(p => p.__scratchnetTag = 1)"
    )
    button(page, "pg_play").click()
    start = epoch(page)
    wait_until(lambda: epoch(page) > start + 300)
    button(page, "pg_pause").click()
    tagged = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.__scratchnetTag === 1)"
    )
    assert tagged == [True, True]
