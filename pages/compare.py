"""Compare: up to six networks trained side by side, on the same data, from the same weights."""

import streamlit as st

from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES
from ui.charts.live_chart import live_chart
from ui.figures.compare import (
    comparison_curves_figure,
    regions_grid_figure,
    run_color,
    summary_table_markdown,
)
from ui.files import uploads
from ui.pages_guard import enter_through_app
from ui.run import run_group
from ui.settings import compare_runs
from ui.settings.sidebar import ACTIVATION_LABELS, LEARNING_RATES
from ui.views.playground import (
    FRAME_BUDGET,
    FRAME_INTERVAL,
    KEEP_STALE_ELEMENTS_SOLID,
    frame_gate,
)

enter_through_app(__file__)  # see ui/pages_guard.py

MOMENTA = [0.0, 0.5, 0.8, 0.9, 0.95, 0.99]
TABLE_COLUMNS = [1.0, 1.3, 1.0, 1.0, 1.0, 0.8, 1.2]
TABLE_HEADERS = ["run", "optimizer", "learning rate", "momentum (SGD)", "neurons", "layers"]
TABLE_HEADERS += ["activation"]
BIG_STEP = 100

st.title("Compare")
st.caption(
    "Several networks learn the same data side by side. Pick a quick set-up or edit the runs, "
    "press **Play**, and see which one learns faster, further, or not at all."
)

group = st.session_state.get("cmp_group")
start_configs = group.configs if group else compare_runs.first_configs()
for key, value in compare_runs.widget_values(start_configs).items():
    st.session_state.setdefault(key, value)
st.session_state.setdefault("cmp_target", 90)


def use_preset(name):
    st.session_state.update(compare_runs.row_widget_values(compare_runs.PRESETS[name]))


def use_dataset_noise():
    st.session_state["cmp_noise"] = DEFAULT_NOISE[st.session_state["cmp_dataset"]]


# --- the shared data, in the sidebar ----------------------------------------------------------
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
shared = compare_runs.SharedSettings(
    dataset=dataset,
    classes=int(fixed or classes),
    samples=int(samples),
    noise=float(noise),
    test_fraction=float(test_fraction),
    seed=int(seed),
    epochs=int(epochs),
)


def run_row(index):
    """One row of the runs table: the settings of run number index + 1."""
    cells = st.columns(TABLE_COLUMNS, vertical_alignment="center")
    swatch = f'<span style="color:{run_color(index)}; font-size:1.4em">■</span>'
    cells[0].markdown(f"{swatch} **Run {index + 1}**", unsafe_allow_html=True)
    name = f"Run {index + 1}"
    hidden = {"label_visibility": "collapsed"}
    optimizer = cells[1].selectbox(
        f"{name} optimizer",
        list(compare_runs.OPTIMIZER_NAMES),
        format_func=compare_runs.OPTIMIZER_NAMES.get,
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


# --- the runs: quick set-ups and a small table ------------------------------------------------
with st.expander("**The runs**: quick set-ups, and each run's settings", expanded=True):
    preset_columns = st.columns(len(compare_runs.PRESETS) + 1, vertical_alignment="bottom")
    n_runs = preset_columns[0].number_input(
        "Number of runs", 1, compare_runs.MAX_RUNS, key="cmp_n_runs"
    )
    for column, name in zip(preset_columns[1:], compare_runs.PRESETS):
        column.button(name, on_click=use_preset, args=(name,), key=f"cmp_preset_{name}")
    for column, header in zip(st.columns(TABLE_COLUMNS), TABLE_HEADERS):
        column.markdown(f"**{header}**")
    rows = [run_row(index) for index in range(n_runs)]

configs = [compare_runs.make_config(shared, row) for row in rows]
data = None
uploaded = st.session_state.get("uploaded_data")  # from the Save & load page
own_data_available = uploaded is not None and not uploaded.is_regression
if own_data_available and st.sidebar.toggle("Train on your uploaded data", key="cmp_own_data"):
    configs = [uploads.config_for_uploaded_data(config, uploaded) for config in configs]
    # Split once per upload, seed and test share: the same arrays keep the runs going.
    split_key = (id(uploaded), configs[0].seed, configs[0].test_fraction)
    cached = st.session_state.get("cmp_own_data_arrays")
    if cached is None or cached[0] != split_key:
        cached = (split_key, uploads.training_data(uploaded, configs[0]))
        st.session_state["cmp_own_data_arrays"] = cached
    data = cached[1]
if group is None:
    group = st.session_state["cmp_group"] = run_group.RunGroup(configs, data)
elif group.update(configs, data) == "reset":
    st.toast("The settings changed, so every run starts over from epoch 0.")

# --- Play / Pause / Step / Reset, then the part that animates ---------------------------------
play_column, step_column, reset_column, _ = st.columns([1, 1, 1, 3])
if group.playing:
    play_column.button(
        "Pause", icon=":material/pause:", on_click=group.pause, key="cmp_pause", width="stretch"
    )
else:
    play_column.button(
        "Play",
        icon=":material/play_arrow:",
        on_click=group.play,
        key="cmp_play",
        type="primary",
        width="stretch",
    )
step_column.button(
    f"Step {BIG_STEP} epochs",
    on_click=group.step,
    args=(BIG_STEP,),
    key="cmp_step",
    width="stretch",
)
reset_column.button(
    "Reset", icon=":material/restart_alt:", on_click=group.reset, key="cmp_reset", width="stretch"
)
st.html(KEEP_STALE_ELEMENTS_SOLID)


def draw_and_train(share):
    """One frame: draw first, then train (as the Playground does: a click mid-frame cannot drop
    a chart). `share` of the frame budget trains when other sessions wait their turn."""
    target = st.session_state["cmp_target"] / 100
    data = group.runs[0].trainer  # every run trains on the same data
    show_test = st.session_state.get("cmp_show_test", False) and data.X_test is not None
    if group.message:
        kind, text = group.message
        getattr(st, kind)(text)
    st.info(group.weight_sharing_text(), icon=":material/balance:")
    curves_column, regions_column = st.columns([1, 1])
    with curves_column:
        figure = comparison_curves_figure(
            group.curves(),
            target,
            group.total_epochs,
            log_loss=st.session_state.get("cmp_log_loss", False),
            show_test=show_test,
        )
        live_chart(figure, key="cmp_curves")
        st.caption(
            "Loss (top; cross-entropy, lower is better) and training accuracy (bottom) of every "
            "run, at the same epochs. The dotted line is the target accuracy."
        )
    with regions_column:
        figure = regions_grid_figure(
            group.region_maps(),
            group.extent,
            data.X,
            data.y,
            data.X_test,
            data.y_test,
            titles=[run.label for run in group.runs],
        )
        live_chart(figure, key="cmp_regions")
        st.caption(
            "What each network predicts over the plane (pale where unsure). Dots: training "
            "points; diamonds: test points; black outline: misclassified."
        )
    table = summary_table_markdown(group.summary(target), target, show_test)
    st.markdown(table, unsafe_allow_html=True)
    if group.playing:
        group.train_for(FRAME_BUDGET * share)
        if not group.playing:
            st.rerun()  # every run finished or diverged: show it, stop the timer


@st.fragment(run_every=FRAME_INTERVAL if group.playing else None)
def frame():
    # Every session's frames take turns on the server (ui/run/frame_gate.py).
    with frame_gate().turn() as others_waiting:
        draw_and_train(frame_gate().share(others_waiting))


frame()
