"""The Regression page: its figure, the book's model fitting the sine, and the page (AppTest)."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig, build_trainer
from scratchnet.activations import Linear
from scratchnet.datasets import sine
from scratchnet.losses import MeanSquaredError
from tests.test_figures import validated
from ui.charts.live_chart import unpacked_message
from ui.figures.regression import TRUTH_COLOR, fit_figure, regression_curves_figure
from ui.pages_guard import APP_RAN
from ui.run.run_group import fitted_curve

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/regression.py"


# --- the figure --------------------------------------------------------------------------------


def test_the_fit_figure_draws_data_prediction_and_truth():
    x, y = sine(100, rng=np.random.RandomState(0), noise=0.3)
    curve_x = np.linspace(0, 1, 50).reshape(-1, 1)
    prediction = 0.5 * curve_x
    figure = validated(fit_figure(x, y, curve_x, prediction, np.sin(2 * np.pi * curve_x)))
    data, truth, fitted = figure.data
    assert data.mode == "markers"
    np.testing.assert_allclose(data.y, y.ravel(), rtol=1e-6)
    assert truth.line.dash == "dash" and truth.line.color == TRUTH_COLOR
    np.testing.assert_allclose(fitted.y, prediction.ravel(), rtol=1e-6)
    np.testing.assert_allclose(fitted.x, curve_x.ravel(), rtol=1e-6)
    # The y axis is fixed (the curve moves, the axes do not) and holds every data point.
    low, high = figure.layout.yaxis.range
    assert low < y.min() and high > y.max()


def test_the_fit_figure_without_noise_has_no_truth_line_and_a_range_around_one():
    x, y = sine(100)
    figure = validated(fit_figure(x, y, x, np.zeros_like(y)))
    assert [trace.name for trace in figure.data] == [
        "data (training points)",
        "the network's prediction",
    ]
    low, high = figure.layout.yaxis.range
    assert low < -1 and high > 1
    assert json.dumps(fit_figure(x, y, x, np.zeros_like(y)))


@pytest.mark.parametrize("log_loss", [True, False])
def test_the_curves_figure_shows_the_mse_and_the_accuracy(log_loss):
    epochs = np.arange(50)
    loss = 0.5 * 0.9**epochs
    accuracy = np.linspace(0, 0.8, 50)
    figure = validated(regression_curves_figure(epochs, loss, accuracy, log_loss, total_epochs=100))
    loss_trace, accuracy_trace = figure.data
    np.testing.assert_allclose(loss_trace.y, loss, rtol=1e-6)
    np.testing.assert_allclose(accuracy_trace.y, accuracy, rtol=1e-6)
    assert figure.layout.yaxis.title.text == "loss (MSE)"
    assert figure.layout.yaxis.type == ("log" if log_loss else "linear")
    assert figure.layout.yaxis.dtick == (1 if log_loss else None)
    assert figure.layout.showlegend is False
    assert list(figure.layout.xaxis.range) == [0, 100]


def test_the_fitted_curve_runs_over_the_inputs():
    trainer = build_trainer(RunConfig(dataset="sine", samples=200, hidden_layers=(8,)))
    x, prediction = fitted_curve(trainer, n_points=30)
    assert x.shape == prediction.shape == (30, 1)
    assert x[0, 0] == trainer.X.min() and x[-1, 0] == pytest.approx(trainer.X.max())
    np.testing.assert_allclose(prediction, trainer.network.predict_proba(x))


# --- the book's chapter-17 model -----------------------------------------------------------------


def test_the_pages_model_is_the_books_and_fits_the_sine_within_a_thousand_epochs():
    at = AppTest.from_file(APP, default_timeout=60).switch_page(PAGE).run()
    config = at.session_state["rg_group"].configs[0]
    assert config.dataset == "sine" and config.samples == 1000 and config.noise == 0.0
    assert config.hidden_layers == (64, 64) and config.activation == "relu"
    assert (config.optimizer, config.learning_rate, config.decay) == ("adam", 0.005, 1e-3)
    trainer = build_trainer(config)
    assert isinstance(trainer.network.output_activation, Linear)
    assert isinstance(trainer.loss, MeanSquaredError)
    start = trainer.evaluate(trainer.X, trainer.y)[0]
    result = trainer.step(1000)
    # From 0.5 (a flat line through a sine of amplitude 1) to a close fit.
    assert start > 0.4
    assert result.data_loss[-1] < 1e-3
    assert result.accuracy[-1] > 0.5


# --- the page ----------------------------------------------------------------------------------


class UntouchedRun:
    """Stands for the Playground's run: the Regression page must never touch it."""


@pytest.fixture
def page():
    at = AppTest.from_file(APP, default_timeout=60).switch_page(PAGE)
    at.session_state["run"] = UntouchedRun()
    at.run()
    assert not at.exception, at.exception
    return at


def group_of(at):
    return at.session_state["rg_group"]


def click(at, key):
    at.button(key=key).click()
    at.run()
    assert not at.exception, at.exception
    if key.endswith("step"):  # a Step longer than STEP_BUDGET plays: run its frames
        while group_of(at).playing:
            at.run()


def sent_figures(at):
    return [
        json.loads(unpacked_message(chart.proto.bytes)["figure"])
        for chart in at.get("bidi_component")
    ]


def test_the_page_opens_at_epoch_zero_and_explains_the_accuracy(page):
    assert page.title[0].value == "Regression"
    assert group_of(page).epoch == 0
    assert page.metric[0].value == "0 / 10,001"
    y = group_of(page).runs[0].trainer.y
    precision = f"{np.std(y) / 250:.4f}"
    assert page.metric[3].value == f"± {precision}"
    assert any(f"std(y) / 250 = {precision}" in caption.value for caption in page.caption)
    fit, curves = sent_figures(page)
    assert [trace["name"] for trace in fit["data"]][-1] == "the network's prediction"
    assert curves["layout"]["yaxis"]["type"] == "log"


@pytest.mark.parametrize(("key", "epochs"), [("rg_step", 1), ("rg_big_step", 100)])
def test_step_advances_the_epoch(page, key, epochs):
    click(page, key)
    assert group_of(page).epoch == epochs
    click(page, key)
    assert group_of(page).epoch == 2 * epochs
    assert page.metric[0].value == f"{2 * epochs:,} / 10,001"
    assert page.metric[1].value != "—"


def test_the_curve_drawn_is_the_networks_output(page):
    click(page, "rg_big_step")
    fit, _ = sent_figures(page)
    packed = fit["data"][-1]["y"]
    drawn = np.frombuffer(base64.b64decode(packed["bdata"]), dtype=packed["dtype"])
    _, expected = fitted_curve(group_of(page).runs[0].trainer)
    np.testing.assert_allclose(drawn, expected.ravel(), rtol=1e-6)


def test_play_trains_and_pause_stops(page):
    click(page, "rg_play")
    group = group_of(page)
    assert group.playing and group.epoch > 0  # AppTest: each run() is one frame
    click(page, "rg_play")  # now Pause
    assert not group_of(page).playing
    paused = group_of(page).epoch
    page.run()
    assert group_of(page).epoch == paused


def test_noise_makes_a_noisy_variant_and_starts_over(page):
    click(page, "rg_big_step")
    clean_y = group_of(page).runs[0].trainer.y.copy()
    page.slider(key="rg_noise").set_value(0.2).run()
    assert not page.exception
    group = group_of(page)
    assert group.epoch == 0 and group.configs[0].noise == 0.2
    noisy_y = group.runs[0].trainer.y
    assert np.std(noisy_y - clean_y) == pytest.approx(0.2, rel=0.15)
    assert any("starts over" in toast.value for toast in page.toast)
    fit, _ = sent_figures(page)
    assert any(trace["name"].startswith("sin(2πx)") for trace in fit["data"])


def test_reset_goes_back_to_the_same_initial_weights(page):
    initial = [array.copy() for array in group_of(page).runs[0].trainer.network.parameters()]
    click(page, "rg_big_step")
    click(page, "rg_reset")
    assert group_of(page).epoch == 0
    for array, start in zip(group_of(page).runs[0].trainer.network.parameters(), initial):
        np.testing.assert_array_equal(array, start)


def test_a_diverging_learning_rate_is_explained(page):
    page.select_slider(key="rg_learning_rate").set_value(1000.0)
    page.select_slider(key="rg_decay").set_value(0.0)
    page.selectbox(key="rg_optimizer").set_value("sgd").run()
    for _ in range(5):
        click(page, "rg_big_step")
        if group_of(page).runs[0].diverged_epoch is not None:
            break
    run = group_of(page).runs[0]
    assert run.diverged_epoch is not None
    assert page.warning and "Diverged" in page.warning[0].value
    assert all(np.isfinite(array).all() for array in run.trainer.network.parameters())


def test_the_page_leaves_the_playgrounds_state_alone(page):
    playground_run = page.session_state["run"]
    for key in ("rg_step", "rg_play", "rg_play", "rg_reset"):
        click(page, key)
    assert page.session_state["run"] is playground_run
    assert vars(playground_run) == {}
    keys = set(page.session_state.keys()) - {"run", APP_RAN}  # APP_RAN: app.py's
    assert keys and all(key.startswith("rg_") for key in keys), sorted(keys)
