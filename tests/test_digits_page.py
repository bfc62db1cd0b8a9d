"""The Digits page with AppTest: it opens, Step and Play train, a drawing is read, the address
is a link to the run. (Its figures and its run: tests/test_digits.py; in a browser:
tests/e2e/test_digits_browser.py.)"""

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.test_digits import vertical_bar
from ui.charts.live_chart import unpacked_message

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/digits.py"


def open_page(query=None):
    at = AppTest.from_file(APP, default_timeout=60).switch_page(PAGE)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def page():
    return open_page()


def click(at, key):
    at.button(key=key).click()
    at.run()
    assert not at.exception, at.exception


def run_of(at):
    return at.session_state["dg_run"]


def sent_figures(at):
    """The live charts' figures, by the start of their title (or their first trace's type)."""
    figures = {}
    for chart in at.get("bidi_component"):
        if chart.proto.component_name != "scratchnet.live_chart":
            continue  # the drawing canvas
        data = unpacked_message(chart.proto.bytes)
        if data["figure"] is not None:
            figure = json.loads(data["figure"])
            title = figure["layout"].get("title", {}).get("text", figure["data"][0]["type"])
            figures[title.split(":")[0]] = figure
    return figures


def test_the_page_opens_at_epoch_zero_with_its_charts_and_an_empty_canvas(page):
    assert page.title[0].value == "Digits"
    assert run_of(page).epoch == 0 and run_of(page).config.dataset == "digits"
    assert page.metric[0].value == "0"
    assert page.metric[0].label == "Epoch (of 100)"
    figures = sent_figures(page)
    assert {"Test images", "First layer", "scatter", "heatmap"} <= set(figures)
    assert any(text.value.startswith("Draw a digit from 0 to 9") for text in page.markdown)
    no_bars = sent_figures(page)["Softmax"]["data"][0]["y"]
    assert no_bars == [0.0] * 10
    assert dict(page.query_params) == {}


@pytest.mark.parametrize(("key", "epochs"), [("dg_step", 1), ("dg_big_step", 100)])
def test_step_advances_the_epoch_and_the_confusion_matrix_fills(page, key, epochs):
    before = np.array(sent_figures(page)["Test images"]["data"][0]["z"])
    click(page, key)
    finish_step(page)
    assert run_of(page).epoch == epochs
    assert page.metric[0].value == f"{epochs:,}"
    after = np.array(sent_figures(page)["Test images"]["data"][0]["z"])
    assert after.sum() == before.sum() == 450  # every test image counted once
    assert np.trace(after) > np.trace(before)


def test_play_trains_and_pause_stops(page):
    click(page, "dg_play")
    assert run_of(page).playing and run_of(page).epoch > 0  # AppTest: each run() is one frame
    click(page, "dg_play")  # now Pause
    paused = run_of(page).epoch
    page.run()
    assert not run_of(page).playing and run_of(page).epoch == paused


def draw(at, picture):
    at.session_state["dg_canvas"] = {"pixels": picture.ravel().astype(int).tolist()}
    at.run()
    assert not at.exception, at.exception


def finish_step(at):
    """A Step longer than STEP_BUDGET plays through the frames: run them (one per run())."""
    while run_of(at).playing:
        at.run()


def answer(at):
    return next(text.value for text in at.markdown if text.value.startswith("The network reads"))


def test_a_drawing_is_read_while_paused_and_while_playing(page):
    click(page, "dg_big_step")  # a trained network: 100 epochs
    finish_step(page)
    draw(page, vertical_bar(column=30))
    assert answer(page).startswith("The network reads **1**")
    figures = sent_figures(page)
    assert figures["Softmax"]["layout"]["title"]["text"].startswith("Softmax: 1 with")
    click(page, "dg_reset")
    click(page, "dg_play")
    assert run_of(page).playing
    assert answer(page).startswith("The network reads")  # read again, by the network training


def test_a_setting_from_the_sidebar_goes_into_the_address_and_starts_over(page):
    click(page, "dg_step")
    page.select_slider(key="dg_neurons").set_value(128).run()
    assert not page.exception
    assert run_of(page).epoch == 0 and run_of(page).config.hidden_layers == (128, 128)
    assert dict(page.query_params) == {"hidden": "128,128"}
    page.select_slider(key="dg_learning_rate").set_value(0.01).run()
    assert run_of(page).config.learning_rate == 0.01
    assert dict(page.query_params) == {"hidden": "128,128", "lr": "0.01"}


def test_a_link_opens_its_run_and_a_bad_parameter_is_explained():
    at = open_page({"hidden": "32", "optimizer": "sgd", "lr": "abc", "seed": "4"})
    config = run_of(at).config
    assert config.hidden_layers == (32,) and config.optimizer == "sgd" and config.seed == 4
    assert config.learning_rate == 0.005  # the page's default, as lr=abc was ignored
    warnings = [warning.value for warning in at.warning]
    assert any("lr=`abc` is not a number" in warning for warning in warnings)
