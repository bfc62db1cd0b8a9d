"""Hostile input and training faults in the running app (AppTest) and in its run (PlaygroundRun).

- Random page addresses: the page opens without an exception and lists what it ignored.
- Random sidebar values, then Step: the epoch advances, or a message on the page says why not.
- Faults: NaN weights mid-run, a learning rate that overflows, a network too big for a frame,
  a class left empty by a train/test split. Each ends in a message, never a traceback.
"""

import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig
from ui.files import csv_data, into_session
from ui.run.playground_run import PlaygroundRun
from ui.settings.choices import (
    ACTIVATION_LABELS,
    BATCH_SIZES,
    DECAYS,
    FULL_BATCH,
    LEARNING_RATES,
    PENALTIES,
)
from ui.settings.preset_menu import MAX_PROBLEMS_SHOWN
from ui.settings.presets import PRESETS
from ui.settings.url_state import SETTINGS, decode_query

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# Each AppTest run costs 0.1-1 s: a few dozen examples per property.
APP_EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def page_text(at):
    """Every message on the page (warnings, errors, infos), as one string."""
    return "\n".join(
        element.value for kind in ("warning", "error", "info") for element in at.get(kind)
    )


# --- random page addresses -------------------------------------------------------------------

VALUE_TEXTS = ["circles", "8,8", "0.03", "adam", "full", "on", "0,999999", "abc", "-3", "nope",
               "1e999", "", "<script>", "`x`", "overfit", "data,lr", "9" * 400]  # fmt: skip
ADDRESSES = st.dictionaries(
    st.sampled_from([*sorted(SETTINGS), "preset", "lock", "show", "zzz", "learning_rate"]),
    st.sampled_from(VALUE_TEXTS) | st.text(max_size=10) | st.lists(st.sampled_from(VALUE_TEXTS),
                                                                   min_size=2, max_size=2),
    max_size=6,
)  # fmt: skip


@APP_EXAMPLES
@given(query=ADDRESSES)
def test_any_address_opens_the_playground_and_lists_what_it_ignored(query):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    link = decode_query(query)
    run = at.session_state["run"]
    assert run.config == link.config and run.epoch == 0
    shown = page_text(at)
    for problem in link.problems[:MAX_PROBLEMS_SHOWN]:
        assert problem in shown, (problem, shown)
    if not link.problems:
        assert "could not be used" not in shown


# --- random sidebar values, then Step --------------------------------------------------------

SIDEBAR_VALUES = st.fixed_dictionaries(
    {
        "pg_dataset": st.sampled_from(["spiral", "vertical", "circles", "xor", "blobs", "moons"]),
        "pg_classes": st.integers(2, 8),
        "pg_samples": st.integers(1, 100).map(lambda tens: 10 * tens),  # up to 1,000 per class
        "pg_noise": st.integers(0, 100).map(lambda hundredths: hundredths / 100),
        "pg_test_fraction": st.integers(0, 10).map(lambda twentieths: twentieths / 20),
        "pg_layers": st.integers(1, 4),
        "pg_neurons_0": st.integers(1, 256),
        "pg_activation": st.sampled_from(list(ACTIVATION_LABELS)),
        "pg_optimizer": st.sampled_from(["sgd", "adagrad", "rmsprop", "adam"]),
        "pg_learning_rate": st.sampled_from(LEARNING_RATES),
        "pg_decay": st.sampled_from(DECAYS),
        "pg_l1": st.sampled_from(PENALTIES),
        "pg_l2": st.sampled_from(PENALTIES),
        "pg_dropout": st.integers(0, 10).map(lambda twentieths: twentieths / 20),
        "pg_batch_size": st.sampled_from([FULL_BATCH, *BATCH_SIZES]),
        "pg_epochs": st.integers(1, 1_000_000),
        "pg_seed": st.integers(0, 2**31 - 1),
        "pg_book_exact": st.booleans(),
    }
)
# The kind of each widget that is not a slider.
WIDGETS = {"pg_dataset": "selectbox", "pg_activation": "selectbox", "pg_optimizer": "selectbox",
           "pg_learning_rate": "select_slider", "pg_decay": "select_slider",
           "pg_l1": "select_slider", "pg_l2": "select_slider", "pg_batch_size": "select_slider",
           "pg_epochs": "number_input", "pg_seed": "number_input",
           "pg_book_exact": "toggle"}  # fmt: skip


@pytest.fixture(scope="module")
def opened():
    """One session for all the examples: each sets every widget, so none depends on the last."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


@APP_EXAMPLES
@given(values=SIDEBAR_VALUES)
def test_any_sidebar_values_then_step_advances_or_says_why_not(opened, values):
    at = opened
    for key, value in values.items():
        widget = getattr(at, WIDGETS.get(key, "slider"))(key=key)
        if not widget.disabled:  # xor and moons fix their classes
            widget.set_value(value)
    at.run()
    assert not at.exception, at.exception
    run = at.session_state["run"]
    before = run.epoch
    at.button(key="pg_step").click()
    at.run()
    assert not at.exception, at.exception
    run = at.session_state["run"]
    if run.epoch != before + 1:
        assert run.message is not None, "the epoch did not move and nothing says why"
        assert run.message[1] in page_text(at)


# --- training faults -------------------------------------------------------------------------


def test_nan_weights_mid_run_pause_with_a_message_and_the_page_still_draws():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.button(key="pg_step").click()
    at.run()
    run = at.session_state["run"]
    run.trainer.network.parameters()[0][0, 0] = np.nan  # a fault: a weight turns NaN
    at.button(key="pg_play").click()
    at.run()
    assert not at.exception, at.exception
    run = at.session_state["run"]
    assert not run.playing and run.message[0] == "error"
    assert "Training diverged" in page_text(at)


def test_an_overflowing_learning_rate_stops_play_with_a_message():
    """The lr_overflow preset: the weights grow until they overflow, while playing."""
    run = PlaygroundRun(PRESETS["lr_overflow"].config)
    run.play()
    for _ in range(200):
        run.train_for(0.05)
        if not run.playing:
            break
    assert not run.playing and run.diverged_epoch is not None
    kind, text = run.message
    assert kind == "error" and "learning rate 1000" in text and "Lower the learning rate" in text
    assert all(np.all(np.isfinite(parameter)) for parameter in run.trainer.network.parameters())


BIG = RunConfig(samples=1000, classes=5, hidden_layers=(256, 256, 256, 256))  # 5,000 points


def test_a_network_too_big_for_the_frame_budget_keeps_frames_short():
    """After a small network (hundreds of epochs a frame), the big one's first chunk is one
    measured epoch, not the hundreds the small one's timing would ask for: that frame took 51 s.
    (Bounds are loose: the machine is shared; a frame overruns by less than an epoch or two.)"""
    run = PlaygroundRun(RunConfig(samples=100, hidden_layers=(8,)))
    run.play()
    assert run.train_for(0.05) > 1
    run.update_config(BIG)
    run.play()
    for _ in range(3):
        assert run.train_for(0.14) >= 1
        assert run.last_frame_seconds < 1.0 + 3 * run.seconds_per_epoch


def test_an_epoch_longer_than_the_budget_trains_one_epoch_a_frame_and_says_it_is_slow():
    run = PlaygroundRun(BIG)
    run.play()
    assert run.slow_warning() is None
    # 0.1 ms: far less than one epoch of this network (milliseconds), but more than the loop's
    # own bookkeeping, which a budget of zero would not even leave time for.
    assert run.train_for(1e-4) == 1 and run.train_for(1e-4) == 1
    assert run.slow and "Training is slow" in run.slow_warning()
    run.reset()
    assert run.slow_warning() is None


def test_the_page_says_when_training_is_slow(monkeypatch):
    # A frame budget that an epoch of this network outlasts, as 4 × 256 neurons on 8,000 points
    # do on a busy server.
    monkeypatch.setattr(PlaygroundRun, "frame_budget", lambda run: 1e-4)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"hidden": "256,256", "samples": "1000"})
    at.run()
    at.button(key="pg_play").click()
    at.run()  # the first frame: an epoch to show, then an epoch for the next frame
    epoch = at.session_state["run"].epoch
    started = time.perf_counter()
    at.run()  # the next frame shows the note
    assert not at.exception, at.exception
    assert "Training is slow" in page_text(at)
    assert at.session_state["run"].epoch == epoch + 1  # one epoch a frame, however short
    assert time.perf_counter() - started < 10


def csv_with_tiny_classes():
    """Ten points of class 0, one of class 1, one of class 2."""
    rows = [f"{index * 0.1:.1f},{(index % 3) * 0.5:.1f},0" for index in range(10)]
    rows += ["5.0,5.0,1", "-5.0,2.0,2"]
    return ("x1,x2,label\n" + "\n".join(rows)).encode()


def test_a_class_of_one_point_stays_in_training_at_the_largest_test_share():
    """The Playground's test share stops at 0.5, and round(0.5 · 1) = 0: the class trains."""
    uploaded = csv_data.parse_csv(csv_with_tiny_classes())
    run = into_session.run_on_uploaded_data(RunConfig(test_fraction=0.5), uploaded)
    assert set(run.trainer.y.tolist()) == {0, 1, 2}
    run.advance(1)
    assert run.epoch == 1


def test_a_split_that_would_empty_a_class_is_refused_and_the_run_kept():
    uploaded = csv_data.parse_csv(csv_with_tiny_classes())
    current = PlaygroundRun(RunConfig(samples=10, hidden_layers=(8,), test_fraction=0.9))
    current.advance(3)
    session = {"run": current}
    into_session.train_on_uploaded_data(session, uploaded)
    kind, text = session["files_data_message"]
    assert kind == "error" and "test_fraction is too large for class 1" in text
    assert "Nothing was changed" in text
    assert session["run"] is current and current.epoch == 3
    assert "uploaded_data" not in session


def test_one_epoch_slowed_by_a_busy_machine_does_not_call_a_small_network_slow(monkeypatch):
    """Under load, one epoch of a tiny network once took 0.07 s, longer than the first frame's
    budget, and the page said "Training is slow" (the note pushed the charts off a projector's
    screen). What the network costs is its fastest epoch."""
    run = PlaygroundRun(RunConfig())
    run.play()
    assert run.train_for(0.05) > 1  # fast epochs measured
    real_train_chunk = run.train_chunk

    def preempted(epochs):
        time.sleep(0.07)  # the machine took the core away for a while
        return real_train_chunk(epochs)

    monkeypatch.setattr(run, "train_chunk", preempted)
    assert run.train_for(0.01, max_epochs=1) == 1  # a budget of 10 ms, one epoch of 70 ms
    assert run.seconds_per_epoch > 0.05
    assert not run.slow and run.slow_warning() is None
