"""The Compare page in a real headless Chromium: Play, and every run's curve grows."""

from pathlib import Path

import pytest

from tests.e2e_support import button, launch_chromium, running_app, wait_until

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

# Per run of the curves chart (its traces are grouped by run): the points of its loss line.
# plotly.js keeps packed arrays as sent, {dtype, bdata}: 4 bytes a number (f4 or i4).
CURVE_LENGTHS = """() => {
  const count = x => !x ? 0 : x.length !== undefined ? x.length
                    : x.bdata ? atob(x.bdata).length / 4 : 0;
  const lengths = {};
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    for (const trace of plot.data || []) {
      if ((trace.legendgroup || '').startsWith('run ') && trace.yaxis === 'y'
          && trace.mode === 'lines' && !trace.line.dash) {
        lengths[trace.legendgroup] = count(trace.x);
      }
    }
  }
  return lengths;
}"""


# The right end of the widest x-axis among the page's charts: the epochs the curves span.
LONGEST_X_AXIS = """() => Math.max(0, ...[...document.querySelectorAll('.js-plotly-plot')]
  .map(plot => ((plot.layout || {}).xaxis || {}).range || [0, 0]).map(range => range[1]))"""


def test_play_on_compare_grows_every_runs_curve():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        # The app first, until its st.navigation (at the top) has replaced the sidebar's list of
        # files, then the Compare page from that navigation.
        page.goto(url)
        page.get_by_role("heading", name="Playground").wait_for(timeout=60_000)
        page.locator('[data-testid="stTopNav"] a[href$="/compare"]').click()
        page.get_by_role("heading", name="Compare").wait_for(timeout=60_000)
        wait_until(
            lambda: len(page.evaluate(CURVE_LENGTHS)) == 3, message="no curves chart with 3 runs"
        )
        assert page.evaluate(CURVE_LENGTHS) == {"run 0": 0, "run 1": 0, "run 2": 0}

        # Far more epochs than the test lasts, so the runs are still training when it pauses
        # (the 10,001 of the default can all be trained in a few seconds).
        epochs = page.get_by_label("Epochs to train")
        epochs.fill("1000000")
        epochs.press("Enter")
        wait_until(
            lambda: page.evaluate(LONGEST_X_AXIS) >= 1_000_000,
            message="the curves chart does not span the new number of epochs",
        )
        button(page, "cmp_play").click()
        wait_until(
            lambda: min(page.evaluate(CURVE_LENGTHS).values()) > 20,
            message="the curves did not grow",
        )
        first = page.evaluate(CURVE_LENGTHS)
        wait_until(
            lambda: all(
                length > first[run] for run, length in page.evaluate(CURVE_LENGTHS).items()
            ),
            message="the curves stopped growing while playing",
        )
        button(page, "cmp_pause").click()
        button(page, "cmp_play").wait_for(timeout=10_000)
