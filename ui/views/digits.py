"""What the Digits page draws: in each animation frame the numbers, the curves, the confusion
matrix, a strip of test digits and the first layer's weights; beside the curves, the drawing
canvas and the network's answer, a fragment of its own.

On a projector's 1280 × 720 (sidebar open) the buttons, the numbers, the curves, the canvas and
its answer are on one screen (`lay_out`): a teacher draws and the class watches the curves
and the answer together. The confusion matrix, the test digits and the weights come below.
"""

import time
from dataclasses import dataclass

import numpy as np
import streamlit as st

from scratchnet.drawing import drawing_to_digit
from ui.charts.drawing_canvas import drawing_canvas, drawing_waiting
from ui.charts.live_chart import live_chart
from ui.figures.digits import (
    confusion_figure,
    digit_strip_figure,
    drawing_input_figure,
    probabilities_figure,
    weight_tiles_figure,
)
from ui.figures.numbers import metric_number, metric_percent
from ui.figures.playground import training_curves_figure
from ui.run.digits_run import confusion_matrix

STRIP_LENGTH = 12  # test digits in the strip
CANVAS_KEY = "dg_canvas"
# While training plays: seconds between two drawings of the confusion matrix, the test strip
# and the weight tiles (the curves and the numbers move at every frame).
DETAILS_EVERY = 0.5
DETAILS_DRAWN_AT = "dg_details_drawn_at"  # session state: when they were last drawn
# While training plays, a drawing's answer comes first: training waits until this many seconds
# after the network read the drawing (see make_way_for_drawing).
ANSWER_TIME = 0.2
ANSWERED_AT = "dg_answered_at"  # session state: when the network last read a drawing
# Each chart's height in pixels, the same whether a frame sends its figure or keeps it (a chart
# that changed height between frames would move what is under it). The curves take the height
# the window leaves them (live_chart's fit_screen), at most CURVES_HEIGHT.
CURVES_HEIGHT = 460
CONFUSION_HEIGHT = 460
STRIP_HEIGHT = 170
WEIGHTS_HEIGHT = 460
# The drawing panel, small enough to sit beside the curves on a 1280 × 720 screen.
CANVAS_SIZE = 190  # pixels, square
INPUT_HEIGHT = 150  # the 8 x 8 picture the network reads
PROBABILITIES_HEIGHT = 150


@dataclass
class PageAreas:
    """Where the Digits page draws, top to bottom: the numbers, full width; the curves (the
    animation frame) beside the drawing panel; the details (confusion matrix, test digits,
    weights), full width. Made in the run's part of the page (ui/run/animation.py's
    `animate`), so that its frame may fill them, in place, on every rerun."""

    numbers: object
    curves: object
    drawing: object
    details: object


def lay_out(run):
    """Make the page's areas, in the order they appear, with the drawing panel in its own.
    Returns the `PageAreas` where each frame draws."""
    numbers = st.container()
    curves, drawing = st.columns(2, gap="medium")
    details = st.container()
    with drawing:
        draw_your_own(run)
    return PageAreas(numbers=numbers, curves=curves, drawing=drawing, details=details)


def draw(run, areas):
    """One animation frame, in `areas` (a PageAreas): the curves, the numbers and the
    details. The charts are drawn before the numbers above them:
    see ui/run/animation.py's draw_then_train.

    While training plays, each frame redraws the curves and the numbers, and the confusion
    matrix, the test strip and the weight tiles every DETAILS_EVERY seconds only: the browser
    shares the machine with the server, and redrawing all four charts at every frame kept it
    busy a third of the time, so a drawn digit's answer waited behind them. A frame that makes
    way for a drawing (`make_way_for_drawing`) redraws nothing and trains nothing.
    """
    run.make_way_for_drawing = make_way_for_drawing(run)
    details = not run.playing or (details_due() and not run.make_way_for_drawing)
    # Streamlit sends an element of 10 kB or more that it sent before as a reference to the
    # browser's cache; with the drawing panel's fragment rerunning between the frames, the
    # browser had sometimes dropped it already ("Cached ForwardMsg MISS": a connection-error
    # dialog). The frame's number in each chart makes every frame's charts new.
    frame = st.session_state["dg_frames"] = st.session_state.get("dg_frames", 0) + 1
    curves = None if run.make_way_for_drawing else numbered(curves_figure(run), frame)
    with areas.curves:
        live_chart(curves, key="dg_curves", height=CURVES_HEIGHT, fit_screen=True)
        st.caption(
            "Loss (top) and accuracy (bottom): solid on the training images, dashed on the "
            "test images the network never trains on, measured after every epoch."
        )
    with areas.details:
        draw_details(*(detail_figures(run, frame) if details else (None, None, None)))
    with areas.numbers:
        if run.message:
            getattr(st, run.message[0])(run.message[1])
        numbers(run)


def draw_details(confusion, strip, weights):
    """The confusion matrix beside the weight tiles, then the strip of test digits (a figure
    None keeps the one drawn)."""
    confusion_column, weights_column = st.columns(2, gap="medium")
    with confusion_column:
        live_chart(confusion, key="dg_confusion", height=CONFUSION_HEIGHT)
        st.caption("Each row: the test images of one digit, by what the network read them as.")
    with weights_column:
        live_chart(weights, key="dg_weights", height=WEIGHTS_HEIGHT)
        st.caption(
            "Each tile is one neuron of the first hidden layer: its 64 weights laid out as the "
            "image they multiply. Blue: ink there raises the neuron's output; vermillion: ink "
            "there lowers it. They start as random noise; as the network learns, strokes and "
            "blobs appear: the parts of digits each neuron has learned to look for."
        )
    live_chart(strip, key="dg_strip", height=STRIP_HEIGHT)
    st.caption(
        "Some test digits with the network's answer and its probability; a wrong answer is "
        "in vermillion, marked ✗ with the true digit after it."
    )


def detail_figures(run, frame):
    """The confusion matrix, the strip of test digits and the weight tiles, as they are now."""
    st.session_state[DETAILS_DRAWN_AT] = time.perf_counter()
    probabilities = run.test_probabilities()
    counts = confusion_matrix(run.trainer.y_test, probabilities.argmax(axis=1))
    shown = strip_indices(len(run.trainer.y_test))
    images, y_true = run.trainer.X_test[shown], run.trainer.y_test[shown]
    return (
        numbered(confusion_figure(counts, CONFUSION_HEIGHT), frame),
        numbered(digit_strip_figure(images, y_true, probabilities[shown], STRIP_HEIGHT), frame),
        numbered(weight_tiles_figure(run.first_layer_weights(), height=WEIGHTS_HEIGHT), frame),
    )


def make_way_for_drawing(run):
    """Whether this frame leaves the machine to a drawing's answer: while training plays, when a
    drawing waits to be read (the canvas's rerun is queued behind this frame), or when the
    network read one less than ANSWER_TIME ago (the browser, on the same cores as the server,
    is still painting the answer). Then the frame draws nothing new and trains nothing."""
    if not run.playing:
        return False
    answered_at = st.session_state.get(ANSWERED_AT)
    just_answered = answered_at is not None and time.perf_counter() - answered_at < ANSWER_TIME
    return just_answered or drawing_waiting(CANVAS_KEY)


def details_due():
    """Whether DETAILS_EVERY seconds have passed since the details were last drawn."""
    drawn_at = st.session_state.get(DETAILS_DRAWN_AT)
    return drawn_at is None or time.perf_counter() - drawn_at >= DETAILS_EVERY


def redraw_everything():
    """Call on each full run of the page: the browser may have built the page afresh (another
    page was open), so the next frame draws every chart, whatever DETAILS_EVERY says."""
    st.session_state.pop(DETAILS_DRAWN_AT, None)


def numbered(figure, frame):
    """The figure with the frame's number in its layout's `meta` (not drawn)."""
    figure["layout"]["meta"] = {"frame": frame}
    return figure


def draw_your_own(run):
    """The canvas, the 8 x 8 picture the network reads from it, and its answer.

    A fragment of its own, apart from the animation frame: a stroke reruns only this (two
    small charts), not the frame's five, so the answer shows within a fraction of a second,
    paused or playing. It has no timer of its own: while a fragment's rerun waits for its
    turn, Streamlit makes its elements inert, and a canvas that is inert once a second
    would drop strokes. (So while training plays, the answer is the network's of the last
    stroke; the next stroke asks the network as it is then.) While training plays, a stroke's
    rerun usually waits behind an animation frame: that frame makes way (`make_way_for_drawing`).
    """

    @st.fragment
    def panel():
        drawing_panel(run)

    panel()


def drawing_panel(run):
    """The same elements whether something is drawn or not: while training plays, Streamlit
    may keep showing an element a rerun left out, so nothing here is ever left out."""
    st.markdown("**Draw a digit** (mouse or finger), training or paused")
    canvas_column, input_column = st.columns(2)
    new_drawing = drawing_waiting(CANVAS_KEY)
    with canvas_column:
        grey = drawing_canvas(key=CANVAS_KEY, size=CANVAS_SIZE)
    pixel_counts = np.zeros((8, 8)) if grey is None else drawing_to_digit(grey)
    digit_probabilities = None if grey is None else run.probabilities_of(pixel_counts)
    with input_column:
        input_figure = drawing_input_figure(pixel_counts, height=INPUT_HEIGHT)
        live_chart(input_figure, key="dg_input", height=INPUT_HEIGHT)
        st.markdown(answer_text(digit_probabilities))
    answer_figure = probabilities_figure(digit_probabilities, height=PROBABILITIES_HEIGHT)
    live_chart(answer_figure, key="dg_probabilities", height=PROBABILITIES_HEIGHT)
    if new_drawing:
        st.session_state[ANSWERED_AT] = time.perf_counter()
    st.caption(
        "The drawing goes the book's way to the network (chapter 22): grey, inverted (dark ink "
        "on white paper becomes light on dark), cropped and fitted to 32 × 32 dots, counted in "
        "4 × 4 blocks (0 to 16, as the digits were made), then scaled to [-1, 1]."
    )


def answer_text(probabilities):
    """'The network reads **7** (93 %); next: 1 (4 %), 9 (2 %).', or what to do (None)."""
    if probabilities is None:
        return "Draw a digit from 0 to 9, as large as the canvas."
    ranked = np.argsort(probabilities)[::-1]
    first, *others = [(int(digit), float(probabilities[digit])) for digit in ranked[:3]]
    next_ones = ", ".join(f"{digit} ({probability:.0%})" for digit, probability in others)
    return f"The network reads **{first[0]}** ({first[1]:.0%}); next: {next_ones}."


def strip_indices(n_test, length=STRIP_LENGTH):
    """The same test images on every frame: evenly spread over the test set."""
    return np.linspace(0, n_test - 1, min(length, n_test)).round().astype(int)


def curves_figure(run):
    history = run.trainer.history
    test_history = run.trainer.test_history
    return training_curves_figure(
        history["epoch"],
        history["data_loss"] + history["regularization_loss"],
        history["accuracy"],
        test_history["epoch"],
        test_history["test_loss"],
        test_history["test_accuracy"],
        total_epochs=run.config.epochs,
        height=CURVES_HEIGHT,
    )


def numbers(run):
    """Epoch, loss and accuracy on the training images, then on the test images."""
    latest = run.latest()
    n_test = len(run.trainer.y_test)
    test_accuracy = latest["test_accuracy"]
    right = "—" if test_accuracy is None else f"{round(test_accuracy * n_test):,}"
    epoch, loss, accuracy, test_loss, test_accuracy_column, test_right = st.columns(6)
    epoch.metric(f"Epoch (of {run.config.epochs:,})", f"{latest['epoch']:,}")
    loss.metric("Loss", metric_number(latest["loss"]))
    accuracy.metric("Accuracy", metric_percent(latest["accuracy"]))
    test_loss.metric("Test loss", metric_number(latest["test_loss"]))
    test_accuracy_column.metric("Test accuracy", metric_percent(test_accuracy))
    test_right.metric(f"Test digits right (of {n_test:,})", right)
