"""On a classroom projector (1280×720, 1366×768) with the sidebar open: the settings a teacher
changes in a demo are in the sidebar's view on load, without scrolling it."""

from pathlib import Path

import pytest

from tests.e2e_support import launch_chromium, running_app

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
GENEROUS = 60_000  # ms: a busy machine may take long to draw the first page
DEMO_SETTINGS = {
    "Dataset": "combobox",
    "Neurons in hidden layer 1": "slider",
    "Optimizer": "combobox",
    "Learning rate": "slider",
}


@pytest.fixture(scope="module")
def app():
    """(the app's address, a browser), for every case of this module."""
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        yield url, browser


def widget_box(page, label, role):
    """The bounding box of the whole widget (its label and its control) with this label."""
    # (A slider's own input is hidden: what shows is drawn beside it.)
    control = page.locator("[data-testid=stSidebar]").get_by_role(role, name=label)
    control.wait_for(state="attached", timeout=GENEROUS)
    return widget_of(control).bounding_box()


def widget_of(control):
    return control.locator("xpath=ancestor::*[@data-testid='stElementContainer'][1]")


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768)])
@pytest.mark.parametrize("query", ["", "?preset=overfit"])
def test_the_demo_settings_are_in_view_without_scrolling(app, width, height, query):
    app_url, browser = app
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(app_url + "/" + query)
        page.get_by_role("button", name="Step 1 epoch").wait_for(timeout=GENEROUS)
        sidebar = page.locator("[data-testid=stSidebar]")
        assert sidebar.bounding_box()["width"] > 200, "the sidebar is open"
        for label, role in DEMO_SETTINGS.items():
            box = widget_box(page, label, role)
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (label, box)
        scrolled = page.evaluate(
            "() => document.querySelector('[data-testid=stSidebarContent]').scrollTop"
        )
        assert scrolled == 0
        # The other settings wait, closed, in expanders below.
        more_data = sidebar.locator("details").filter(has_text="More data settings")
        assert more_data.get_attribute("open") is None
    finally:
        page.close()
