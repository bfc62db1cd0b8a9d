"""The Compare page in a real headless Chromium: Play, and every run's curve grows."""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    button,
    launch_chromium,
    new_page,
    running_app,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

# Per run of the curves chart (its traces are grouped by run): the last epoch of its loss line
# (-1 while it has no point). The line keeps at most a few hundred points of a long run, so the
# number of points stops growing; its last epoch does not.
# plotly.js keeps packed arrays as sent, {dtype, bdata}: decode them with their typed array.
LAST_EPOCHS = """() => {
  const TYPES = {f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array,
                 i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array};
  const values = x => {
    if (!x) return [];
    if (x.length !== undefined) return x;
    const bytes = Uint8Array.from(atob(x.bdata), c => c.charCodeAt(0));
    return new TYPES[x.dtype](bytes.buffer);
  };
  const last = {};
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    for (const trace of plot.data || []) {
      if ((trace.legendgroup || '').startsWith('run ') && trace.yaxis === 'y'
          && trace.mode === 'lines' && !trace.line.dash) {
        const epochs = values(trace.x);
        last[trace.legendgroup] = epochs.length ? Number(epochs[epochs.length - 1]) : -1;
      }
    }
  }
  return last;
}"""


# The right end of the widest x-axis among the page's charts: the epochs the curves span.
LONGEST_X_AXIS = """() => Math.max(0, ...[...document.querySelectorAll('.js-plotly-plot')]
  .map(plot => ((plot.layout || {}).xaxis || {}).range || [0, 0]).map(range => range[1]))"""


def test_play_on_compare_grows_every_runs_curve():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, 1600, 1200)
        # The app first, until its st.navigation is drawn, then the Compare page from that
        # navigation (at the top of the page).
        page.goto(url)
        page.get_by_role("heading", name="Playground").wait_for(timeout=PATIENCE_MS)
        page.locator('[data-testid="stTopNav"] a[href$="/compare"]').click()
        page.get_by_role("heading", name="Compare").wait_for(timeout=PATIENCE_MS)
        wait_until(
            lambda: len(page.evaluate(LAST_EPOCHS)) == 3, message="no curves chart with 3 runs"
        )
        assert page.evaluate(LAST_EPOCHS) == {"run 0": -1, "run 1": -1, "run 2": -1}

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
            lambda: min(page.evaluate(LAST_EPOCHS).values()) > 20,
            message="the curves did not grow",
        )
        first = page.evaluate(LAST_EPOCHS)
        wait_until(
            lambda: all(last > first[run] for run, last in page.evaluate(LAST_EPOCHS).items()),
            message="the curves stopped growing while playing",
        )
        button(page, "cmp_pause").click()
        button(page, "cmp_play").wait_for(timeout=PATIENCE_MS)
