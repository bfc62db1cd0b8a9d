"""The Learn page in a real headless Chromium: open it from the sidebar, take two steps."""

import re
from pathlib import Path

import pytest

from tests.e2e_support import PATIENCE_MS, launch_chromium, new_page, running_app, wait_until

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def metric(page, label):
    """The value of the metric whose label is `label`."""
    block = page.locator("[data-testid=stMetric]").filter(has_text=label)
    return block.locator("[data-testid=stMetricValue]").inner_text()


def step_rows(page):
    """The rows of the table of steps taken: (step, loss before, loss after)."""
    table = page.locator("table").filter(has_text="loss before")
    if table.count() == 0:
        return []
    rows = table.first.locator("tbody tr").all_inner_texts()
    return [tuple(re.split(r"\s+", row.strip())[:3]) for row in rows]


def test_next_step_twice_from_the_sidebar():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, 1400, 1000)
        page.goto(url)
        # the Playground sets up the run the Learn page takes apart
        page.get_by_role("button", name="Step 1 epoch").wait_for(timeout=PATIENCE_MS)
        page.get_by_role("link", name="Learn: one step").click()
        page.get_by_role("heading", name="Learn: one training step").wait_for(timeout=PATIENCE_MS)
        wait_until(lambda: metric(page, "Steps taken here") == "0", message="no step count")
        start_loss = float(metric(page, "Batch loss now"))

        page.get_by_role("button", name="Next step", exact=True).click()
        wait_until(lambda: metric(page, "Steps taken here") == "1", message="step 1 not shown")
        page.get_by_role("button", name="Next step", exact=True).click()
        wait_until(lambda: metric(page, "Steps taken here") == "2", message="step 2 not shown")

        wait_until(lambda: len(step_rows(page)) == 2, message="the table lacks the two steps")
        (first, before_1, after_1), (second, before_2, after_2) = step_rows(page)
        assert (first, second) == ("1", "2")
        assert float(before_1) == pytest.approx(start_loss, abs=1e-5)
        assert float(after_1) < float(before_1) and float(after_2) < float(before_2)
        assert float(metric(page, "Batch loss now")) == pytest.approx(float(after_2), abs=1e-5)
