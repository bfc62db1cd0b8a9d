"""Save & load: take the current run with you, bring a saved run back, train on your own data."""

import streamlit as st

from ui.files.csv_data import CSV_HELP, example_csv, parse_csv
from ui.files.into_session import keep_for_regression, load_run_into, train_on_uploaded_data
from ui.files.run_files import read_run_file
from ui.pages_guard import enter_through_app
from ui.views.files import (
    PLAYGROUND,
    REGRESSION_NOTE,
    download_buttons,
    loaded_summary,
    read_once,
    run_summary,
    show_message,
    show_refusal,
    show_uploaded_data,
)

enter_through_app(__file__)  # see ui/pages_guard.py

st.title("Save & load")
st.caption(
    "Download the current run (the trained model, its history, a Python script that trains it "
    "again), load a run you saved, or train the network on points of your own."
)

st.header("Download the current run")
run = st.session_state.get("run")
digits_run = st.session_state.get("dg_run")
if run is None and digits_run is None:
    st.info("There is no run yet: set one up and train it in the Playground, then come back.")
    st.page_link(PLAYGROUND, label="Open the Playground", icon=":material/play_circle:")
if run is not None:
    st.markdown(f"Current run: {run_summary(run)}.")
    download_buttons(run)
if digits_run is not None:
    st.markdown(f"The Digits page's run: {run_summary(digits_run)}.")
    download_buttons(digits_run, key_prefix="files_digits")

st.header("Load a saved run")
run_file = st.file_uploader("A run saved from this page (.npz)", type=["npz"], key="files_run")
loaded, refusal = read_once(st.session_state, "files_run_read", run_file, read_run_file)
if refusal:
    show_refusal(run_file.name, refusal, "Nothing was changed.")
elif loaded is not None:
    st.markdown(f"In this file: {loaded_summary(loaded)}.")
    whose = "the Digits page's" if loaded.is_digits else "the current"
    st.button(
        f"Replace {whose} run with this one",
        on_click=load_run_into,
        args=(st.session_state, loaded),
        type="primary",
        key="files_load_run",
    )
show_message("files_load_message")

st.header("Train on your own data")
st.markdown(CSV_HELP)
st.download_button(
    "⬇ An example file (spiral, 3 classes)",
    example_csv(),
    file_name="example_spiral.csv",
    mime="text/csv",
    on_click="ignore",
    key="files_download_example",
)
csv_file = st.file_uploader("Your data (.csv)", type=["csv", "txt"], key="files_csv")
uploaded, refusal = read_once(st.session_state, "files_csv_read", csv_file, parse_csv)
if refusal:
    show_refusal(csv_file.name, refusal)
elif uploaded is not None:
    show_uploaded_data(uploaded)
    if uploaded.is_regression:
        st.info(REGRESSION_NOTE)
        st.button(
            "Fit this data on the Regression page",
            on_click=keep_for_regression,
            args=(st.session_state, uploaded),
            type="primary",
            key="files_fit_uploaded",
        )
    else:
        st.button(
            "Train on this data in the Playground",
            on_click=train_on_uploaded_data,
            args=(st.session_state, uploaded),
            type="primary",
            key="files_train_uploaded",
        )
show_message("files_data_message")
