"""The Network page in a real headless Chromium: open it, drag the timeline back, see it change."""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    button,
    click_until,
    epoch_once_shown,
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


# Watches the page at every screen refresh and notes whether the replay's caption ("… sent
# once …") and the caption it replaces ("Pause first …") were ever on screen together.
WATCH_CAPTIONS = """() => {
    window.bothCaptionsSeen = 0;
    const captions = () => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
        .map(caption => caption.innerText);
    const look = () => {
        const texts = captions();
        if (texts.some(t => t.includes('sent once')) && texts.some(t => t.includes('Pause first')))
            window.bothCaptionsSeen += 1;
        requestAnimationFrame(look);
    };
    look();
}"""


def test_pause_brings_the_replay_which_waits_while_the_run_plays():
    """The replay sits under the frame, in the run's part of the page (ui/run/animation.py's
    `below`): a click (Play, Pause) reruns that part only, and the replay follows it. Its
    caption takes the place of the "Pause first" caption at once: the old one never stays on
    screen beside it while the browser builds the replay's chart (it did for 0.6-2.6 s in 8
    Pauses of 10, when the chart came first and the caption after it)."""
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, 1280, 720)
        page.goto(url + "/?epochs=1000000")  # a run that plays on while we look
        page.get_by_role("button", name="Step 1 epoch").click()
        wait_for_epoch(page, 1, "Step did not reach 1")
        page.get_by_role("link", name="Network").click()
        page.get_by_text("The network at epoch 1").wait_for(timeout=PATIENCE_MS)
        page.get_by_text("Show the replay").click()
        replay = page.get_by_text("sent once")  # "N frames from epoch 0 to 1, sent once (… kB)"
        replay.wait_for(timeout=PATIENCE_MS)
        page.locator(".st-key-nw_replay_chart .slider-container").wait_for(timeout=PATIENCE_MS)
        page.evaluate(WATCH_CAPTIONS)

        pause_first = page.get_by_text("Pause first: the replay shows the run recorded so far.")
        for _ in range(3):  # the replay grows with the run: a longer one takes longer to build
            click_until(button(page, "pg_play"), pause_first)
            epoch = epoch_once_shown(page)
            wait_until(lambda e=epoch: (epoch_shown(page) or 0) > e + 1000, message="no training")
            button(page, "pg_pause").click()
            replay.wait_for(timeout=PATIENCE_MS)
            assert pause_first.count() == 0, "the old caption is still there"
            # The replay's chart is built: a Plotly figure with its slider.
            page.locator(".st-key-nw_replay_chart .slider-container").wait_for(timeout=PATIENCE_MS)
        assert page.evaluate("window.bothCaptionsSeen") == 0, "both captions were on screen"
