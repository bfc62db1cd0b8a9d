"""The Digits page's "Save & load": download the run (.npz), its history (.csv) and a
standalone NumPy script; load a saved digits run to go on training it.

A saved file is read as on the Save & load page (ui/files/run_files.py: size, archive and
array headers checked before anything is unpacked, never unpickled), then it must be a digits
run whose settings this page's sidebar can show.
"""

from dataclasses import replace

import streamlit as st

from scratchnet import save_run_bytes
from ui.files.history_csv import history_csv
from ui.files.run_files import load_checked_run
from ui.files.script_export import script_file_name, standalone_script
from ui.run.digits_run import DigitsRun
from ui.settings import digits_widgets

LOAD_MESSAGE_KEY = "dg_load_message"


def read_digits_run(content):
    """A saved run's bytes -> (trainer, config), or ValueError saying in plain words why not."""
    trainer, config = load_checked_run(content)
    if config.dataset != "digits":
        raise ValueError(
            f"this is a run on {config.dataset}, not on the digits: load it on the Save & load page"
        )
    values, problems = digits_widgets.read_link(digits_widgets.link_query(config))
    if problems or replace(digits_widgets.DIGITS_MODEL, **values) != config:
        raise ValueError(
            "this page's controls cannot show this run's settings (the command line trains "
            "any settings: python -m scratchnet train --help)"
        )
    return trainer, config


def load_into_session(session_state):
    """The uploader's callback: the file's run becomes the page's run, or a message says why
    not (the current run is then left as it was)."""
    uploaded = session_state.get("dg_upload")
    if uploaded is None:
        return
    try:
        trainer, config = read_digits_run(uploaded.getvalue())
    except ValueError as error:
        session_state[LOAD_MESSAGE_KEY] = ("error", f"Could not load {uploaded.name}: {error}.")
        return
    session_state["dg_run"] = DigitsRun.from_trainer(trainer, config)
    digits_widgets.start_values(config)
    session_state[LOAD_MESSAGE_KEY] = (
        "success",
        f"Loaded {uploaded.name} at epoch {trainer.epoch:,}: press Play to go on training.",
    )


def save_and_load(run):
    """The downloads and the uploader, in an expander. The run and its history are written
    when their button is clicked, so they hold the epoch the run has reached then."""
    with st.expander("Save & load this run", icon=":material/save:"):
        model_column, history_column, script_column = st.columns(3)
        model_column.download_button(
            "⬇ Trained model (.npz)",
            lambda: save_run_bytes(run.trainer, run.config),
            file_name="scratchnet_digits.npz",
            mime="application/octet-stream",
            on_click="ignore",
            key="dg_download_model",
        )
        history_column.download_button(
            "⬇ History (.csv)",
            lambda: history_csv(run.trainer),
            file_name="scratchnet_digits_history.csv",
            mime="text/csv",
            on_click="ignore",
            key="dg_download_history",
        )
        script_column.download_button(
            "⬇ Standalone script (.py)",
            standalone_script(run.config),
            file_name=script_file_name(run.config),
            mime="text/x-python",
            on_click="ignore",
            key="dg_download_script",
        )
        st.caption(
            "The script is the book's own code (NumPy and nnfs, plus scikit-learn for the "
            "digits): it trains this network from epoch 0 and prints the numbers shown here."
        )
        st.file_uploader(
            "A digits run saved from this page (.npz)",
            type=["npz"],
            key="dg_upload",
            on_change=load_into_session,
            args=(st.session_state,),
        )
        if message := st.session_state.pop(LOAD_MESSAGE_KEY, None):
            getattr(st, message[0])(message[1])
