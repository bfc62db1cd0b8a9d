"""A link to a page, opened as the very first request of a freshly started server.

Streamlit 1.67 routes such a link straight to the file in pages/, without app.py, until some
session has run st.navigation (see ui/pages_guard.py). Each case starts its own server, so the
link is the server's first request; the page must still come up through app.py: its own title,
the app's six pages in the sidebar, and the link's query parameters in effect.
"""

import re
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e_support import PATIENCE_MS, launch_chromium, new_page, running_app

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
APP_PAGES = [
    "Playground",
    "Network",
    "Learn: one step",
    "Compare",
    "Regression",
    "Digits",
    "Save & load",
]
GENEROUS = PATIENCE_MS  # a fresh server on a busy machine imports everything on its first run


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


@contextmanager
def first_request(browser, address):
    """Start a fresh server and open `address` (a path and a query) as its first request."""
    with running_app("app.py", cwd=ROOT) as url:
        page = new_page(browser, 1600, 1000)
        page.goto(url + address)
        try:
            yield url, page
        finally:
            page.close()


def expect_the_apps_page(page, title):
    """The page's own title, the app's navigation (not the files of pages/) at the top."""
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=GENEROUS)
    links = page.locator("[data-testid=stTopNav] [data-testid=stTopNavLink]")
    # Each link's text is its icon's name (e.g. "play_circle") followed by the page's title.
    titles = [re.compile(re.escape(title) + "$") for title in APP_PAGES]
    expect(links).to_have_text(titles, timeout=GENEROUS)
    # No error on the way, and no "page not found" dialog.
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_role("dialog").count() == 0


@pytest.mark.parametrize(
    ("address", "title"),
    [
        ("/compare?dataset=moons&lr=0.03", "Compare"),
        ("/regression?seed=3", "Regression"),
    ],
)
def test_a_first_link_to_a_page_opens_it_through_the_app(browser, address, title):
    with first_request(browser, address) as (url, page):
        expect_the_apps_page(page, title)
        # These pages read no settings from the address, but they keep it as it came.
        expect(page).to_have_url(url + address, timeout=GENEROUS)


def test_a_first_link_to_the_playground_opens_with_its_settings(browser):
    with first_request(browser, "/playground?dataset=moons&lr=0.03") as (url, page):
        expect_the_apps_page(page, "Playground")
        page.get_by_role("button", name="Step 1 epoch").wait_for(timeout=GENEROUS)
        assert page.get_by_role("combobox", name="Dataset").input_value() == "moons"
        learning_rate = page.get_by_role("slider", name="Learning rate")
        assert learning_rate.get_attribute("aria-valuetext") == "0.03"
        # The share box offers a link to this very run, with the link's settings.
        page.get_by_text("Share this run").click()
        shown = page.locator("[data-testid=stSidebar] [data-testid=stCode]").first
        shown.wait_for(timeout=GENEROUS)
        link = urllib.parse.urlsplit(shown.inner_text().strip())
        assert f"{link.scheme}://{link.netloc}" == url
        assert urllib.parse.parse_qs(link.query) == {"dataset": ["moons"], "lr": ["0.03"]}
