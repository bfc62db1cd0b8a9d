"""The live chart's JavaScript (ui/charts/browser/live_chart.js) in Chromium, on its own page
with plotly.js: what it draws for each message the server sends (ui/charts/live_chart.py,
`packed_message`), and in which order.

The answer to Pause (Step, Reset) is a whole page run: both charts' figures come again, with
the run's true picture as a still. The person who clicked looks at the picture: it is painted
before Plotly redraws a figure (50-100 ms for the two charts), and a figure that is the one
drawn already is not redrawn at all.
"""

import json
from pathlib import Path

import numpy as np
import plotly
import pytest

from tests.e2e_support import launch_chromium
from ui.charts.live_chart import CHART_CODE, packed_message
from ui.figures.region_pictures import region_codes, regions_clip

pytestmark = pytest.mark.e2e
BROWSER_CODE = Path(__file__).resolve().parents[2] / "ui" / "charts" / "browser"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
SITE = "http://chart.test"  # answered by the test (page.route): nothing leaves the machine
FIGURE = {
    "data": [{"type": "scatter", "mode": "markers", "x": [0, 1], "y": [0, 1]}],
    "layout": {"xaxis": {"range": [0, 1]}, "yaxis": {"range": [0, 1]}, "height": 300},
}

# A page with the chart's module (window.chart), a chart's element, and a record of every
# Plotly.react: what the picture on screen was when it was called.
PAGE = f"""<html><body>
<div id="parent"><div class="live-chart" style="position: relative"></div></div>
<script type="module">
  const files = {[name for name in CHART_CODE]};
  const sources = await Promise.all(files.map((name) => fetch("/" + name).then((r) => r.text())));
  const url = URL.createObjectURL(new Blob([sources.join("\\n")], {{type: "text/javascript"}}));
  window.chart = await import(url);
  window.ready = true;
</script></body></html>"""


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    page = browser.new_page()

    def answer(route):
        name = route.request.url.removeprefix(SITE).strip("/")
        if name == "plotly.min.js":
            route.fulfill(path=PLOTLY_JS, content_type="text/javascript")
        elif name in CHART_CODE:
            route.fulfill(path=BROWSER_CODE / name, content_type="text/javascript")
        else:
            route.fulfill(body=PAGE, content_type="text/html")

    page.route(f"{SITE}/**", answer)
    page.goto(f"{SITE}/")
    page.wait_for_function("() => window.ready === true")
    yield page
    page.close()


def clip(epochs, playing):
    """A regions clip of one picture per epoch, each a different class everywhere."""
    pictures = []
    for index, _ in enumerate(epochs):
        probabilities = np.zeros((8, 8, 3))
        probabilities[..., index % 3] = 1
        pictures.append(region_codes(probabilities))
    return regions_clip(pictures, epochs, (0, 1, 0, 1), 3, playing=playing, seconds=0.1)


def send(page, figure=None, clip=None, extend=None):
    """The chart receives one message, as the server packs it."""
    data = {
        "figure": None if figure is None else json.dumps(figure).encode("utf-8"),
        "height": 300,
        "clip": clip,
        "extend": extend,
        "fit_screen": False,
        "min_fit_height": 200,
        "plotly_js_url": f"{SITE}/plotly.min.js",
    }
    page.evaluate(
        """(bytes) => window.chart.default({
            data: Uint8Array.from(bytes), parentElement: document.getElementById("parent")})""",
        list(packed_message(data)),
    )


def shown_epoch(page):
    return page.evaluate("() => document.querySelector('.live-chart').dataset.shownEpoch")


def record_reacts(page):
    """From now on, every Plotly.react notes the epoch of the picture on screen."""
    page.evaluate(
        """() => {
            window.reacts = [];
            const react = window.Plotly.react;
            window.Plotly.react = (plot, ...rest) => {
                window.reacts.push({shown: plot.dataset.shownEpoch, playing: plot.dataset.playing});
                return react(plot, ...rest);
            };
        }"""
    )


def reacts(page):
    return page.evaluate("() => window.reacts")


def drawn_playing(page):
    """The chart drawn once, playing a film of epochs 1-3."""
    send(page, FIGURE, clip([1, 2, 3], playing=True))
    page.wait_for_function("() => document.querySelector('.live-chart').dataset.shownEpoch")
    record_reacts(page)


def test_a_still_on_a_drawn_chart_is_painted_before_the_figure_is_redrawn(page):
    drawn_playing(page)
    changed = {**FIGURE, "layout": {**FIGURE["layout"], "title": {"text": "paused"}}}
    send(page, changed, clip([7], playing=False))
    page.wait_for_function("() => window.reacts.length > 0")
    assert reacts(page) == [{"shown": "7", "playing": "false"}]


def test_the_figure_drawn_already_is_not_drawn_again_but_its_still_is_shown(page):
    drawn_playing(page)
    send(page, FIGURE, clip([8], playing=False))
    page.wait_for_function("() => document.querySelector('.live-chart').dataset.shownEpoch === '8'")
    # Then a different figure: drawn once, after its own still. Had the first message redrawn
    # its figure, that redraw would come first (the draws wait for the stills in order).
    changed = {**FIGURE, "layout": {**FIGURE["layout"], "title": {"text": "new"}}}
    send(page, changed, clip([9], playing=False))
    page.wait_for_function("() => window.reacts.length > 0")
    assert reacts(page) == [{"shown": "9", "playing": "false"}]


def test_the_same_figure_is_drawn_again_after_points_were_added_to_it(page):
    """Points appended while playing changed what the chart shows: the figure, sent again as
    it was, puts the chart back to it."""
    send(page, FIGURE)
    page.wait_for_function("() => document.querySelector('.live-chart')._fullLayout")
    record_reacts(page)
    extend = {"traces": [0], "x": [np.float32([2]).tobytes()], "y": [np.float32([2]).tobytes()]}
    send(page, None, extend=extend)
    page.wait_for_function("() => document.querySelector('.live-chart').data[0].x.length === 3")
    send(page, FIGURE)
    page.wait_for_function("() => window.reacts.length === 1")
    assert page.evaluate("() => document.querySelector('.live-chart').data[0].x.length") == 2
