"""Every page in a real headless Chromium: no error in the browser's console, and no request to
any host but the app's own.

A school network may block other hosts, and `.streamlit/config.toml` promises the app phones
nowhere: the page's icon, fonts and scripts all come from the app's server. The test visits
every page from the sidebar, presses Play where there is one, lets it train, pauses, and
records meanwhile every console message of type "error", every uncaught page error, and
every request the page made.
"""

import urllib.parse
from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    epoch_shown,
    launch_chromium,
    new_page,
    pause_or_see_it_end,
    running_app,
    wait_for_epoch,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

# (link in the sidebar, the page's title, whether it has Play)
PAGES = [
    ("Playground", "Playground", True),
    ("Network", "Network", True),
    ("Learn: one step", "Learn: one training step", False),
    ("Compare", "Compare", True),
    ("Regression", "Regression", True),
    ("Digits", "Digits", True),
    ("Save & load", "Save & load", False),
]
# Chromium's own pages and the data the app inlines are no requests to another host.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension"}


def play_a_while(page):
    """Press Play, let a few frames land (the epoch moves), then Pause."""
    before = epoch_shown(page)
    any_button(page, "play").click()
    any_button(page, "pause").wait_for()
    wait_until(
        lambda: (epoch_shown(page) or 0) > (before or 0) + 10 or page_has_curves_moving(page),
        message="Play did not train",
        page=page,
    )
    page.wait_for_timeout(1_500)  # a few more frames: charts redrawn while playing
    pause_or_see_it_end(any_button(page, "pause"), any_button(page, "play"))


def any_button(page, action):
    """The page's Play/Pause button while it says `action` ("play" or "pause"), whichever page
    it is (its widget key is the page's prefix and "_play": pg_play, cmp_play, ...)."""
    keys = ", ".join(f".st-key-{prefix}_play" for prefix in ("pg", "cmp", "rg", "dg"))
    return page.locator(f":is({keys}) button:visible").filter(has_text=action.capitalize())


def page_has_curves_moving(page):
    """Compare shows no epoch counter: a curve with points means it trained."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].some(plot =>
            (plot.data || []).some(trace => (trace.legendgroup || '').startsWith('run ')
                && trace.x && (trace.x.length > 5 || (trace.x.bdata || '').length > 20)))"""
    )


def test_no_console_error_and_no_third_party_request_on_any_page():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        app_host = urllib.parse.urlsplit(url).netloc
        page = new_page(browser)
        errors = []
        foreign_requests = []
        page.on(
            "console",
            lambda message: (
                errors.append(f"console: {message.text}") if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))

        def check_host(request):
            address = urllib.parse.urlsplit(request.url)
            if address.scheme not in LOCAL_SCHEMES and address.netloc != app_host:
                foreign_requests.append(request.url)

        page.on("request", check_host)

        # A run that plays on through the Playground and the Network page: the default 10,001
        # epochs can end within the Playground's few seconds of Play on a quick machine, and
        # Play on the Network page would then find the run complete (no Pause to wait for).
        page.goto(url + "/?epochs=1000000")
        wait_for_epoch(page, 0)
        page.get_by_role("button", name="Step 100 epochs").click()  # something for every page
        wait_for_epoch(page, 100)
        for link, title, has_play in PAGES:
            page.locator("[data-testid=stTopNav]").get_by_role(
                "link", name=link, exact=True
            ).click()
            page.get_by_role("heading", name=title, exact=True).wait_for(timeout=PATIENCE_MS)
            if has_play:
                play_a_while(page)
            page.wait_for_timeout(1_000)  # late errors (a chart resized after it left) land
            assert page.locator("[data-testid=stException]").count() == 0, title

        assert foreign_requests == [], "requests to other hosts:\n" + "\n".join(foreign_requests)
        assert errors == [], "errors in the browser:\n" + "\n".join(errors)
