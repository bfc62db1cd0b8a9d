"""The Digits page on a classroom projector, in headless Chromium: at 1280 × 720 with the sidebar
open, a teacher can press Play, draw a digit and see the network's answer next to the curves,
without scrolling, before and after drawing and while the network trains."""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE,
    button,
    epoch_shown,
    launch_chromium,
    new_page,
    outside_the_screen,
    running_app,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SIZE = (1280, 720)

# What a teacher needs on the screen: the buttons, the numbers, the curves, the canvas (and its
# Clear button) and the network's answer (its words and the ten probabilities).
MUST_BE_SEEN = {
    "Play/Pause": ".st-key-dg_play button:visible, .st-key-dg_pause button:visible",
    "Step": ".st-key-dg_step button:visible",
    "Reset": ".st-key-dg_reset button:visible",
    "epoch, loss and accuracy": "[data-testid=stMetric] >> nth=5",
    "loss and accuracy curves": ".st-key-dg_curves .live-chart",
    "drawing canvas": ".drawing-canvas canvas",
    "Clear": ".drawing-canvas button",
    "probabilities": ".st-key-dg_probabilities .live-chart",
}
ANSWER = "text=/The network reads|Draw a digit from 0 to 9/"

# The elements of `selector` that an ancestor clips (overflow other than visible) by more than
# half a pixel: a canvas whose border or Clear button is cut off.
CLIPPED = """(selector) => {
  const clipped = [];
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const frame = parent.getBoundingClientRect();
      if (box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5 ||
          box.left < frame.left - 0.5 || box.right > frame.right + 0.5) {
        clipped.push(element.tagName);
        break;
      }
    }
  }
  return clipped;
}"""


def stroke_down_the_middle(page):
    """A vertical stroke down the middle of the canvas, with the mouse."""
    box = page.locator(".drawing-canvas canvas").bounding_box()
    middle_x = box["x"] + box["width"] / 2
    top, bottom = box["y"] + 0.15 * box["height"], box["y"] + 0.85 * box["height"]
    page.mouse.move(middle_x, top)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(middle_x, top + (bottom - top) * step / 10, steps=2)
    page.mouse.up()


def not_seen(page):
    """What the teacher cannot see without scrolling (the answer included)."""
    return outside_the_screen(page, {**MUST_BE_SEEN, "the answer": ANSWER}, SIZE)


def test_the_canvas_and_its_answer_sit_beside_the_curves_on_one_projector_screen():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, *SIZE)  # every wait up to PATIENCE
        page.goto(url)
        page.get_by_role("heading", name="Playground").wait_for()
        page.goto(url + "/digits")  # the app has run: its navigation takes the link
        page.locator(".drawing-canvas canvas").wait_for()
        assert page.locator("[data-testid=stSidebar]").first.is_visible()

        # On load (the charts take their height once drawn: wait for the layout to settle).
        wait_until(lambda: not_seen(page) == [], PATIENCE, f"not on the screen: {not_seen(page)}")
        assert page.evaluate(CLIPPED, ".drawing-canvas canvas, .drawing-canvas button") == []
        curves = page.locator(MUST_BE_SEEN["loss and accuracy curves"]).bounding_box()
        canvas = page.locator(MUST_BE_SEEN["drawing canvas"]).bounding_box()
        assert canvas["x"] > curves["x"] + curves["width"]  # beside the curves, not below
        assert canvas["y"] < curves["y"] + curves["height"]

        # A drawn digit: its answer is on the same screen.
        stroke_down_the_middle(page)
        page.get_by_text("The network reads").wait_for()
        assert not_seen(page) == []

        # While the network trains.
        button(page, "dg_play").click()
        wait_until(lambda: (epoch_shown(page) or 0) >= 2, PATIENCE, "Play did not train")
        assert not_seen(page) == []
        assert page.evaluate(CLIPPED, ".drawing-canvas canvas, .drawing-canvas button") == []
