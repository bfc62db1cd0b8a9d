"""The Digits page in a real headless Chromium: a stroke drawn with the mouse is read by the
network, and Play fills the confusion matrix's diagonal."""

import math
from pathlib import Path

import pytest

from tests.e2e_support import (
    button,
    epoch_shown,
    first_value,
    launch_chromium,
    running_app,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

# The probabilities bar chart's ten heights, or null while nothing is drawn (no bars).
PROBABILITIES = """() => {
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const trace = (plot.data || [])[0];
    if (trace && trace.type === 'bar' && trace.y.some(height => height > 0)) {
      return Array.from(trace.y);
    }
  }
  return null;
}"""

# The confusion matrix's right answers: the sum of its diagonal (null before it is drawn).
RIGHT_ANSWERS = """() => {
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const trace = (plot.data || [])[0];
    if (trace && trace.type === 'heatmap' && trace.texttemplate === '%{z}') {
      return trace.z.reduce((sum, row, i) => sum + row[i], 0);
    }
  }
  return null;
}"""


def stroke(page, points):
    """Draw one stroke through `points` (pixels on the page) with the mouse."""
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point, steps=2)
    page.mouse.up()


def test_a_drawn_stroke_is_read_and_play_fills_the_confusion_matrix():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.get_by_role("heading", name="Playground").wait_for(timeout=60_000)
        page.goto(url + "/digits")  # the app has run: its navigation takes the link
        page.get_by_role("heading", name="Digits").wait_for(timeout=60_000)
        canvas = page.locator(".drawing-canvas canvas")
        canvas.wait_for(timeout=60_000)
        assert page.evaluate(PROBABILITIES) is None

        # A vertical stroke down the middle of the canvas: the probabilities appear.
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        middle_x = box["x"] + box["width"] / 2
        top, bottom = box["y"] + 0.15 * box["height"], box["y"] + 0.85 * box["height"]
        stroke(page, [(middle_x, top + (bottom - top) * i / 10) for i in range(11)])
        page.get_by_text("The network reads").wait_for(timeout=60_000)
        after_the_bar = first_value(lambda: page.evaluate(PROBABILITIES), 60, "no probabilities")
        assert len(after_the_bar) == 10 and sum(after_the_bar) == pytest.approx(1, abs=1e-3)

        # Clear, then a ring: other probabilities.
        page.locator(".drawing-canvas button", has_text="Clear").click()
        wait_until(lambda: page.evaluate(PROBABILITIES) is None, 60, "Clear kept the chart")
        centre_y = (top + bottom) / 2
        radius = 0.3 * box["width"]
        angles = [step / 12 * math.pi for step in range(25)]
        ring = [
            (middle_x + radius * math.sin(angle), centre_y - radius * math.cos(angle))
            for angle in angles
        ]
        stroke(page, ring)
        wait_until(
            lambda: page.evaluate(PROBABILITIES) not in (None, after_the_bar),
            60,
            "the probabilities did not change for another drawing",
        )

        # Play: the network learns, and the diagonal of the confusion matrix fills.
        before = page.evaluate(RIGHT_ANSWERS)
        assert before is not None
        button(page, "dg_play").click()
        wait_until(
            lambda: page.evaluate(RIGHT_ANSWERS) >= 400,  # of 450 test images
            120,
            "the confusion matrix's diagonal did not fill while playing",
        )
        assert before < 400


def test_a_stroke_drawn_while_the_network_trains_is_read_and_training_goes_on():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.get_by_role("heading", name="Playground").wait_for(timeout=60_000)
        page.goto(url + "/digits")
        page.get_by_role("heading", name="Digits").wait_for(timeout=60_000)
        # Enough epochs that the run still plays while the strokes are read, however slow.
        page.get_by_label("Epochs to train").fill("1000000")
        page.get_by_label("Epochs to train").press("Enter")
        page.get_by_text("Epoch (of 1,000,000)").wait_for(timeout=60_000)
        button(page, "dg_play").click()
        button(page, "dg_pause").wait_for(timeout=60_000)
        wait_until(lambda: (epoch_shown(page) or 0) >= 1, 120, "training did not start")

        canvas = page.locator(".drawing-canvas canvas")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()  # the charts keep their heights: the canvas stays put
        middle_x = box["x"] + box["width"] / 2
        top, bottom = box["y"] + 0.15 * box["height"], box["y"] + 0.85 * box["height"]
        stroke(page, [(middle_x, top + (bottom - top) * i / 10) for i in range(11)])
        after_the_bar = first_value(lambda: page.evaluate(PROBABILITIES), 120, "no probabilities")
        assert sum(after_the_bar) == pytest.approx(1, abs=1e-3)

        page.locator(".drawing-canvas button", has_text="Clear").click()
        wait_until(lambda: page.evaluate(PROBABILITIES) is None, 120, "Clear kept the chart")
        left, right = box["x"] + 0.2 * box["width"], box["x"] + 0.8 * box["width"]
        stroke(page, [(left + (right - left) * i / 10, (top + bottom) / 2) for i in range(11)])
        wait_until(
            lambda: page.evaluate(PROBABILITIES) not in (None, after_the_bar),
            120,
            "a second drawing, made while training, was not read",
        )
        # Still playing, and the network went on learning after the strokes.
        assert button(page, "dg_pause").is_visible()
        epoch = epoch_shown(page)
        wait_until(
            lambda: (epoch_shown(page) or 0) > (epoch or 0), 120, "training stopped after drawing"
        )
