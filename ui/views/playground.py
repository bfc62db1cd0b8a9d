"""What the Playground page shows: the buttons, the numbers, the two live charts."""

import streamlit as st

from ui.charts.live_chart import live_chart
from ui.figures.numbers import metric_number, metric_percent
from ui.figures.playground import decision_regions_figure, training_curves_figure
from ui.run.frame_gate import FrameGate

# Seconds between the browser's requests for a frame. A request that comes while a frame runs
# waits for it, so a frame follows the last one at once; more requests would only cost the
# server work (with 30 sessions, 0.05 s swamped it: benchmarks/README.md).
FRAME_INTERVAL = 0.1
FRAME_BUDGET = 0.1  # seconds of training per frame at "max" speed (Compare, Regression)
EPOCHS_PER_FRAME = {"1 epoch": 1, "10 epochs": 10, "100 epochs": 100, "1000 epochs": 1000}
BIG_STEP = 100


def buttons(run):
    """Play/Pause, Step, Step 100, Reset: callbacks change the run, then the page redraws."""
    play_column, step_column, big_step_column, reset_column, speed_column = st.columns(
        [1, 1, 1, 1, 2], vertical_alignment="bottom"
    )
    if run.playing:
        play_column.button(
            "Pause",
            icon=":material/pause:",
            on_click=run.pause,
            key="pg_pause",
            width="stretch",
        )
    else:
        play_column.button(
            "Play",
            icon=":material/play_arrow:",
            on_click=run.play,
            key="pg_play",
            type="primary",
            width="stretch",
        )
    step_column.button(
        "Step 1 epoch",
        on_click=run.step,
        args=(1,),
        key="pg_step",
        width="stretch",
        help="Train exactly one epoch: forward, loss, backward, update.",
    )
    big_step_column.button(
        f"Step {BIG_STEP} epochs",
        on_click=run.step,
        args=(BIG_STEP,),
        key="pg_big_step",
        width="stretch",
    )
    reset_column.button(
        "Reset",
        icon=":material/restart_alt:",
        on_click=run.reset,
        key="pg_reset",
        width="stretch",
        help="Back to epoch 0: the same initial weights for the same seed.",
    )
    speed_column.select_slider(
        "Speed (epochs per frame)",
        options=["1 epoch", "10 epochs", "100 epochs", "1000 epochs", "max"],
        key="pg_speed",
    )


# While a frame is computed, Streamlit fades the elements it is about to replace ("stale").
# Frames come several times a second, so that fade would make the charts blink: keep them solid.
KEEP_STALE_ELEMENTS_SOLID = """
<style>
[data-stale="true"] { opacity: 1 !important; transition: none !important; }
</style>
"""


def training_area(run):
    """The part of the page that animates: only this reruns on each frame while playing."""
    st.html(KEEP_STALE_ELEMENTS_SOLID)

    @st.fragment(run_every=FRAME_INTERVAL if run.playing else None)
    def frame():
        draw_then_train(run, draw)

    frame()


def draw_then_train(run, draw_page):
    """One animation frame of the run (the Playground's, or the Network page's view of it).

    Draw first, then train: the picture lags one frame behind the training. A click (Pause, a
    new setting) reruns the whole page, and Streamlit stops a frame in progress at its next
    drawing call, dropping the charts it had not redrawn yet: they would blink. Training makes
    no drawing call, so a click during training (most of a frame) lets the frame finish whole.
    Every session's frames take turns on the server (ui/run/frame_gate.py).
    """
    run.frame_asked()
    gate = frame_gate()
    with gate.turn() as others_waiting:
        draw_page(run)
        if not run.playing:
            return
        speed = st.session_state.get("pg_speed", "max")
        run.train_one_frame(EPOCHS_PER_FRAME.get(speed), gate.share(others_waiting))  # "max": None
    if not run.playing:
        st.rerun()  # training ended (finished or diverged): show it, stop the timer


@st.cache_resource
def frame_gate():
    """The server's one FrameGate: one animation frame at a time, whoever's it is."""
    return FrameGate(slots=1)


def draw(run):
    # The charts are drawn before the numbers and messages above them (see `frame`).
    top = st.container()
    regions_column, curves_column = st.columns([1, 1])
    with regions_column:
        train_predictions, test_predictions = run.predictions()
        figure = decision_regions_figure(
            run.grid_probabilities(),
            run.extent,
            run.trainer.X,
            run.trainer.y,
            run.trainer.X_test,
            run.trainer.y_test,
            train_predictions,
            test_predictions,
        )
        live_chart(figure, key="pg_regions", height=560)
        st.caption(
            "Each point of the plane is coloured by the class the network predicts there, "
            "paler where it is less sure. Dots are training points, diamonds test points; a "
            "black outline marks a point the network gets wrong."
        )
    with curves_column:
        live_chart(curves_figure(run), key="pg_curves", height=560)
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
        numbers(run)


def curves_figure(run, height=560):
    """The run's loss and accuracy curves, train and test (log-scale loss if the user chose it)."""
    history = run.trainer.history
    test_history = run.trainer.test_history
    has_test = len(test_history) > 0
    return training_curves_figure(
        history["epoch"],
        history["data_loss"] + history["regularization_loss"],
        history["accuracy"],
        test_history["epoch"] if has_test else None,
        test_history["test_loss"] if has_test else None,
        test_history["test_accuracy"] if has_test else None,
        log_loss=st.session_state.get("pg_log_loss", False),
        total_epochs=run.config.epochs,
        height=height,
    )


def numbers(run):
    latest = run.latest()
    columns = st.columns(6)
    columns[0].metric(f"Epoch (of {run.config.epochs:,})", f"{latest['epoch']:,}")
    columns[1].metric("Loss", metric_number(latest["loss"]))
    columns[2].metric("Accuracy", metric_percent(latest["accuracy"]))
    columns[3].metric("Test loss", metric_number(latest["test_loss"]))
    columns[4].metric("Test accuracy", metric_percent(latest["test_accuracy"]))
    columns[5].metric("Learning rate", f"{latest['learning_rate']:.4g}")
