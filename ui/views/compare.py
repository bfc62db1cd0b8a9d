"""What the Compare page draws in each animation frame: every run's curves and regions."""

import streamlit as st

from ui.figures.compare import (
    comparison_curves_extension,
    comparison_curves_figure,
    summary_table_markdown,
)
from ui.views.films import compare_regions_chart, growing_chart, take_group_film
from ui.views.run_summary import streamed_stride


def draw(group):
    """The Compare page's animation frame: messages, the curves, the small maps, the table."""
    target = st.session_state["cmp_target"] / 100
    data = group.runs[0].trainer  # every run trains on the same data
    show_test = st.session_state.get("cmp_show_test", False) and data.X_test is not None
    if group.message:
        kind, text = group.message
        getattr(st, kind)(text)
    st.info(group.weight_sharing_text(), icon=":material/balance:")
    curves_column, regions_column = st.columns([1, 1])
    film = take_group_film(group)
    with curves_column:
        curves_chart(group, target, show_test)
        st.caption(
            "Loss (top; cross-entropy, lower is better) and training accuracy (bottom) of every "
            "run, at the same epochs. The dotted line is the target accuracy."
        )
    with regions_column:
        compare_regions_chart(group, film)
        st.caption(
            "What each network predicts over the plane (pale where unsure). Dots: training "
            "points; diamonds: test points; black outline: misclassified."
        )
    table = summary_table_markdown(group.summary(target), target, show_test)
    st.markdown(table, unsafe_allow_html=True)


def curves_chart(group, target, show_test):
    """Every run's curves. While the runs play, only the points after those sent travel."""
    curves = group.curves()
    log_loss = st.session_state.get("cmp_log_loss", False)
    # Anything but more epochs of the same runs needs the whole figure (a run diverged: its ✕).
    view = (id(group.runs[0].trainer), log_loss, show_test, target, group.total_epochs)
    view += tuple(run["diverged_epoch"] for run in curves)
    growing_chart(
        "cmp_curves",
        view,
        [int(run["epochs"][-1]) if len(run["epochs"]) else -1 for run in curves],
        group.playing,
        whole_figure=lambda: comparison_curves_figure(
            curves, target, group.total_epochs, log_loss=log_loss, show_test=show_test
        ),
        extension=lambda since: comparison_curves_extension(
            curves,
            since,
            stride=streamed_stride(group.total_epochs),
            show_test=show_test,
        ),
    )
