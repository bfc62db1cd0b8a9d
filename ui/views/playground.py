"""What the Playground page draws in each animation frame: the numbers and the two live charts."""

import streamlit as st

from ui.charts.live_chart import live_chart
from ui.figures.playground import data_points_figure
from ui.figures.region_pictures import regions_clip
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
        regions_chart(run)
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
            st.info(note)
        show_next_step(run)
        numbers(run)


def regions_chart(run, key="pg_regions", height=PLAYGROUND_CHART_HEIGHT):
    """The data points in a live chart, and under them the decision regions as the browser
    plays them: the pictures the run took while it trained since the last frame.

    While the run plays, the points' figure travels only when what it shows changed (which
    points the network gets wrong): most frames carry just the pictures.
    """
    train_predictions, test_predictions = run.predictions()
    shown = (id(run.trainer), train_predictions.tobytes())
    if test_predictions is not None:
        shown += (test_predictions.tobytes(),)
    figure = None
    if not run.playing or st.session_state.get(f"{key}_shown") != shown:
        figure = data_points_figure(
            run.extent,
            run.trainer.X,
            run.trainer.y,
            run.trainer.X_test,
            run.trainer.y_test,
            train_predictions,
            test_predictions,
            n_classes=run.trainer.network.n_outputs,
            height=height,
        )
    st.session_state[f"{key}_shown"] = shown
    epochs, pictures = zip(*run.take_pictures())
    clip = regions_clip(
        pictures,
        epochs,
        run.extent,
        n_classes=run.trainer.network.n_outputs,
        playing=run.playing,
        seconds=run.seconds_between_frames,
    )
    live_chart(figure, key=key, height=height, clip=clip, fit_screen=True)
