"""The "Save & load" page through Streamlit's AppTest: downloads, loading a run, your own data.

The page runs inside app.py (its links to the Playground need st.navigation); AppTest can
set a file uploader's file, so every upload is tested as a user would make it.
"""

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig, build_trainer, save_run_bytes
from ui.files import csv_data
from ui.run.digits_run import DigitsRun
from ui.run.playground_run import PlaygroundRun
from ui.settings.digits_widgets import DIGITS_MODEL

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/files.py"
PLAYGROUND = "pages/playground.py"
DIGITS = "pages/digits.py"


def open_page(run=None, digits_run=None):
    at = AppTest.from_file(APP, default_timeout=30)
    if run is not None:
        at.session_state["run"] = run
    if digits_run is not None:
        at.session_state["dg_run"] = digits_run
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def uploader(at, key):
    return next(element for element in at.get("file_uploader") if element.key == key)


def upload(at, key, name, content, mime="application/octet-stream"):
    uploader(at, key).set_value((name, content, mime))
    at.run()
    assert not at.exception, at.exception


def shown(markdown):
    """What the page shows of a message written with ui.plain_text.plain_markdown (file names
    and errors are plain text): the backslash escapes and the invisible word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def download_labels(at):
    return [button.label for button in at.get("download_button")]


def saved_run_bytes(epochs=40):
    config = RunConfig(epochs=500, noise=0.2, hidden_layers=(8,))
    trainer = build_trainer(config)
    trainer.step(epochs)
    return save_run_bytes(trainer, config)


def test_without_a_run_the_page_says_so_and_links_to_the_playground():
    at = open_page()
    assert at.title[0].value == "Save & load"
    assert "no run yet" in at.info[0].value
    assert "⬇ Trained model (.npz)" not in download_labels(at)


def test_with_a_run_it_offers_the_model_the_history_and_the_script():
    run = PlaygroundRun(RunConfig(epochs=300))
    run.train(25)
    at = open_page(run)
    assert download_labels(at)[:3] == [
        "⬇ Trained model (.npz)",
        "⬇ History (.csv)",
        "⬇ Standalone script (.py)",
    ]
    assert "epoch **25** of 300" in at.markdown[0].value
    script = at.get("code")[0].value
    assert "nnfs.init(dot_precision_workaround=False, random_seed=0)" in script
    assert any("Book-exact numbers" in caption.value for caption in at.caption)


def test_loading_a_saved_run_replaces_the_run_and_the_playground_goes_on_from_it():
    old_run = PlaygroundRun(RunConfig(epochs=300))
    at = open_page(old_run)
    upload(at, "files_run", "mine.npz", saved_run_bytes(epochs=40))
    assert not at.error
    assert at.session_state["run"] is old_run  # nothing changes before the click
    at.button(key="files_load_run").click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["run"] is not old_run
    assert at.session_state["run"].epoch == 40
    assert any("at epoch 40" in message.value for message in at.success)
    # The Playground shows it at its epoch: its sidebar takes the loaded run's settings.
    at.switch_page(PLAYGROUND)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["run"].epoch == 40
    assert at.metric[0].value == "40"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, world", "not an .npz file"),
        (saved_run_bytes()[:2000], "not an .npz file"),
        (b"PK" + bytes(6 * 2**20), "at most 5 MB"),
    ],
    ids=["not ours", "truncated", "too big"],
)
def test_a_bad_run_file_shows_an_error_and_changes_nothing(content, message):
    old_run = PlaygroundRun(RunConfig(epochs=300))
    at = open_page(old_run)
    upload(at, "files_run", "bad.npz", content)
    assert message in shown(at.error[0].value) and "Nothing was changed" in at.error[0].value
    assert not [button for button in at.button if button.key == "files_load_run"]
    assert at.session_state["run"] is old_run


def test_a_digits_run_is_saved_and_loaded_back_for_the_digits_page():
    trained = DigitsRun(replace(DIGITS_MODEL, epochs=50, hidden_layers=(32,)))
    trained.advance(3)
    at = open_page(digits_run=trained)
    assert "⬇ Trained model (.npz)" in download_labels(at)
    model = next(b for b in at.get("download_button") if b.key == "files_digits_download_model")
    assert model.proto.label == "⬇ Trained model (.npz)"
    # A fresh session loads the file: the Digits page goes on from epoch 3 with its weights.
    fresh = open_page(digits_run=DigitsRun(DIGITS_MODEL))
    upload(fresh, "files_run", "digits.npz", save_run_bytes(trained.trainer, trained.config))
    assert not fresh.error
    fresh.button(key="files_load_run").click()
    fresh.run()
    assert not fresh.exception, fresh.exception
    loaded = fresh.session_state["dg_run"]
    assert loaded.epoch == 3 and loaded.config == trained.config
    np.testing.assert_array_equal(loaded.first_layer_weights(), trained.first_layer_weights())
    assert any("the Digits page now shows this run at epoch 3" in m.value for m in fresh.success)
    fresh.switch_page(DIGITS)
    fresh.run()
    assert not fresh.exception, fresh.exception
    assert fresh.session_state["dg_run"] is loaded  # its settings shown, so not started over
    assert fresh.metric[0].value == "3" and fresh.metric[0].label == "Epoch (of 50)"
    assert fresh.select_slider(key="dg_neurons").value == 32


def test_a_file_that_is_not_a_run_leaves_the_digits_run_as_it_was():
    digits_run = DigitsRun(DIGITS_MODEL)
    at = open_page(digits_run=digits_run)
    upload(at, "files_run", "photo.npz", b"\x89PNG not a saved run")
    assert "not a saved ScratchNet run: it is not an .npz file" in shown(at.error[0].value)
    assert at.session_state["dg_run"] is digits_run


def test_your_own_data_is_previewed_then_trained_on_in_the_playground():
    old_run = PlaygroundRun(RunConfig(epochs=300, hidden_layers=(16,)))
    at = open_page(old_run)
    upload(at, "files_csv", "spiral.csv", csv_data.example_csv().encode(), "text/csv")
    assert not at.error
    assert "spiral.csv: 120 points, 3 classes" in shown(at.success[0].value)
    tables = " ".join(markdown.value for markdown in at.markdown)
    assert "| class 2 | 2 | 40 |" in tables and "standard deviation" in tables
    assert at.get("plotly_chart")
    at.button(key="files_train_uploaded").click()
    at.run()
    assert not at.exception, at.exception
    run = at.session_state["run"]
    assert run is not old_run and run.data is not None
    assert run.config.classes == 3 and run.config.hidden_layers == (16,)
    assert "your data" in at.markdown[0].value
    at.switch_page(PLAYGROUND)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["run"] is run and run.data is not None
    # The Playground says what it trains on, and training goes on with the learner's points.
    assert any("your data" in note.value for note in at.sidebar.info)
    at.button(key="pg_big_step").click()
    at.run()
    while run.playing:  # a Step longer than STEP_BUDGET plays: run its frames
        at.run()
    assert at.session_state["run"] is run and run.epoch == 100
    np.testing.assert_array_equal(run.trainer.X, run.data[0].astype(run.trainer.X.dtype))
    # And back to a built-in dataset on request.
    at.button(key="pg_drop_own_data").click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["run"].data is None and at.session_state["run"].epoch == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x1,x2,label\n1,2,0\n", "too few rows"),
        (b"1,2,0\n" * 20, "same label"),
        ("".join(f"{i},oops,{i % 2}\n" for i in range(20)).encode(), "'oops' at line 1"),
        (bytes(range(256)), "not a text file"),
    ],
    ids=["too few rows", "one class", "not a number", "binary"],
)
def test_a_bad_csv_shows_an_error_and_changes_nothing(content, message):
    old_run = PlaygroundRun(RunConfig(epochs=300))
    at = open_page(old_run)
    upload(at, "files_csv", "bad.csv", content, "text/csv")
    assert message in shown(at.error[0].value)
    assert not [button for button in at.button if button.key == "files_train_uploaded"]
    assert at.session_state["run"] is old_run


def test_regression_data_is_previewed_and_offered_to_the_regression_page_only():
    run = PlaygroundRun(RunConfig(epochs=300))
    at = open_page(run)
    rows = "".join(f"{i / 10},{(i / 10) ** 2}\n" for i in range(30)).encode()
    upload(at, "files_csv", "curve.csv", rows, "text/csv")
    assert "curve.csv: 30 points, regression" in shown(at.success[0].value)
    assert not [button for button in at.button if button.key == "files_train_uploaded"]
    assert "Regression page" in at.info[0].value
    at.button(key="files_fit_uploaded").click()
    at.run()
    assert at.session_state["uploaded_data"].is_regression
    assert at.session_state["run"] is run  # the Playground's run is untouched


def test_the_compare_page_can_train_every_run_on_your_data():
    at = open_page(PlaygroundRun(RunConfig(epochs=300, hidden_layers=(16,))))
    upload(at, "files_csv", "spiral.csv", csv_data.example_csv().encode(), "text/csv")
    at.button(key="files_train_uploaded").click()
    at.run()
    at.switch_page("pages/compare.py")
    at.run()
    assert not at.exception, at.exception
    built_in = at.session_state["cmp_group"]
    assert len(built_in.runs[0].trainer.X) == 300  # the built-in spiral until asked
    at.toggle(key="cmp_own_data").set_value(True)
    at.run()
    assert not at.exception, at.exception
    group = at.session_state["cmp_group"]
    uploaded = at.session_state["uploaded_data"]
    assert group.data is not None
    for compared in group.runs:
        assert len(compared.trainer.X) == len(uploaded.X) == 120
        assert compared.config.classes == uploaded.n_classes
    at.button(key="cmp_step").click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["cmp_group"] is group and group.epoch > 0


def test_the_regression_page_can_fit_your_regression_data():
    at = open_page(PlaygroundRun(RunConfig(epochs=300)))
    rows = "".join(f"{i / 10},{(i / 10) ** 2}\n" for i in range(30)).encode()
    upload(at, "files_csv", "parabola.csv", rows, "text/csv")
    at.button(key="files_fit_uploaded").click()
    at.run()
    assert at.session_state["uploaded_data"].is_regression
    at.switch_page("pages/regression.py")
    at.run()
    at.toggle(key="rg_own_data").set_value(True)
    at.run()
    assert not at.exception, at.exception
    run = at.session_state["rg_group"].runs[0]
    assert len(run.trainer.X) == 30 and run.trainer.X.shape[1] == 1
    at.button(key="rg_big_step").click()
    at.run()
    while at.session_state["rg_group"].playing:  # a long Step plays: run its frames
        at.run()
    assert not at.exception, at.exception
    assert at.session_state["rg_group"].runs[0].epoch == 100
