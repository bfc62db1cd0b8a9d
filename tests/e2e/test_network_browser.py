"""The Network page in a real headless Chromium: open it, drag the timeline back, see it change."""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    epoch_shown,
    launch_chromium,
    new_page,
    running_app,
    wait_for_epoch,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

# What the decision-regions chart and the network graph show right now, read from plotly.js.
CHARTS = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    // The decision regions are a film (ui/views/films.py): the epoch of the picture shown.
    const regions = plots.find(p => p.dataset.shownEpoch !== undefined);
    const graph = plots.find(p => (p.data || []).some(t => t.name === 'hidden layer 1'));
    const biases = graph && graph.data.find(t => t.name === 'hidden layer 1').customdata;
    return {regions: regions ? regions.dataset.shownEpoch : null,
            biases: biases ? JSON.stringify(biases) : null,
            count: plots.length};
}"""


def test_dragging_the_timeline_back_redraws_the_network_as_it_was(tmp_path):
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, 1600, 1200)
        page.goto(url)
        step = page.get_by_role("button", name="Step 100 epochs")
        step.wait_for(timeout=PATIENCE_MS)
        step.click()
        wait_for_epoch(page, 100, "Step did not reach 100")
        page.get_by_role("link", name="Network").click()
        page.get_by_text("The network at epoch 100").wait_for(timeout=PATIENCE_MS)
        wait_until(lambda: page.evaluate(CHARTS)["regions"] and page.evaluate(CHARTS)["biases"])
        at_100 = page.evaluate(CHARTS)

        timeline = page.locator("[data-testid=stSlider]").filter(has_text="Training timeline")
        timeline.get_by_role("slider").focus()
        page.keyboard.press("Home")  # back to the first snapshot: epoch 0

        page.get_by_text("The network at epoch 0").wait_for(timeout=PATIENCE_MS)
        wait_until(
            lambda: page.evaluate(CHARTS)["regions"] != at_100["regions"],
            message="the decision regions did not change",
        )
        wait_until(
            lambda: page.evaluate(CHARTS)["biases"] != at_100["biases"],
            message="the network graph did not change",
        )
        # At epoch 0 every bias is still 0, as the weights were initialised.
        assert set(page.evaluate(CHARTS)["biases"].strip("[]").split(",")) == {"0"}
        # Looking back does not move the run: the epoch counter still says 100.
        assert epoch_shown(page) == 100
        page.screenshot(path=str(tmp_path / "network_page.png"))
