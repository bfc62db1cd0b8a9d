"""A long Step on a big network, in a real headless Chromium: it shows Pause, the epoch counter
moves while it trains, and Pause stops it (issue 14: "Step 100 epochs" could not be stopped)."""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    button,
    epoch_shown,
    launch_chromium,
    new_page,
    running_app,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
# 4 layers of 256 neurons on 8 classes × 1,000 points: each epoch takes a good part of a second.
BIG = "/?dataset=spiral&classes=8&samples=1000&hidden=256,256,256,256"


def epoch(page):
    shown = epoch_shown(page)
    return -1 if shown is None else shown


def test_a_long_step_on_a_big_network_shows_progress_and_pause_stops_it():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, 1280, 720)
        page.goto(url + BIG)
        button(page, "pg_big_step").wait_for(timeout=PATIENCE_MS)
        wait_until(lambda: epoch(page) == 0, message="the page never showed epoch 0")

        button(page, "pg_big_step").click()  # Step 100 epochs
        button(page, "pg_pause").wait_for(timeout=PATIENCE_MS)  # it says it is training
        first = []
        wait_until(lambda: epoch(page) > 0, message="the epoch never moved")
        first.append(epoch(page))
        wait_until(lambda: epoch(page) > first[0], message="the Step showed no progress")

        button(page, "pg_pause").click()
        button(page, "pg_play").wait_for(timeout=PATIENCE_MS)
        readings = [epoch(page)]

        def unchanged_for_three_seconds():
            page.wait_for_timeout(3_000)
            readings.append(epoch(page))
            return readings[-1] == readings[-2] >= 0

        wait_until(unchanged_for_three_seconds, message="training went on after Pause")
        assert 0 < readings[-1] < 100  # stopped in the middle of the Step
        page.wait_for_timeout(3_000)
        assert epoch(page) == readings[-1]
        assert button(page, "pg_play").count() == 1
