"""The Compare page's settings widgets: the shared data in the sidebar, one table row per run.

`compare_configs` draws them all and returns one RunConfig per run. Each widget's key starts
with "cmp_"; its first value comes from the comparison on show (ui/settings/compare_runs.py
turns configs into widget values and back).
"""

import streamlit as st

from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES
from ui.figures.compare import run_color
from ui.settings import compare_runs
from ui.settings.choices import ACTIVATION_LABELS, LEARNING_RATES, MOMENTA, OPTIMIZER_NAMES

TABLE_COLUMNS = [1.0, 1.3, 1.0, 1.0, 1.0, 0.8, 1.2]
TABLE_HEADERS = ["run", "optimizer", "learning rate", "momentum (SGD)", "neurons", "layers"]
TABLE_HEADERS += ["activation"]


def compare_configs(start_configs):
    """Draw the Compare page's settings and return the RunConfig of every run.

    The widgets start from `start_configs` (the comparison on show) the first time.
    """
    for key, value in compare_runs.widget_values(start_configs).items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault("cmp_target", 90)
    shared = shared_settings()
    with st.expander("**The runs**: quick set-ups, and each run's settings", expanded=True):
        rows = runs_table()
    return [compare_runs.make_config(shared, row) for row in rows]


# --- the shared data, in the sidebar ----------------------------------------------------------


def use_dataset_noise():
    st.session_state["cmp_noise"] = DEFAULT_NOISE[st.session_state["cmp_dataset"]]


def shared_settings():
    """The sidebar: the data every run learns, and how long and how to show the training."""
    with st.sidebar:
        st.header("Data (shared by all runs)")
        dataset = st.selectbox(
            "Dataset", list(DATASETS), key="cmp_dataset", on_change=use_dataset_noise
        )
        fixed = FIXED_CLASSES.get(dataset)
        classes = st.slider("Classes", 2, 8, key="cmp_classes", disabled=fixed is not None)
        samples = st.slider("Points per class", 10, 500, step=10, key="cmp_samples")
        noise = st.slider("Noise", 0.0, 1.0, step=0.01, key="cmp_noise")
        test_fraction = st.slider("Test share", 0.0, 0.5, step=0.05, key="cmp_test_fraction")
        seed = st.number_input("Seed", 0, 2**31 - 1, step=1, key="cmp_seed")
        st.header("Training")
        epochs = st.number_input("Epochs to train", 1, 1_000_000, step=1000, key="cmp_epochs")
        st.slider("Target accuracy (%)", 50, 100, step=5, key="cmp_target")
        st.checkbox("Log scale for the loss", key="cmp_log_loss")
        st.checkbox("Show test curves (dashed)", key="cmp_show_test", disabled=test_fraction == 0)
    return compare_runs.SharedSettings(
        dataset=dataset,
        classes=int(fixed or classes),
        samples=int(samples),
        noise=float(noise),
        test_fraction=float(test_fraction),
        seed=int(seed),
        epochs=int(epochs),
    )


# --- the runs: quick set-ups and a small table ------------------------------------------------


def use_quick_setup(name):
    st.session_state.update(compare_runs.row_widget_values(compare_runs.QUICK_SETUPS[name]))


def runs_table():
    """How many runs, a button per quick set-up, then one row of settings per run."""
    setup_columns = st.columns(len(compare_runs.QUICK_SETUPS) + 1, vertical_alignment="bottom")
    n_runs = setup_columns[0].number_input(
        "Number of runs", 1, compare_runs.MAX_RUNS, key="cmp_n_runs"
    )
    for column, name in zip(setup_columns[1:], compare_runs.QUICK_SETUPS):
        column.button(name, on_click=use_quick_setup, args=(name,), key=f"cmp_preset_{name}")
    for column, header in zip(st.columns(TABLE_COLUMNS), TABLE_HEADERS):
        column.markdown(f"**{header}**")
    return [run_row(index) for index in range(n_runs)]


def run_row(index):
    """One row of the runs table: the settings of run number index + 1."""
    cells = st.columns(TABLE_COLUMNS, vertical_alignment="center")
    swatch = f'<span style="color:{run_color(index)}; font-size:1.4em">■</span>'
    cells[0].markdown(f"{swatch} **Run {index + 1}**", unsafe_allow_html=True)
    name = f"Run {index + 1}"
    hidden = {"label_visibility": "collapsed"}
    optimizer = cells[1].selectbox(
        f"{name} optimizer",
        list(OPTIMIZER_NAMES),
        format_func=OPTIMIZER_NAMES.get,
        key=f"cmp_optimizer_{index}",
        **hidden,
    )
    learning_rate = cells[2].selectbox(
        f"{name} learning rate", LEARNING_RATES, key=f"cmp_learning_rate_{index}", **hidden
    )
    momentum = cells[3].selectbox(
        f"{name} momentum",
        MOMENTA,
        key=f"cmp_momentum_{index}",
        disabled=optimizer != "sgd",
        **hidden,
    )
    neurons = cells[4].number_input(f"{name} neurons", 1, 256, key=f"cmp_neurons_{index}", **hidden)
    layers = cells[5].number_input(f"{name} layers", 1, 4, key=f"cmp_layers_{index}", **hidden)
    activation = cells[6].selectbox(
        f"{name} activation",
        list(ACTIVATION_LABELS),
        format_func=ACTIVATION_LABELS.get,
        key=f"cmp_activation_{index}",
        **hidden,
    )
    return compare_runs.RunSettings(
        optimizer, learning_rate, momentum, int(neurons), int(layers), activation
    )
