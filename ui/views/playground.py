"""What the Playground page shows of its run: the numbers and the two live charts side by side,
a caption under each, and the Log-scale checkbox under the curves.

The run's part of the page lays out the places (`lay_out`, on each page run and each click):
the captions and the checkbox never change while the run plays, so they are drawn there,
outside the animation frame. Each frame (`draw`, inside the frame's `st.fragment`) fills only
the places that change: the numbers and the charts. A fragment may write into containers made
outside it: Streamlit clears and redraws only what the fragment wrote there. So a playing frame
does not send the captions, the checkbox and the columns around them again, several times a
second (issue #11).
"""

from dataclasses import dataclass

import streamlit as st

from ui.views.films import regions_chart
from ui.views.next_step import show_next_step
from ui.views.run_summary import curves_chart, numbers

# The charts' height on a big screen; on a smaller one they fit the screen (live_chart).
PLAYGROUND_CHART_HEIGHT = 760

REGIONS_CAPTION = (
    "Each point of the plane is coloured by the class the network predicts there, paler where "
    "it is less sure. Dots are training points, diamonds test points; a black outline marks a "
    "point the network gets wrong."
)
CURVES_CAPTION = (
    "Loss (top): how wrong the network is on average, cross-entropy; it should fall. Accuracy "
    "(bottom): the share of points classified right. Solid: training data; dashed: test data "
    "(measured once per frame)."
)


@dataclass
class Places:
    """Where each animation frame draws: containers the page made, in the page's order."""

    top: st.delta_generator.DeltaGenerator  # messages and the row of numbers
    regions: st.delta_generator.DeltaGenerator  # the decision-regions chart
    curves: st.delta_generator.DeltaGenerator  # the loss and accuracy curves


def lay_out():
    """The two columns with, under each chart's place, what stays the same while the run plays.
    Returns the `Places` for `draw`."""
    top = st.container()
    regions_column, curves_column = st.columns([1, 1])
    with regions_column:
        regions = st.container()
        st.caption(REGIONS_CAPTION)
    with curves_column:
        curves = st.container()
        st.checkbox("Log scale for the loss", key="pg_log_loss")
        st.caption(CURVES_CAPTION)
    return Places(top=top, regions=regions, curves=curves)


def draw(run, places):
    """One animation frame's part: the charts, then the numbers and messages above them (see
    ui/run/animation.py's draw_then_train for why the charts come first)."""
    with places.regions:
        regions_chart(run, "pg_regions", PLAYGROUND_CHART_HEIGHT, run.take_film())
    with places.curves:
        curves_chart(run, key="pg_curves", height=PLAYGROUND_CHART_HEIGHT)
    with places.top:
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
