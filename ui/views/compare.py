"""What the Compare page draws in each animation frame: every run's curves and regions."""

import streamlit as st

from ui.charts.live_chart import live_chart
from ui.figures.compare import (
    comparison_curves_figure,
    regions_grid_figure,
    summary_table_markdown,
)


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
