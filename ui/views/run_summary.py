"""The Playground's run as the Playground and the Network page both show it: the row of
numbers (epoch, loss, accuracy, learning rate) and the loss and accuracy curves."""

import streamlit as st

from ui.figures.numbers import metric_number, metric_percent
from ui.figures.playground import training_curves_figure


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
