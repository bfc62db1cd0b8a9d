"""Every animated page plays its charts as a film (ui/views/films.py): while the run plays, the
picture on screen changes many times per server update, and Pause shows the paused epoch.

The film player marks each chart it plays (ui/charts/browser/film_player.js): data-shown-epoch
(the epoch of the picture on screen), data-pictures-shown and data-clips-received. The tests
wait for states, with generous time-outs, never for speeds.
"""

from pathlib import Path

import pytest

from tests.e2e_support import (
    button,
    epoch_shown,
    first_value,
    launch_chromium,
    new_page,
    running_app,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
LONG_RUN = "1000000"  # epochs: the run goes on while the test watches it
FILMS = """() => Array.from(document.querySelectorAll('.live-chart[data-shown-epoch]'),
    (plot) => ({epoch: Number(plot.dataset.shownEpoch),
                pictures: Number(plot.dataset.picturesShown),
                clips: Number(plot.dataset.clipsReceived)}))"""


@pytest.fixture(scope="module")
def app():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        yield url, browser


def open_network(page, url):
    page.goto(f"{url}/?epochs={LONG_RUN}")
    button(page, "pg_play").wait_for()
    page.get_by_role("link", name="Network").click()
    page.get_by_text("The network at epoch").wait_for()


def open_with_long_run(path, epochs_key):
    def open_page(page, url):
        page.goto(f"{url}/{path}")
        epochs = page.locator(f".st-key-{epochs_key} input")
        epochs.fill(LONG_RUN)
        epochs.press("Enter")
        wait_until(lambda: epochs.input_value() == LONG_RUN, page=page)
        page.wait_for_timeout(1000)  # the page reruns with the new setting

    return open_page


def compare_epoch(page):
    """The first run's epoch in the Compare page's summary table."""
    cell = page.locator("table tbody tr").first.locator("td").nth(1)
    try:
        return int(cell.inner_text(timeout=1_000).replace(",", ""))
    except Exception:  # being redrawn
        return None


PAGES = {
    # page: (open it, its buttons' key prefix, the films expected, the epoch it says it is at)
    "network": (open_network, "pg", 3, epoch_shown),  # the regions, and a map per layer
    "compare": (open_with_long_run("compare", "cmp_epochs"), "cmp", 1, compare_epoch),
    "regression": (open_with_long_run("regression", "rg_epochs"), "rg", 1, epoch_shown),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_plays_a_film_and_pause_shows_the_paused_epoch(app, name):
    url, browser = app
    open_page, prefix, n_films, page_epoch = PAGES[name]
    page = new_page(browser, 1280, 720)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, url)
    button(page, f"{prefix}_play").wait_for()
    wait_until(lambda: len(page.evaluate(FILMS)) >= n_films, page=page, message="no film")
    before = page.evaluate(FILMS)

    button(page, f"{prefix}_play").click()

    # While playing, each server update (a clip) brings several pictures, played one by one:
    # the film shows more pictures than it received updates. (How many more depends on the
    # machine: 2.3-2.7 per update with both cores 8-10 times oversubscribed, 4-5 on a quiet one.
    # One picture per update, the old way, fails.)
    def played_between_updates():
        films = page.evaluate(FILMS)
        new_clips = [now["clips"] - then["clips"] for now, then in zip(films, before)]
        new_pictures = [now["pictures"] - then["pictures"] for now, then in zip(films, before)]
        return all(clips >= 4 for clips in new_clips) and all(
            2 * pictures >= 3 * clips for pictures, clips in zip(new_pictures, new_clips)
        )

    wait_until(played_between_updates, page=page, message="the pictures changed only per update")
    playing = page.evaluate(FILMS)
    assert all(film["epoch"] > 0 for film in playing)

    button(page, f"{prefix}_pause").click()
    button(page, f"{prefix}_play").wait_for()

    # Paused: every film shows the picture of the epoch where training stopped.
    def showing_the_paused_epoch():
        epoch = page_epoch(page)
        films = page.evaluate(FILMS)
        return epoch is not None and epoch > 0 and all(film["epoch"] == epoch for film in films)

    wait_until(showing_the_paused_epoch, page=page, message="Pause did not show its epoch")
    assert errors == []
    page.close()


# The Regression page's fitted curve while it plays: drawn on a canvas over the plot area
# (ui/charts/browser/curve_screen.js), never by Plotly.restyle, which redraws the whole chart.
CURVE_FILM = """() => {
  const canvas = document.querySelector('canvas.curve-film');
  const line = document.querySelector('g.traceprediction path.js-line');
  let painted = 0, fingerprint = 0;
  if (canvas) {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let index = 3; index < pixels.length; index += 4) {
      if (pixels[index] > 0) { painted += 1; fingerprint = (fingerprint * 31 + index) % 1000003; }
    }
  }
  return {canvas: Boolean(canvas && canvas.isConnected), painted, fingerprint,
          lineHidden: line ? line.style.visibility === 'hidden' : null,
          restyles: window.restyles ?? null};
}"""
COUNT_RESTYLES = """() => {
  if (window.restyles !== undefined) return;
  window.restyles = 0;
  const restyle = window.Plotly.restyle;
  window.Plotly.restyle = function (...args) {
    window.restyles += 1;
    return restyle.apply(this, args);
  };
}"""


def test_the_fitted_curve_plays_on_a_canvas_and_pause_gives_it_back_to_the_figure(app):
    url, browser = app
    page = new_page(browser, 1280, 720)
    open_with_long_run("regression", "rg_epochs")(page, url)
    wait_until(lambda: len(page.evaluate(FILMS)) >= 1, page=page, message="no film")
    page.evaluate(COUNT_RESTYLES)
    button(page, "rg_play").click()
    fingerprints = set()

    def drawn_on_the_canvas_and_moving():
        film = page.evaluate(CURVE_FILM)
        if film["canvas"] and film["painted"] > 100 and film["lineHidden"]:
            if not fingerprints:  # the film plays: from now on, count the chart's redraws
                page.evaluate("() => { window.restyles = 0; }")
            fingerprints.add(film["fingerprint"])
        return len(fingerprints) >= 3

    wait_until(
        drawn_on_the_canvas_and_moving, page=page, message="the curve did not move on its canvas"
    )
    assert page.evaluate(CURVE_FILM)["restyles"] == 0  # no whole redraw of the chart per picture

    button(page, "rg_pause").click()
    button(page, "rg_play").wait_for()

    def given_back_to_the_figure():
        film = page.evaluate(CURVE_FILM)
        return not film["canvas"] and film["lineHidden"] is False and film["restyles"] >= 1

    wait_until(given_back_to_the_figure, page=page, message="Pause left the curve on its canvas")
    # The figure's line holds the paused epoch's curve: the film shows that epoch.
    epoch = first_value(lambda: epoch_shown(page))  # (None while the number is redrawn)
    wait_until(lambda: page.evaluate(FILMS)[0]["epoch"] == epoch, page=page)
    page.close()
