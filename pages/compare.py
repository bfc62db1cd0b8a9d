"""Compare: up to six networks trained side by side, on the same data, from the same weights."""

import streamlit as st

from ui.charts.live_chart import live_chart
from ui.figures.compare import comparison_curves_figure, regions_grid_figure, summary_table_markdown
from ui.files import uploads
from ui.run import run_group
from ui.settings import compare_runs, compare_widgets
from ui.views.playground import (
    FRAME_BUDGET,
    FRAME_INTERVAL,
    KEEP_STALE_ELEMENTS_SOLID,
    frame_gate,
)

BIG_STEP = 100

st.title("Compare")
st.caption(
    "Several networks learn the same data side by side. Pick a quick set-up or edit the runs, "
    "press **Play**, and see which one learns faster, further, or not at all."
)

group = st.session_state.get("cmp_group")
start_configs = group.configs if group else compare_runs.first_configs()
configs = compare_widgets.compare_configs(start_configs)
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
