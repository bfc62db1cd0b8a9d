"""What the Regression page draws in each animation frame: the fitted curve and the loss."""

import numpy as np
import streamlit as st

from ui.figures.numbers import metric_percent
from ui.figures.playground import training_curves_extension
from ui.figures.regression import regression_curves_figure
from ui.views.films import fit_chart, growing_chart, take_group_film
from ui.views.run_summary import streamed_stride


def draw(group, config, data):
    """The Regression page's animation frame: the numbers, the fitted curve, the loss curve.

    `config` is the run's settings; `data` the learner's own points, or None for the sine."""
    run = group.runs[0]
    latest = run.summary(target_accuracy=1.0)
    precision = run.trainer.accuracy.precision
    if group.message:
        getattr(st, group.message[0])(group.message[1])
    numbers = st.columns(4)
    numbers[0].metric("Epoch", f"{latest['epoch']:,} / {group.total_epochs:,}")
    numbers[1].metric("Loss (MSE)", "—" if latest["loss"] is None else f"{latest['loss']:.3g}")
    numbers[2].metric("Accuracy", metric_percent(latest["accuracy"]))
    numbers[3].metric("Counted right within", f"± {precision:.4f}")
    st.caption(
        f"Accuracy, the book's way for regression: a prediction counts as right when it is within "
        f"std(y) / 250 = {precision:.4f} of its target (a strict test; with noise, few points can "
        "be that close, however good the curve)."
    )
    fit_column, loss_column = st.columns([1, 1])
    with fit_column:
        # The noise-free sine, when the data is the built-in sine with noise.
        with_truth = config.noise and data is None
        fit_chart(
            group, take_group_film(group), lambda x: np.sin(2 * np.pi * x) if with_truth else None
        )
    with loss_column:
        history = run.trainer.history
        log_loss = st.session_state["rg_log_loss"]
        epochs = history["epoch"]
        growing_chart(
            "rg_curves",
            (id(run.trainer), log_loss, group.total_epochs),
            int(epochs[-1]) if len(epochs) else -1,
            group.playing,
            whole_figure=lambda: regression_curves_figure(
                epochs,
                history["data_loss"],
                history["accuracy"],
                log_loss=log_loss,
                total_epochs=group.total_epochs,
            ),
            extension=lambda since: training_curves_extension(
                epochs,
                history["data_loss"],
                history["accuracy"],
                since_epoch=since,
                stride=streamed_stride(group.total_epochs),
            ),
            height=560,
        )
        st.checkbox("Log scale for the loss", key="rg_log_loss")
