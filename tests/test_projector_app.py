"""The Playground's sidebar and notes for a projector, and the book's next step, via AppTest.

The browser test (tests/e2e/test_projector_sidebar_browser.py) checks the pixels; these check the
order and the values.
"""

from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig
from ui.run.playground_run import PlaygroundRun
from ui.settings.presets import PRESETS, next_step_offer

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DEMO_SETTINGS = ["Dataset", "Neurons in hidden layer 1", "Optimizer", "Learning rate"]
EXPANDERS = [
    "More data settings",
    "More network settings",
    "Optimizer settings",
    "Regularization",
    "Training",
]


def open_app(query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def sidebar_in_order(at):
    """The sidebar's widgets and expanders by label, top to bottom."""
    return [node.label for node in at.sidebar if getattr(node, "label", None)]


def test_the_demo_settings_come_first_and_the_rest_waits_in_expanders():
    labels = sidebar_in_order(open_app())
    first_expander = labels.index(EXPANDERS[0])
    assert labels[first_expander - 4 : first_expander] == DEMO_SETTINGS
    assert [label for label in labels if label in EXPANDERS] == EXPANDERS
    # Before the demo settings only the preset menu and the share box.
    assert labels.index("Dataset") <= 4


def test_every_expander_starts_closed():
    at = open_app()
    assert all(not expander.proto.expanded for expander in at.sidebar.expander)


def test_a_second_layer_adds_its_neurons_slider_to_the_demo_settings():
    at = open_app()
    at.slider(key="pg_layers").set_value(2).run()
    labels = sidebar_in_order(at)
    assert labels[labels.index("Dataset") : labels.index("Learning rate") + 1] == [
        "Dataset",
        "Neurons in hidden layer 1",
        "Neurons in hidden layer 2",
        "Optimizer",
        "Learning rate",
    ]
    assert at.session_state["run"].config.hidden_layers == (64, 64)


def test_a_lock_hides_the_expander_of_a_whole_section():
    at = open_app({"lock": "data,training"})
    expanders = [expander.label for expander in at.sidebar.expander]
    assert "More data settings" not in expanders and "Training" not in expanders
    assert "More network settings" in expanders and "Optimizer settings" in expanders


def test_adam_shows_its_beta_2_in_full():
    at = open_app({"optimizer": "adam"})
    beta_2 = at.slider(key="pg_beta_2")
    assert beta_2.value == pytest.approx(0.999)
    assert beta_2.proto.format == "plain", "Streamlit's default %0.2f shows 0.999 as 1.00"


def test_the_greyed_classes_slider_shows_the_datasets_own_count():
    at = open_app()
    assert at.slider(key="pg_classes").value == 3
    at.selectbox(key="pg_dataset").set_value("moons").run()
    classes = at.slider(key="pg_classes")
    assert classes.disabled and classes.value == 2
    assert at.session_state["run"].config.n_classes == 2


def test_the_learning_rate_slider_writes_its_values_readably():
    at = open_app({"decay": "1e-7"})
    decay = at.select_slider(key="pg_decay")
    assert decay.value == 1e-7
    assert "1·10⁻⁷" in decay.options


def test_the_preset_note_takes_one_line_until_opened():
    at = open_app({"preset": "overfit"})
    notes = [expander for expander in at.main.expander if expander.label.startswith("Preset:")]
    assert len(notes) == 1 and not notes[0].proto.expanded
    assert "\n" not in notes[0].label
    assert notes[0].info[0].value == PRESETS["overfit"].notice
    assert len(at.main.info) == 1, "no note outside its expander"


# ---------------------------------------------------------------------------------------
# The book's next step
# ---------------------------------------------------------------------------------------


def finished_run(epochs=3, **settings):
    run = PlaygroundRun(replace(RunConfig(), epochs=epochs, **settings))
    run.train(epochs)
    assert run.finished
    return run


def test_a_finished_plain_sgd_run_is_offered_adam():
    run = finished_run(seed=7, precision="nnfs")
    text, preset_name = next_step_offer(run)
    assert preset_name == "book_adam"
    assert f"{run.latest()['accuracy']:.0%}" in text and "Adam" in text


@pytest.mark.parametrize(
    "settings",
    [
        {"optimizer": "adam", "learning_rate": 0.05},
        {"momentum": 0.9},
        {"dataset": "moons", "classes": 2},
        {"hidden_layers": (8,)},
    ],
)
def test_other_finished_runs_get_no_offer(settings):
    assert next_step_offer(finished_run(**settings)) is None


def test_a_run_still_training_gets_no_offer():
    run = PlaygroundRun(replace(RunConfig(), epochs=10))
    run.train(3)
    assert next_step_offer(run) is None


def next_step_script():
    import streamlit as st

    from ui.views.next_step import show_next_step

    run = st.session_state.get("run")
    if run is not None:
        show_next_step(run)


def test_the_next_step_button_applies_the_preset_and_keeps_the_seed():
    at = AppTest.from_function(next_step_script, default_timeout=30)
    at.session_state["run"] = finished_run(seed=7)
    at.run()
    assert not at.exception, at.exception
    assert "Adam" in at.success[0].value
    at.button(key="pg_next_step").click().run()
    assert not at.exception, at.exception
    assert "run" not in at.session_state, "the page makes a fresh run from the preset"
    assert at.session_state["pg_preset"] == "book_adam"
    assert at.session_state["pg_optimizer"] == "adam"
    assert at.session_state["pg_learning_rate"] == PRESETS["book_adam"].config.learning_rate
    assert at.session_state["pg_seed"] == 7


def test_no_button_before_the_end():
    at = AppTest.from_function(next_step_script, default_timeout=30)
    at.session_state["run"] = PlaygroundRun(replace(RunConfig(), epochs=10))
    at.run()
    assert not at.exception and not at.button and not at.success
