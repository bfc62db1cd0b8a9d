"""Tests for ui/charts/live_chart.py: under AppTest (Python side) and in Chromium (browser side)."""

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.e2e_support import launch_chromium, running_app
from ui.charts.live_chart import (
    packed_message,
    packed_points,
    unpacked_message,
    unpacked_points,
)
from ui.figures.region_pictures import regions_clip

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# One chart; each `at.run()` is one more epoch of a made-up loss curve.
APP_TEST_SCRIPT = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui.charts.live_chart import live_chart

st.session_state.setdefault("epochs", 0)
st.session_state.epochs += 1
epochs = np.arange(st.session_state.epochs)
figure = go.Figure(layout={{"uirevision": "loss", "height": {layout_height}}})
figure.add_scatter(x=epochs, y=np.exp(-epochs / 10))
live_chart(figure, key="loss", {height_argument})
"""


def run_app_test(tmp_path, layout_height=None, height_argument="") -> AppTest:
    source = APP_TEST_SCRIPT.format(layout_height=layout_height, height_argument=height_argument)
    script = tmp_path / "app.py"
    script.write_text(source)
    return AppTest.from_file(str(script)).run()


def chart_data(at: AppTest) -> dict:
    """The data live_chart sent to the browser (one binary message: AppTest sees its bytes)."""
    (chart,) = at.get("bidi_component")
    return unpacked_message(chart.proto.bytes)


def test_live_chart_runs_under_app_test_and_sends_the_figure(tmp_path):
    at = run_app_test(tmp_path)

    assert not at.exception
    (chart,) = at.get("bidi_component")
    assert chart.proto.component_name == "scratchnet.live_chart"
    figure = json.loads(chart_data(at)["figure"])
    assert figure["data"][0]["type"] == "scatter"
    assert figure["layout"]["uirevision"] == "loss"
    assert chart_data(at)["plotly_js_url"].endswith("/plotly.min.js")


def test_a_rerun_updates_the_same_element(tmp_path):
    at = run_app_test(tmp_path)
    first_id = at.get("bidi_component")[0].proto.id
    first_figure = chart_data(at)["figure"]

    at.run()

    assert not at.exception
    assert at.get("bidi_component")[0].proto.id == first_id  # same element: no remount
    assert chart_data(at)["figure"] != first_figure  # but new data


@pytest.mark.parametrize(
    ("layout_height", "height_argument", "expected_height"),
    [
        (None, "", 420),  # the default
        (None, "height=300", 300),  # the argument
        (250, "height=300", 250),  # the figure's own layout.height wins
    ],
)
def test_chart_height(tmp_path, layout_height, height_argument, expected_height):
    at = run_app_test(tmp_path, layout_height, height_argument)

    assert chart_data(at)["height"] == expected_height


def test_a_message_carries_json_and_bytes_and_unpacks_to_the_same_data():
    data = {
        "figure": b'{"data": []}',
        "clip": {"pictures": bytes(range(256)), "epochs": [1, 2], "note": "two\nlines"},
        "extend": None,
    }
    message = packed_message(data)
    assert unpacked_message(message) == data
    # The header is one line of JSON (the browser reads it up to the first newline byte); the
    # binary parts follow it raw, in the order met, each named by where it starts and ends.
    header, parts = message.split(b"\n", 1)
    assert json.loads(header)["clip"]["pictures"] == {"bytes": [12, 268]}
    assert parts == b'{"data": []}' + bytes(range(256))
    with pytest.raises(TypeError, match="JSON values and bytes"):
        packed_message({"array": np.zeros(3)})


def test_the_same_bytes_twice_travel_once():
    shared = bytes(range(8))
    message = packed_message({"x": [shared, bytes(shared)], "y": [b"\x01\x02"]})
    header, parts = message.split(b"\n", 1)
    assert json.loads(header)["x"] == [{"bytes": [0, 8]}, {"bytes": [0, 8]}]
    assert parts == shared + b"\x01\x02"
    assert unpacked_message(message) == {"x": [shared, shared], "y": [b"\x01\x02"]}


def test_new_curve_points_travel_as_float32_bytes_the_shared_epochs_once():
    # A playing frame of the Playground's curves: ~100 new epochs, the loss and the accuracy.
    epochs = np.arange(2365, 2890, 5).astype(float)
    loss = np.round(np.linspace(1.1, 0.9, len(epochs)), 5)
    accuracy = np.round(np.linspace(0.4, 0.6, len(epochs)), 5)
    extend = {"traces": [0, 1], "x": [epochs.tolist()] * 2, "y": [loss.tolist(), accuracy.tolist()]}
    packed = packed_message({"extend": packed_points(extend)})
    # Three arrays of float32 (the epochs once), a short header: under half the JSON text.
    assert len(packed) < 3 * 4 * len(epochs) + 120
    assert len(packed) < len(json.dumps(extend, separators=(",", ":"))) / 2
    points = unpacked_points(unpacked_message(packed)["extend"])
    assert points["x"] == [epochs.tolist()] * 2  # every epoch exact
    assert points["y"][0] == pytest.approx(loss.tolist(), rel=1e-7)
    assert points["y"][1] == pytest.approx(accuracy.tolist(), rel=1e-7)


def test_a_playing_regions_update_costs_its_pictures_raw_and_a_small_header():
    pictures = np.random.RandomState(0).randint(0, 72, size=(5, 80, 80)).astype(np.uint8)
    clip = regions_clip(pictures, [1, 2, 3, 4, 5], (-1, 1, -1, 1), 3, True, 0.125)
    message = packed_message({"figure": None, "clip": clip, "extend": None})
    binary = len(clip["pictures"]) + len(clip["colors"])
    # Base64 inside JSON would have cost a third more than the bytes themselves.
    assert binary < len(message) < binary + 400


def test_the_code_comes_by_its_address_and_only_a_figure_brings_plotly_js_address(tmp_path):
    at = run_app_test(tmp_path)
    (chart,) = at.get("bidi_component")
    assert 'CODE_FOLDER = "/component/ui.charts.live_chart.chart_files/"' in chart.proto.js_content
    assert len(chart.proto.js_content) < 800  # it travels with every update
    assert chart_data(at)["plotly_js_url"].endswith("/plotly.min.js")
    script = tmp_path / "update.py"
    script.write_text(
        "from ui.charts.live_chart import live_chart\n"
        "live_chart(None, key='loss', extend={'traces': [0], 'x': [[5]], 'y': [[0.5]]})\n"
    )
    update = chart_data(AppTest.from_file(str(script)).run())
    assert unpacked_points(update["extend"]) == {"traces": [0], "x": [[5.0]], "y": [[0.5]]}
    assert "plotly_js_url" not in update


# ---- in a real browser ------------------------------------------------------------------

# A fragment redraws a scatter and a line chart with new random data ten times a second.
BROWSER_DEMO_SCRIPT = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui.charts.live_chart import live_chart

st.session_state.setdefault("tick", 0)


@st.fragment(run_every=0.1)
def charts():
    st.session_state.tick += 1
    rng = np.random.default_rng(st.session_state.tick)
    scatter = go.Figure(layout={"uirevision": "scatter"})
    scatter.add_scatter(x=rng.random(200), y=rng.random(200), mode="markers")
    live_chart(scatter, key="scatter")
    steps = np.arange(st.session_state.tick)
    line = go.Figure(layout={"uirevision": "loss", "height": 300})
    line.add_scatter(x=steps, y=np.exp(-steps / 20) + 0.05 * rng.random(len(steps)))
    live_chart(line, key="loss")


charts()
"""

PLOTS = "[...document.querySelectorAll('.js-plotly-plot')]"
BOTH_DRAWN = f"{PLOTS}.length === 2 && {PLOTS}.every(p => p.querySelector('.scatterlayer .trace'))"

# Tag each plot <div> and count how often its data changes, once per animation frame.
COUNT_UPDATES = f"""() => {{
  window.updates = [0, 0];
  const plots = {PLOTS};
  plots.forEach((plot) => {{ plot.tag = "first div"; }});
  const seen = plots.map((plot) => plot.data);
  const count = () => {{
    plots.forEach((plot, i) => {{
      if (plot.data !== seen[i]) {{ seen[i] = plot.data; window.updates[i] += 1; }}
    }});
    requestAnimationFrame(count);
  }};
  requestAnimationFrame(count);
}}"""


@pytest.fixture(scope="module")
def browser():
    with launch_chromium() as browser:
        yield browser


@pytest.mark.e2e
def test_charts_update_in_place_in_the_browser(tmp_path, browser):
    script = tmp_path / "demo.py"
    script.write_text(textwrap.dedent(BROWSER_DEMO_SCRIPT))
    with running_app(script, cwd=PROJECT_ROOT) as url:
        page = browser.new_page()
        errors, requested_urls = [], []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requested_urls.append(request.url))
        page.goto(url)
        page.wait_for_function(BOTH_DRAWN, timeout=60_000)  # plotly.js takes seconds to start

        page.evaluate(COUNT_UPDATES)
        page.wait_for_function("window.updates.every((n) => n >= 5)", timeout=30_000)

        assert page.evaluate(f"{PLOTS}.map((plot) => plot.tag)") == ["first div", "first div"]
        assert page.evaluate(BOTH_DRAWN)
        plotly_js_requests = [url for url in requested_urls if url.endswith("/plotly.min.js")]
        assert len(plotly_js_requests) == 1  # one plotly.js for the page, shared by both
        # (A line of more than 20 points has no markers: its colour is the line's.)
        colours = page.evaluate(
            f"{PLOTS}.map((plot) => (plot._fullData[0].marker || plot._fullData[0].line).color)"
        )
        assert "#000001" not in colours  # Streamlit's placeholder template was dropped
        assert errors == []
