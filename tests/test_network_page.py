"""The Network page driven through Streamlit's AppTest, inside the whole app (app.py)."""

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from ui.charts.live_chart import unpacked_message

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/network.py"


def checked_run(at):
    at.run()
    assert not at.exception, at.exception


def click(at, key):
    at.button(key=key).click()
    checked_run(at)


def sent(at, key):
    """What a live chart was sent, by the chart's key."""
    (element,) = [
        element for element in at.get("bidi_component") if element.proto.id.endswith(f"-{key}")
    ]
    return unpacked_message(element.proto.bytes)


def chart(at, key):
    """The figure a live chart was sent, by the chart's key."""
    return json.loads(sent(at, key)["figure"])


def clip(at, key):
    """The film a live chart was sent (ui/views/films.py), by the chart's key."""
    return sent(at, key)["clip"]


def has_timeline(at):
    return "nw_epoch" in [slider.key for slider in at.select_slider]


@pytest.fixture
def network_page():
    """The Network page after 300 epochs trained on the Playground (the book's spiral run)."""
    at = AppTest.from_file(APP, default_timeout=60)
    checked_run(at)
    for _ in range(3):
        click(at, "pg_big_step")
    at.switch_page(PAGE)
    checked_run(at)
    return at


def test_without_a_run_the_page_asks_to_open_the_playground():
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE)
    checked_run(at)
    assert at.title[0].value == "Network"
    assert "no network yet" in at.info[0].value
    (link,) = at.get("page_link")
    assert link.proto.label == "Open the Playground"
    assert "run" not in at.session_state


def test_with_a_run_the_page_draws_the_network_of_that_run(network_page):
    at = network_page
    run = at.session_state["run"]
    assert run.epoch == 300
    assert at.subheader[0].value == "The network at epoch 300"
    graph = chart(at, "nw_graph")
    hidden = next(trace for trace in graph["data"] if trace["name"] == "hidden layer 1")
    np.testing.assert_allclose(
        hidden["customdata"], run.trainer.network.dense_layers[0].biases.ravel(), rtol=1e-6
    )
    for key in ("nw_regions", "nw_maps_0", "nw_maps_1", "nw_hidden_space", "nw_dynamics"):
        assert chart(at, key)["data"], key
    assert [box.key for box in at.selectbox] == ["nw_layer", "nw_neuron_x", "nw_neuron_y"]
    assert at.metric[0].value == "300"
    assert any(metric.label.startswith("Dead neurons") for metric in at.metric)


def test_choosing_neurons_redraws_the_hidden_space_on_them(network_page):
    at = network_page
    at.selectbox(key="nw_neuron_y").set_value(5)
    checked_run(at)
    figure = chart(at, "nw_hidden_space")
    assert figure["layout"]["yaxis"]["title"]["text"] == "layer 1, neuron 6"
    assert figure["layout"]["xaxis"]["title"]["text"] == "layer 1, neuron 1"


def test_the_timeline_slider_shows_an_earlier_epoch_without_touching_the_run(network_page):
    at = network_page
    run = at.session_state["run"]
    live = [array.copy() for array in run.trainer.network.parameters()]
    latest_regions = clip(at, "nw_regions")["pictures"]
    latest_maps = clip(at, "nw_maps_0")["pictures"]
    slider = at.select_slider(key="nw_epoch")
    assert slider.options[0] == "0" and slider.value == 300
    at.select_slider(key="nw_epoch").set_value(100)
    checked_run(at)
    assert at.subheader[0].value == "The network at epoch 100"
    # The regions and the neuron maps: one picture each, of the network at epoch 100.
    for key, latest in (("nw_regions", latest_regions), ("nw_maps_0", latest_maps)):
        assert clip(at, key)["epochs"] == [100] and clip(at, key)["playing"] is False
        assert clip(at, key)["pictures"] != latest
    (cursor,) = chart(at, "nw_curves")["layout"]["shapes"]
    assert cursor["x0"] == 100
    graph = chart(at, "nw_graph")
    hidden = next(trace for trace in graph["data"] if trace["name"] == "hidden layer 1")
    recorded = run.timeline.parameters[run.timeline.index_of(100)]
    np.testing.assert_allclose(hidden["customdata"], recorded[1].ravel(), rtol=1e-6)
    # The run itself did not move.
    assert at.session_state["run"].epoch == 300
    for array, before in zip(run.trainer.network.parameters(), live):
        np.testing.assert_array_equal(array, before)


def test_stepping_on_this_page_trains_the_run_and_the_view_follows(network_page):
    at = network_page
    click(at, "pg_step")
    assert at.session_state["run"].epoch == 301
    assert at.select_slider(key="nw_epoch").value == 301
    assert at.subheader[0].value == "The network at epoch 301"


def test_play_trains_a_frame_here_and_pause_stops(network_page):
    at = network_page
    click(at, "pg_play")  # AppTest never fires run_every: each run is one frame
    run = at.session_state["run"]
    assert run.playing and run.epoch > 300
    assert not has_timeline(at)  # no scrubbing while it trains
    click(at, "pg_play")  # now Pause
    epoch = at.session_state["run"].epoch
    checked_run(at)
    assert at.session_state["run"].epoch == epoch
    assert at.select_slider(key="nw_epoch").value == epoch


def test_reset_empties_the_timeline(network_page):
    at = network_page
    click(at, "pg_reset")
    assert at.session_state["run"].timeline.epochs == [0]
    assert not has_timeline(at)
    assert at.subheader[0].value == "The network at epoch 0"


def test_the_replay_is_one_plotly_figure_with_frames(network_page):
    at = network_page
    at.toggle(key="nw_replay").set_value(True)
    checked_run(at)
    (element,) = at.get("plotly_chart")
    figure = json.loads(element.proto.spec)
    run = at.session_state["run"]
    assert len(figure["frames"]) == min(len(run.timeline), 100)
    assert figure["frames"][-1]["name"] == f"epoch {run.timeline.epochs[-1]}"
    assert "sent once" in at.caption[-1].value


def test_a_smaller_layer_resets_a_neuron_choice_that_no_longer_exists(network_page):
    at = network_page
    at.selectbox(key="nw_neuron_x").set_value(40)
    checked_run(at)
    at.switch_page("pages/playground.py")
    checked_run(at)
    at.slider(key="pg_neurons_0").set_value(4)
    checked_run(at)
    at.switch_page(PAGE)
    checked_run(at)
    assert at.selectbox(key="nw_neuron_x").value == 0
    assert chart(at, "nw_hidden_space")["layout"]["xaxis"]["title"]["text"] == "layer 1, neuron 1"
