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
