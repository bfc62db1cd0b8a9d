"""The Playground page driven through Streamlit's AppTest: widgets, buttons, session state."""

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def run_of(at):
    return at.session_state["run"]


def click(at, key):
    at.button(key).click()
    at.run()
    assert not at.exception, at.exception
    if key.endswith("step"):  # a Step longer than STEP_BUDGET plays: run its frames
        while run_of(at).playing:
            at.run()


def test_the_playground_opens_with_the_books_settings(app):
    run = run_of(app)
    assert run.epoch == 0
    assert run.config.dataset == "spiral"
    assert run.config.samples == 100 and run.config.classes == 3
    assert run.config.hidden_layers == (64,)
    assert run.config.optimizer == "sgd" and run.config.learning_rate == 1.0
    assert run.config.epochs == 10001
    assert app.title[0].value == "Playground"
    assert app.button(key="pg_play").label == "Play"
    assert [metric.label for metric in app.metric][:3] == ["Epoch (of 10,001)", "Loss", "Accuracy"]


@pytest.mark.parametrize(("key", "epochs"), [("pg_step", 1), ("pg_big_step", 100)])
def test_step_advances_the_epoch_by_its_size(app, key, epochs):
    click(app, key)
    assert run_of(app).epoch == epochs
    click(app, key)
    assert run_of(app).epoch == 2 * epochs
    assert app.metric[0].value == f"{2 * epochs:,}"


def test_reset_restores_the_initial_weights(app):
    initial = [array.copy() for array in run_of(app).trainer.network.parameters()]
    click(app, "pg_big_step")
    trained = run_of(app).trainer.network.parameters()
    assert not np.array_equal(trained[0], initial[0])
    click(app, "pg_reset")
    assert run_of(app).epoch == 0
    for array, start in zip(run_of(app).trainer.network.parameters(), initial):
        np.testing.assert_array_equal(array, start)


def test_changing_the_learning_rate_mid_run_keeps_the_epoch_and_weights(app):
    click(app, "pg_big_step")
    weights = run_of(app).trainer.network.parameters()[0].copy()
    app.select_slider(key="pg_learning_rate").set_value(0.1)
    app.run()
    assert not app.exception
    run = run_of(app)
    assert run.epoch == 100
    assert run.trainer.optimizer.learning_rate == 0.1
    np.testing.assert_array_equal(run.trainer.network.parameters()[0], weights)
    click(app, "pg_step")
    assert run_of(app).epoch == 101


def test_changing_the_architecture_starts_over_and_says_so(app):
    click(app, "pg_big_step")
    app.slider(key="pg_neurons_0").set_value(8)
    app.run()
    assert not app.exception
    run = run_of(app)
    assert run.epoch == 0
    assert run.trainer.network.dense_layers[0].n_neurons == 8
    assert any("starts over" in toast.value for toast in app.toast)


def test_a_diverging_learning_rate_is_explained_not_a_traceback(app):
    # Weight decay 2·λ·learning_rate > 2 makes every update overshoot: the weights grow ~19×
    # per epoch until they overflow and the loss turns NaN.
    app.select_slider(key="pg_l2").set_value(0.01)
    app.select_slider(key="pg_learning_rate").set_value(1000.0)
    app.run()
    click(app, "pg_big_step")
    run = run_of(app)
    assert run.diverged_epoch is not None
    assert app.error, "the page should explain the divergence"
    assert "learning rate" in app.error[0].value
    # The run stays usable: parameters are finite, a lower rate goes on from there.
    assert all(np.isfinite(array).all() for array in run.trainer.network.parameters())
    kept_epoch = run.epoch
    app.select_slider(key="pg_learning_rate").set_value(1.0)
    app.run()
    click(app, "pg_big_step")
    assert run_of(app).epoch == kept_epoch + 100
    assert not app.error


def test_play_trains_a_frame_and_pause_stops(app):
    click(app, "pg_play")
    run = run_of(app)
    assert run.playing
    # AppTest never fires run_every timers: each run() is one frame.
    assert run.epoch > 0
    assert app.button(key="pg_play").label == "Pause"
    click(app, "pg_play")
    assert not run_of(app).playing
    epoch = run_of(app).epoch
    app.run()
    assert run_of(app).epoch == epoch


def test_training_stops_by_itself_at_the_chosen_epochs(app):
    app.number_input(key="pg_epochs").set_value(150)
    app.run()
    click(app, "pg_big_step")
    click(app, "pg_big_step")
    assert run_of(app).epoch == 150
    click(app, "pg_play")
    assert run_of(app).epoch == 150
    assert not run_of(app).playing
    assert app.info and "complete" in app.info[0].value


def test_a_test_split_shows_test_metrics(app):
    app.slider(key="pg_test_fraction").set_value(0.2)
    app.run()
    click(app, "pg_big_step")
    run = run_of(app)
    assert run.trainer.X_test is not None and len(run.trainer.X_test) == 60
    test_accuracy = app.metric[4].value
    assert test_accuracy.endswith("%")
