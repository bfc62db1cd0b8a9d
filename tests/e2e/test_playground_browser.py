"""The Playground in a real headless Chromium: Play, watch, Pause, Step, Reset."""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    button,
    epoch_shown,
    launch_chromium,
    new_page,
    running_app,
    wait_for_epoch,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def page():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, 1600, 1000)
        page.goto(url)
        page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=PATIENCE_MS)
        wait_until(
            lambda: page.evaluate(CHARTS_DRAWN) >= 2, message="the two charts never appeared"
        )
        yield page


CHARTS_DRAWN = "() => document.querySelectorAll('.js-plotly-plot .main-svg').length"


def epoch(page):
    """The epoch shown; -1 while it is being redrawn (so that `>` comparisons just wait)."""
    shown = epoch_shown(page)
    return -1 if shown is None else shown


def still_picture_epoch(page):
    """The epoch of the still picture the regions chart shows once its run stopped playing
    (ui/charts/browser/film_player.js), or None while the film plays."""
    return page.evaluate(
        """() => {
            const plot = document.querySelector('.live-chart[data-playing="false"]');
            return plot ? Number(plot.dataset.shownEpoch) : null;
        }"""
    )


def paused_epoch(page):
    """The epoch where the run stopped, once the page shows it: the numbers and the regions'
    still picture agree (a frame already on its way when Pause was clicked may still land;
    the still picture comes with the answer that draws the stopped run)."""
    wait_until(
        lambda: still_picture_epoch(page) == epoch(page),
        message="the page never showed the stopped run's still picture",
    )
    return epoch(page)


def chart_state(page):
    """What the charts show: the epoch of the regions picture on screen, and the number of
    loss points."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot =>
            plot.dataset.shownEpoch || JSON.stringify((plot.data || []).map(
                trace => (trace.x || []).length)))"""
    )


def test_play_trains_and_the_charts_follow_then_pause_step_reset(page):
    wait_for_epoch(page, 0)
    before = chart_state(page)

    button(page, "pg_play").click()
    wait_until(lambda: epoch(page) > 500, message="the epoch counter did not rise")
    wait_until(lambda: chart_state(page) != before, message="the charts did not change")
    regions_before = chart_state(page)[0]
    wait_until(lambda: chart_state(page)[0] != regions_before, message="regions frozen")

    button(page, "pg_pause").click()
    button(page, "pg_play").wait_for(timeout=PATIENCE_MS)
    paused_at = paused_epoch(page)
    page.wait_for_timeout(2_000)
    assert epoch(page) == paused_at, "training went on after Pause"

    button(page, "pg_step").click()
    wait_for_epoch(page, paused_at + 1, "Step did not add one epoch")

    button(page, "pg_reset").click()
    wait_for_epoch(page, 0, "Reset did not go back to epoch 0")


def test_the_chart_elements_are_updated_in_place_not_remounted(page):
    page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot').forEach(p => p.__scratchnetTag = 1)"
    )
    start = paused_epoch(page)
    button(page, "pg_play").click()
    wait_until(lambda: epoch(page) > start + 300, message="the epoch counter did not rise")
    button(page, "pg_pause").click()
    tagged = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.__scratchnetTag === 1)"
    )
    assert tagged == [True, True]


# 4 layers of 256 neurons on 8 classes × 1,000 points: each epoch takes a good part of a second.
BIG_NETWORK = "/?dataset=spiral&classes=8&samples=1000&hidden=256,256,256,256"


def test_a_long_step_on_a_big_network_shows_progress_and_pause_stops_it(page):
    """Issue 14: "Step 100 epochs" on a big network could not be stopped. Now it plays: it shows
    Pause, the epoch counter moves, and Pause stops it in the middle. (Its own server, in the
    module's browser: one sync Playwright at a time.)"""
    with running_app("app.py", cwd=ROOT) as url:
        page = new_page(page.context.browser, 1280, 720)
        page.goto(url + BIG_NETWORK)
        button(page, "pg_big_step").wait_for(timeout=PATIENCE_MS)
        wait_until(lambda: epoch(page) == 0, message="the page never showed epoch 0")

        button(page, "pg_big_step").click()  # Step 100 epochs
        button(page, "pg_pause").wait_for(timeout=PATIENCE_MS)  # it says it is training
        wait_until(lambda: epoch(page) > 0, message="the epoch never moved")
        moved_to = epoch(page)
        wait_until(lambda: epoch(page) > moved_to, message="the Step showed no progress")

        button(page, "pg_pause").click()
        button(page, "pg_play").wait_for(timeout=PATIENCE_MS)
        # The answer to Pause has drawn the run: a still picture of the epoch the numbers show
        # (the Play button comes first: the numbers may still be the last frame's for a while).
        paused_at = paused_epoch(page)
        assert 0 < paused_at < 100  # stopped in the middle of the Step
        page.wait_for_timeout(3_000)
        assert epoch(page) == paused_at  # training does not go on after Pause
        assert button(page, "pg_play").count() == 1
