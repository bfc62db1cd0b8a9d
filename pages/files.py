"""Save & load: take the current run with you, bring a saved run back, train on your own data."""

import streamlit as st

from scratchnet import save_run_bytes
from ui.files import uploads
from ui.files.script_export import history_csv, script_file_name, standalone_script
from ui.pages_guard import enter_through_app

enter_through_app(__file__)  # see ui/pages_guard.py

PLAYGROUND = "pages/playground.py"

st.title("Save & load")
st.caption(
    "Download the current run (the trained model, its history, a Python script that trains it "
    "again), load a run you saved, or train the network on points of your own."
)


def show_message(key):
    """The message a button's callback left, once, with a link to the Playground on success."""
    if message := st.session_state.pop(key, None):
        kind, text = message
        getattr(st, kind)(text)
        if kind == "success":
            st.page_link(PLAYGROUND, label="Open the Playground", icon=":material/play_circle:")


st.header("Download the current run")
run = st.session_state.get("run")
if run is None:
    st.info("There is no run yet: set one up and train it in the Playground, then come back.")
    st.page_link(PLAYGROUND, label="Open the Playground", icon=":material/play_circle:")
else:
    st.markdown(f"Current run: {uploads.run_summary(run)}.")
    own_data = run.data is not None
    trainer, config = run.trainer, run.config
    script_data = (trainer.X, trainer.y, trainer.X_test, trainer.y_test) if own_data else None
    script = standalone_script(config, data=script_data)
    model_column, history_column, script_column = st.columns(3)
    model_column.download_button(
        "⬇ Trained model (.npz)",
        save_run_bytes(trainer, config),
        file_name=f"scratchnet_run_epoch_{trainer.epoch}.npz",
        mime="application/octet-stream",
        on_click="ignore",
        key="files_download_model",
    )
    model_column.caption(
        "Settings, data, weights, optimizer memory and history: load it below to go on "
        "training where you stopped."
    )
    history_column.download_button(
        "⬇ History (.csv)",
        history_csv(trainer),
        file_name="scratchnet_history.csv",
        mime="text/csv",
        on_click="ignore",
        key="files_download_history",
    )
    history_column.caption(
        "One row per recorded epoch: data loss, regularization loss, accuracy, learning rate, "
        "each layer's gradient norm, and the test numbers when measured."
    )
    script_column.download_button(
        "⬇ Standalone script (.py)",
        script,
        file_name=script_file_name(config, own_data),
        mime="text/x-python",
        on_click="ignore",
        key="files_download_script",
    )
    script_column.caption(uploads.script_note(config))
    with st.expander("Show the script"):
        st.code(script, language="python", line_numbers=True)

st.header("Load a saved run")
run_file = st.file_uploader("A run saved from this page (.npz)", type=["npz"], key="files_run")
if run_file is not None:
    try:
        loaded = uploads.read_run_file(run_file.getvalue(), run_file.name)
    except ValueError as error:
        st.error(f"{run_file.name} cannot be loaded: {error}. Nothing was changed.")
    else:
        st.markdown(f"In this file: {uploads.loaded_summary(loaded)}.")
        st.button(
            "Replace the current run with this one",
            on_click=uploads.load_run_into,
            args=(st.session_state, loaded),
            type="primary",
            key="files_load_run",
        )
show_message("files_load_message")

st.header("Train on your own data")
st.markdown(uploads.CSV_HELP)
st.download_button(
    "⬇ An example file (spiral, 3 classes)",
    uploads.example_csv(),
    file_name="example_spiral.csv",
    mime="text/csv",
    on_click="ignore",
    key="files_download_example",
)
csv_file = st.file_uploader("Your data (.csv)", type=["csv", "txt"], key="files_csv")
if csv_file is not None:
    try:
        uploaded = uploads.parse_csv(csv_file.getvalue(), csv_file.name)
    except ValueError as error:
        st.error(f"{csv_file.name} cannot be used: {error}.")
    else:
        st.success(uploads.uploaded_summary(uploaded))
        table_column, chart_column = st.columns([2, 3])
        with table_column:
            st.markdown("**The first rows, as in the file**")
            st.markdown(uploads.preview_markdown(uploaded))
            if not uploaded.is_regression:
                st.markdown(uploads.classes_markdown(uploaded))
        with chart_column:
            st.plotly_chart(
                uploads.data_preview_figure(uploaded), theme=None, key="files_preview_chart"
            )
            st.caption(
                "Your points as the network sees them: each column standardised to mean 0 and "
                "standard deviation 1, z = (x − mean) / std, with these values:"
            )
            st.markdown(uploads.scaling_markdown(uploaded))
        if uploaded.is_regression:
            st.info(uploads.REGRESSION_NOTE)
            st.button(
                "Fit this data on the Regression page",
                on_click=uploads.keep_for_regression,
                args=(st.session_state, uploaded),
                type="primary",
                key="files_fit_uploaded",
            )
        else:
            st.button(
                "Train on this data in the Playground",
                on_click=uploads.train_on_uploaded_data,
                args=(st.session_state, uploaded),
                type="primary",
                key="files_train_uploaded",
            )
show_message("files_data_message")
