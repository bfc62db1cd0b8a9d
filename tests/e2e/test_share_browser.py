"""Shared links in a real headless Chromium: the sidebar shows what the link says."""

import urllib.parse
from pathlib import Path

import pytest

from tests.e2e_support import PATIENCE_MS, button, launch_chromium, new_page, running_app

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SHARED = "?dataset=circles&hidden=8,8&lr=0.03&optimizer=adam&seed=3"


@pytest.fixture(scope="module")
def app_url():
    with running_app("app.py", cwd=ROOT) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


def open_page(browser, address):
    page = new_page(browser, 1600, 1000)
    page.goto(address)
    button(page, "pg_step").wait_for(timeout=PATIENCE_MS)
    return page


def test_a_shared_link_opens_with_its_settings_and_offers_itself(browser, app_url):
    page = open_page(browser, f"{app_url}/{SHARED}")
    assert page.get_by_role("combobox", name="Dataset").input_value() == "circles"
    assert page.get_by_role("combobox", name="Optimizer").input_value() == "Adam"
    learning_rate = page.get_by_role("slider", name="Learning rate")
    assert learning_rate.get_attribute("aria-valuetext") == "0.03"
    # hidden=8,8: two neurons sliders (the number of layers waits in a closed expander).
    for number in (1, 2):
        neurons = page.get_by_role("slider", name=f"Neurons in hidden layer {number}")
        assert neurons.get_attribute("aria-valuetext") == "8"
    # The share box holds a full link to this very run.
    page.get_by_text("Share this run").click()
    shown = page.locator("[data-testid=stSidebar] [data-testid=stCode]").first
    shown.wait_for(timeout=PATIENCE_MS)
    link = urllib.parse.urlsplit(shown.inner_text().strip())
    assert f"{link.scheme}://{link.netloc}" == app_url
    assert urllib.parse.parse_qs(link.query) == urllib.parse.parse_qs(SHARED[1:])
    page.close()


def test_a_classroom_link_hides_the_fixed_controls(browser, app_url):
    page = open_page(browser, f"{app_url}/?preset=overfit&show=optimizer,lr")
    page.get_by_text("Your teacher fixed").wait_for(timeout=PATIENCE_MS)
    assert page.get_by_role("combobox", name="Optimizer").input_value() == "Adam"
    assert page.get_by_role("combobox", name="Dataset").count() == 0
    assert page.get_by_text("More data settings").count() == 0
    assert page.get_by_text("What to notice").count() == 1
    page.close()
