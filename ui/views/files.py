"""What the "Save & load" page shows: the download buttons, the preview of the learner's data,
the messages its buttons leave, and the short texts about a run, a saved file and a CSV file.

A file comes from outside the app: its name and its column names are shown as plain text
(ui/plain_text.py), and it is read once per upload, not on every rerun while it sits in the
uploader (`read_once`)."""

import streamlit as st

from scratchnet import save_run_bytes
from ui.figures.uploads import data_preview_figure
from ui.files.history_csv import history_csv
from ui.files.script_export import script_file_name, standalone_script
from ui.plain_text import MESSAGE_LENGTH, plain_markdown, shortened

PLAYGROUND = "pages/playground.py"
DIGITS = "pages/digits.py"

REGRESSION_NOTE = (
    "This is regression data (one feature, one number to predict): the Regression page fits "
    "it. (The Playground draws decision regions over two inputs, so it trains classification "
    "data: two feature columns and a class label.)"
)


def read_once(session_state, key, upload, read):
    """`read(the file's bytes, its name)` for the file in an uploader, once per upload.

    Returns (what `read` returned, None), or (None, the message of its ValueError), or
    (None, None) when the uploader is empty. The answer is kept in session_state[key] with the
    upload's file_id (new for every upload, even of the same file): the page reruns on every
    click, and a big file must not be read again each time while it sits in the uploader.
    """
    if upload is None:
        session_state.pop(key, None)
        return None, None
    kept = session_state.get(key)
    if kept is None or kept[0] != upload.file_id:
        try:
            kept = (upload.file_id, read(upload.getvalue(), upload.name), None)
        except ValueError as error:
            kept = (upload.file_id, None, str(error))
        session_state[key] = kept
    return kept[1], kept[2]


def show_refusal(file_name, reason, consequence=""):
    """Why a file cannot be used, as plain text of a bounded length."""
    text = f"{shortened(file_name)} cannot be used: {shortened(reason, MESSAGE_LENGTH)}."
    st.error(plain_markdown(f"{text} {consequence}".strip(), 2 * MESSAGE_LENGTH))


def show_message(key):
    """The message a button's callback left, once, with a link to the page it names on success
    (the Playground unless it names another). The message may quote a file's name: it is
    shown as plain text."""
    if message := st.session_state.pop(key, None):
        kind, text, *page = message
        getattr(st, kind)(plain_markdown(text, 2 * MESSAGE_LENGTH))
        if kind == "success":
            page = page[0] if page else PLAYGROUND
            label = "Open the Digits page" if page == DIGITS else "Open the Playground"
            st.page_link(page, label=label, icon=":material/play_circle:")


def download_buttons(run, key_prefix="files"):
    """Three downloads of the run, side by side: the trained model, its history, a script.
    Widget keys: "<key_prefix>_download_model" / "_history" / "_script"."""
    own_data = run.data is not None
    trainer, config = run.trainer, run.config
    script_data = (trainer.X, trainer.y, trainer.X_test, trainer.y_test) if own_data else None
    script = standalone_script(config, data=script_data)
    model_column, history_column, script_column = st.columns(3)
    model_column.download_button(
        "⬇ Trained model (.npz)",
        save_run_bytes(trainer, config),
        file_name=f"scratchnet_{'digits' if config.dataset == 'digits' else 'run'}"
        f"_epoch_{trainer.epoch}.npz",
        mime="application/octet-stream",
        on_click="ignore",
        key=f"{key_prefix}_download_model",
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
        key=f"{key_prefix}_download_history",
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
        key=f"{key_prefix}_download_script",
    )
    script_column.caption(script_note(config))
    with st.expander("Show the script"):
        st.code(script, language="python", line_numbers=True)


def show_uploaded_data(uploaded):
    """What was read from the learner's CSV file: a summary, its first rows, its classes, and
    its points as the network will see them, with each column's mean and standard deviation."""
    st.success(plain_markdown(uploaded_summary(uploaded), 2 * MESSAGE_LENGTH))
    table_column, chart_column = st.columns([2, 3])
    with table_column:
        st.markdown("**The first rows, as in the file**")
        st.markdown(preview_markdown(uploaded))
        if not uploaded.is_regression:
            st.markdown(classes_markdown(uploaded))
    with chart_column:
        figure = data_preview_figure(
            uploaded.X, uploaded.y, uploaded.column_names, uploaded.class_values
        )
        st.plotly_chart(figure, theme=None, key="files_preview_chart")
        st.caption(
            "Your points as the network sees them: each column standardised to mean 0 and "
            "standard deviation 1, z = (x − mean) / std, with these values:"
        )
        st.markdown(scaling_markdown(uploaded))


# --- the texts: small Markdown tables and one-line summaries -----------------------------------


def markdown_table(header, rows):
    """A Markdown table whose cells (column names from a file among them) show as plain text."""
    lines = ["| " + " | ".join(map(plain_markdown, header)) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(plain_markdown(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def preview_markdown(uploaded, count=8):
    """The file's first rows, as the file has them."""
    return markdown_table(uploaded.column_names, uploaded.preview_rows(count))


def classes_markdown(uploaded):
    """One row per class: its label in the file and its number of points."""
    rows = [
        [f"class {index}", value, f"{count:,}"]
        for index, (value, count) in enumerate(zip(uploaded.class_values, uploaded.class_counts()))
    ]
    return markdown_table(["class", "label in the file", "points"], rows)


def scaling_markdown(uploaded):
    """Each standardised column's mean and standard deviation in the file."""
    names = uploaded.column_names if uploaded.is_regression else uploaded.column_names[:-1]
    rows = [
        [name, f"{mean:.4g}", f"{std:.4g}"]
        for name, mean, std in zip(names, uploaded.means, uploaded.stds)
    ]
    return markdown_table(["column", "mean in the file", "standard deviation"], rows)


def uploaded_summary(uploaded):
    """What was read: how many points, which columns, the header."""
    header = (
        "with a header row"
        if uploaded.has_header
        else f"no header row, so the columns are called {', '.join(uploaded.column_names)}"
    )
    if uploaded.is_regression:
        what = "regression: one feature, one target"
    else:
        what = f"{uploaded.n_classes} classes"
    return f"{shortened(uploaded.file_name)}: {uploaded.n_rows:,} points, {what} ({header})."


def run_data_label(run):
    """What the run trains on, for the page: "your data", or the built-in dataset's name.

    A run on the learner's own points (a CSV file, or a saved run that had them) carries them
    in `run.data`; its config names a built-in dataset only because the engine needs one.
    """
    if getattr(run, "data", None) is not None:
        return "your data"
    return run.config.dataset


def network_and_optimizer(trainer, config):
    """E.g. "network 2-16-3 (relu), adam at learning rate 0.01": the layer sizes from the
    inputs to the outputs, then how it learns."""
    sizes = [trainer.X.shape[1], *config.hidden_layers, trainer.network.n_outputs]
    return (
        f"network {'-'.join(map(str, sizes))} ({config.activation}), {config.optimizer} at "
        f"learning rate {config.learning_rate:g}"
    )


def run_summary(run):
    """One line about the current run: its data, network, optimizer and epoch."""
    return (
        f"**{run_data_label(run)}** ({len(run.trainer.X):,} training points), "
        f"{network_and_optimizer(run.trainer, run.config)}, epoch **{run.trainer.epoch:,}** "
        f"of {run.config.epochs:,}"
    )


def loaded_summary(loaded):
    """One line about a run read from a file."""
    return (
        f"**{run_data_label(loaded)}**, {network_and_optimizer(loaded.trainer, loaded.config)}, "
        f"trained to epoch **{loaded.epoch:,}** of {loaded.config.epochs:,}"
    )


def script_note(config):
    """What the script's printed numbers match, for this run's precision."""
    if config.dataset == "digits":
        return (
            "The book's code with NumPy and nnfs, and scikit-learn for the digits: it trains "
            "this network from epoch 0 and prints the numbers shown on the Digits page."
        )
    if config.precision == "nnfs":
        return (
            "The book's code with NumPy and nnfs only. With book-exact numbers on, it prints "
            "exactly the numbers of this run, on any computer."
        )
    return (
        "The book's code with NumPy and nnfs only. In float32, as here, it prints this run's "
        "numbers exactly on this server; another computer can round float32 products "
        "differently and drift after many epochs. Tick **Book-exact numbers** in the "
        "Playground for numbers that are the same everywhere."
    )
