"""What the Playground page draws in each animation frame: the numbers and the two live charts."""

import streamlit as st

from ui.views.films import regions_chart
from ui.views.next_step import show_next_step
from ui.views.run_summary import curves_chart, numbers

# The charts' height on a big screen; on a smaller one they fit the screen (live_chart).
PLAYGROUND_CHART_HEIGHT = 760


def draw(run):
    # The charts are drawn before the numbers and messages above them: see
    # ui/run/animation.py's draw_then_train.
    top = st.container()
    regions_column, curves_column = st.columns([1, 1])
    with regions_column:
        regions_chart(run, "pg_regions", PLAYGROUND_CHART_HEIGHT, run.take_film())
        st.caption(
            "Each point of the plane is coloured by the class the network predicts there, "
            "paler where it is less sure. Dots are training points, diamonds test points; a "
            "black outline marks a point the network gets wrong."
        )
    with curves_column:
        curves_chart(run, key="pg_curves", height=PLAYGROUND_CHART_HEIGHT)
        st.checkbox("Log scale for the loss", key="pg_log_loss")
        st.caption(
            "Loss (top): how wrong the network is on average, cross-entropy; it should fall. "
            "Accuracy (bottom): the share of points classified right. Solid: training data; "
            "dashed: test data (measured once per frame)."
        )
    with top:
        if run.message:
            kind, text = run.message
            getattr(st, kind)(text)
        elif warning := run.loss_warning():
            st.warning(warning)
        elif note := run.slow_warning():
            # One line until opened: it comes while playing, above the charts.
            slow = st.expander(
                "Training is slow here: the picture moves one epoch at a time",
                icon=":material/hourglass_top:",
            )
            slow.info(note)
        show_next_step(run)
        numbers(run)
