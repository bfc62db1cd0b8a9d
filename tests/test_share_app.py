"""Share and teach, driven through AppTest: links in the address, presets, classroom links."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig
from ui.settings.presets import PRESETS
from ui.settings.url_state import SETTINGS, decode_query, encode_query, starting_config

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_link(query):
    """A new session opened at the Playground's address with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def run_config(at):
    return at.session_state["run"].config


def preset_note(at):
    """The preset's note above the charts: one line (an expander's label), the notice inside."""
    notes = [expander for expander in at.main.expander if expander.label.startswith("Preset:")]
    assert len(notes) == 1
    return notes[0]


def sidebar_labels(at):
    widgets = [*at.sidebar.selectbox, *at.sidebar.slider, *at.sidebar.select_slider]
    widgets += [*at.sidebar.number_input, *at.sidebar.toggle]
    return {widget.label for widget in widgets}


def test_a_link_opens_the_playground_with_its_settings():
    at = open_link(
        {"dataset": "circles", "hidden": "8,8", "lr": "0.03", "optimizer": "adam", "seed": "3"}
    )
    assert run_config(at) == RunConfig(
        dataset="circles",
        noise=0.05,
        hidden_layers=(8, 8),
        optimizer="adam",
        learning_rate=0.03,
        seed=3,
    )
    assert at.selectbox(key="pg_dataset").value == "circles"
    assert at.select_slider(key="pg_learning_rate").value == 0.03
    assert at.slider(key="pg_layers").value == 2
    assert not at.warning


EDGE_CONFIGS = [
    RunConfig(dataset="xor", classes=2, samples=1000, noise=1.0, test_fraction=0.5,
              hidden_layers=(256, 1, 256, 7), activation="tanh", dropout=0.5,
              weight_regularizer_l1=1e-2, weight_regularizer_l2=1e-6, optimizer="adam",
              learning_rate=1000.0, decay=1e-2, beta_1=0.999, beta_2=0.9999, batch_size=512,
              epochs=1, seed=2**31 - 1, precision="nnfs"),
    RunConfig(dataset="blobs", classes=8, samples=10, noise=0.0, hidden_layers=(1,),
              activation="leaky_relu", optimizer="rmsprop", learning_rate=0.0001, rho=0.0,
              batch_size=8, epochs=1_000_000),
    RunConfig(dataset="moons", classes=2, noise=0.35, optimizer="sgd", momentum=0.99,
              activation="sigmoid", epochs=77, seed=12345),
]  # fmt: skip


@pytest.mark.parametrize("config", EDGE_CONFIGS, ids=["xor-adam", "blobs-rmsprop", "moons-sgd"])
def test_the_widgets_take_every_value_a_link_can_hold(config):
    at = open_link(encode_query(config))
    assert not at.warning
    assert run_config(at) == config
    # The address written back is the link it was opened with.
    assert decode_query(at.query_params).config == config


def test_a_bad_link_warns_once_and_uses_the_defaults():
    at = open_link(
        {"lr": "abc", "hidden": "0,999999", "classes": "-3", "dataset": "nope", "zzz": "1"}
    )
    assert run_config(at) == starting_config()
    assert len(at.warning) == 1
    warning = at.warning[0].value
    for word in ("lr=`abc`", "hidden=`0,999999`", "classes=`-3`", "dataset=`nope`", "`zzz`"):
        assert word in warning
    # The address now holds what is used: nothing differs from the defaults.
    assert dict(at.query_params) == {}
    # The warning stays until the settings change, then goes.
    at.button(key="pg_step").click().run()
    assert len(at.warning) == 1
    at.select_slider(key="pg_learning_rate").set_value(0.5).run()
    assert not at.warning


def test_changing_a_setting_updates_the_address():
    at = open_link({})
    assert dict(at.query_params) == {}
    at.select_slider(key="pg_learning_rate").set_value(0.1).run()
    at.selectbox(key="pg_dataset").set_value("moons").run()
    assert not at.exception
    assert dict(at.query_params) == {"dataset": "moons", "lr": "0.1"}
    assert decode_query(at.query_params).config == run_config(at)


def test_choosing_a_preset_sets_every_widget_the_address_and_its_note():
    at = open_link({})
    at.button(key="pg_big_step").click().run()
    assert at.session_state["run"].epoch == 100
    at.selectbox(key="pg_preset").set_value("book_adam").run()
    assert not at.exception
    run = at.session_state["run"]
    assert run.config == PRESETS["book_adam"].config
    assert run.epoch == 0, "a preset starts a fresh run"
    assert at.selectbox(key="pg_optimizer").value == "adam"
    assert at.toggle(key="pg_book_exact").value is True
    assert dict(at.query_params) == {"preset": "book_adam"}
    assert PRESETS["book_adam"].notice in at.info[0].value
    # Changed afterwards: the address says what differs from the preset, the note says so.
    at.select_slider(key="pg_learning_rate").set_value(0.01).run()
    assert dict(at.query_params) == {"preset": "book_adam", "lr": "0.01"}
    assert "changed settings since" in preset_note(at).label


def test_a_preset_link_opens_the_preset_with_its_note():
    at = open_link({"preset": "too_few_neurons"})
    assert run_config(at) == PRESETS["too_few_neurons"].config
    assert at.selectbox(key="pg_preset").value == "too_few_neurons"
    assert PRESETS["too_few_neurons"].notice in at.info[0].value


def test_a_classroom_link_shows_only_the_chosen_controls():
    at = open_link({"preset": "overfit", "show": "optimizer,lr"})
    assert sidebar_labels(at) == {"Optimizer", "Learning rate"}
    assert run_config(at) == PRESETS["overfit"].config, "hidden controls keep the link's values"
    # One line, the list inside: every setting but the two shown (and Adam's unused ones).
    note_box = at.sidebar.expander[0]
    note = note_box.markdown[0].value
    fixed = [line for line in note.splitlines() if line.startswith("- ")]
    assert note_box.label == f"Your teacher fixed {len(fixed)} settings"
    assert len(fixed) == len(SETTINGS) - 2 - 2  # no momentum, no rho with Adam
    assert "Dataset: **circles**" in note and "Hidden layers: **128,128**" in note
    assert "Learning rate:" not in note
    # The student's changes apply; the fixed settings stay; the flags stay in the address.
    at.select_slider(key="pg_learning_rate").set_value(0.01).run()
    assert run_config(at).learning_rate == 0.01
    assert run_config(at).hidden_layers == (128, 128)
    assert at.query_params["show"] == "optimizer,lr"


def test_lock_hides_a_section_and_keeps_its_values():
    at = open_link({"dataset": "moons", "noise": "0.3", "lock": "data,seed"})
    labels = sidebar_labels(at)
    assert not labels & {"Dataset", "Classes", "Points per class", "Noise", "Test share", "Seed"}
    assert {"Optimizer", "Learning rate", "Hidden layers", "Activation"} <= labels
    assert (run_config(at).dataset, run_config(at).noise) == ("moons", 0.3)
    assert "Data" not in [header.value for header in at.sidebar.header]
    assert at.query_params["lock"] == "data,seed"


def test_the_share_box_shows_the_link_and_makes_classroom_links():
    at = open_link({"lr": "0.3"})
    links = [code.value for code in at.code]
    assert links == ["?lr=0.3"], "AppTest has no page address: the query alone is shown"
    at.multiselect(key="pg_share_show").select("lr").select("dataset").run()
    classroom = [code.value for code in at.code][1]
    assert decode_query(dict(pair.split("=") for pair in classroom[1:].split("&"))).hidden == (
        frozenset(SETTINGS) - {"lr", "dataset"}
    )


def test_settings_survive_a_visit_to_another_page():
    # Streamlit keeps the start value of a widget not drawn yet (the second layer's neurons)
    # apart from the widget's own; it used to come back after a page switch.
    at = open_link({})
    at.selectbox(key="pg_preset").set_value("overfit").run()
    at.slider(key="pg_neurons_1").set_value(32).run()
    assert run_config(at).hidden_layers == (128, 32)
    at.switch_page("pages/network.py").run()
    at.switch_page("pages/playground.py").run()
    assert not at.exception
    assert run_config(at).hidden_layers == (128, 32)
    assert at.selectbox(key="pg_preset").value == "overfit"
    assert dict(at.query_params) == {"preset": "overfit", "hidden": "128,32"}
