"""The Playground's run as the Playground and the Network page both show it: the row of
numbers (epoch, loss, accuracy, learning rate) and the loss and accuracy curves."""

import streamlit as st

from ui.figures.numbers import run_numbers
from ui.figures.playground import training_curves_extension, training_curves_figure
from ui.views.films import growing_chart

# While playing, the curves grow by at most this many points over a whole run: about one per
# pixel of a curve on a 1280 × 720 screen, and close to the MAX_CURVE_POINTS of a whole figure
# (ui/figures/style.py), so a curve looks the same playing and paused. Each time the curves
# grow, Plotly redraws every point: with 2,000 a curve, that took a quarter of the browser's
# time while the book's run played (benchmarks/README.md, sixth session).
MAX_STREAMED_POINTS = 500


def streamed_stride(total_epochs):
    """While playing, the curves take the epochs that are multiples of this (and the newest):
    about MAX_STREAMED_POINTS points over a run of `total_epochs`."""
    return max(1, total_epochs // MAX_STREAMED_POINTS)


def curves_columns(run):
    """The run's curves as arrays: (epochs, loss, accuracy, test epochs, test loss, test
    accuracy), the test ones None without test data."""
    history = run.trainer.history
    test_history = run.trainer.test_history
    has_test = len(test_history) > 0
    return (
        history["epoch"],
        history["data_loss"] + history["regularization_loss"],
        history["accuracy"],
        test_history["epoch"] if has_test else None,
        test_history["test_loss"] if has_test else None,
        test_history["test_accuracy"] if has_test else None,
    )


def curves_figure(run, height=560):
    """The run's loss and accuracy curves, train and test (log-scale loss if the user chose it)."""
    return training_curves_figure(
        *curves_columns(run),
        log_loss=st.session_state.get("pg_log_loss", False),
        total_epochs=run.config.epochs,
        height=height,
    )


def curves_chart(run, key, height):
    """The curves in a live chart that fits the screen. While the run plays, only the points
    added since the last frame travel (the browser appends them); otherwise the whole figure."""
    columns = curves_columns(run)
    epochs, test_epochs = columns[0], columns[3]
    # Anything but more epochs of the same run and view needs the whole figure again.
    view = (id(run.trainer), st.session_state.get("pg_log_loss", False), run.config.epochs)
    view += (test_epochs is not None,)
    last_epoch = int(epochs[-1]) if len(epochs) else -1
    last_test_epoch = int(test_epochs[-1]) if test_epochs is not None else -1
    growing_chart(
        key,
        view,
        (last_epoch, last_test_epoch),
        run.playing,
        whole_figure=lambda: curves_figure(run, height=height),
        extension=lambda since: training_curves_extension(
            *columns,
            since_epoch=since[0],
            since_test_epoch=since[1],
            stride=streamed_stride(run.config.epochs),
        ),
        height=height,
        fit_screen=True,
    )


def numbers(run):
    """The row of numbers above the charts: epoch, loss, accuracy, test ones, learning rate.

    In one horizontal container, not in columns: it looks the same (the page's style makes each
    number as wide as the others: ui/views/page_style.py), but it travels as one container
    instead of seven (the row and a column per number), and a playing page redraws the row
    several times a second (issue #11)."""
    row = run_numbers(run.latest(), run.config.epochs, run.config.dropout)
    with st.container(horizontal=True, gap="small", key="run_numbers"):
        for label, text, help_text in row:
            st.metric(label, text, help=help_text)
