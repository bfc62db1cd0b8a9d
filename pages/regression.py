"""Regression: a network learns a curve, the book's sine (chapter 17), and we watch it fit."""

from dataclasses import replace

import numpy as np
import streamlit as st

from scratchnet import RunConfig
from ui.charts.live_chart import live_chart
from ui.figures.regression import fit_figure, regression_curves_figure
from ui.files import uploads
from ui.pages_guard import enter_through_app
from ui.run.run_group import RunGroup, fitted_curve
from ui.settings.sidebar import ACTIVATION_LABELS, DECAYS, LEARNING_RATES, OPTIMIZER_LABELS
from ui.views.playground import (
    FRAME_BUDGET,
    FRAME_INTERVAL,
    KEEP_STALE_ELEMENTS_SOLID,
    format_percent,
    frame_gate,
)

enter_through_app(__file__)  # see ui/pages_guard.py

# The book's chapter-17 model: 1 → 64 → 64 → 1, ReLU, a linear output, mean squared error, Adam.
BOOK_MODEL = RunConfig(
    dataset="sine",
    samples=1000,
    hidden_layers=(64, 64),
    activation="relu",
    optimizer="adam",
    learning_rate=0.005,
    decay=1e-3,
    epochs=10001,
)

st.title("Regression")
st.caption(
    "Here the network does not sort points into classes: it learns a curve, y = sin(2πx), from "
    "1,000 points. Its last layer has one neuron and no activation (a linear output), and the "
    "loss is the mean squared error. Press **Play** and watch the blue curve bend onto the data."
)
for key, value in {
    "rg_noise": 0.0,
    "rg_seed": BOOK_MODEL.seed,
    "rg_layers": len(BOOK_MODEL.hidden_layers),
    "rg_neurons": BOOK_MODEL.hidden_layers[0],
    "rg_activation": BOOK_MODEL.activation,
    "rg_optimizer": BOOK_MODEL.optimizer,
    "rg_learning_rate": BOOK_MODEL.learning_rate,
    "rg_decay": BOOK_MODEL.decay,
    "rg_epochs": BOOK_MODEL.epochs,
    "rg_log_loss": True,
}.items():
    st.session_state.setdefault(key, value)

with st.sidebar:
    st.header("Data")
    noise = st.slider("Noise", 0.0, 0.5, step=0.05, key="rg_noise", help="0: the book's data.")
    seed = st.number_input("Seed", 0, 2**31 - 1, step=1, key="rg_seed")
    st.header("Network")
    layers = st.slider("Hidden layers", 1, 4, key="rg_layers")
    neurons = st.slider("Neurons per hidden layer", 1, 256, key="rg_neurons")
    activation = st.selectbox(
        "Activation",
        list(ACTIVATION_LABELS),
        format_func=ACTIVATION_LABELS.get,
        key="rg_activation",
    )
    st.header("Optimizer")
    optimizer = st.selectbox(
        "Optimizer", list(OPTIMIZER_LABELS), format_func=OPTIMIZER_LABELS.get, key="rg_optimizer"
    )
    learning_rate = st.select_slider("Learning rate", LEARNING_RATES, key="rg_learning_rate")
    decay = st.select_slider("Learning-rate decay", DECAYS, key="rg_decay")
    epochs = st.number_input("Epochs to train", 1, 1_000_000, step=1000, key="rg_epochs")

config = RunConfig(
    dataset="sine",
    samples=1000,
    noise=float(noise),
    seed=int(seed),
    hidden_layers=(int(neurons),) * layers,
    activation=activation,
    optimizer=optimizer,
    learning_rate=float(learning_rate),
    decay=float(decay),
    epochs=int(epochs),
)
data = None
uploaded = st.session_state.get("uploaded_data")  # from the Save & load page
own_data_available = uploaded is not None and uploaded.is_regression
if own_data_available and st.sidebar.toggle("Train on your uploaded data", key="rg_own_data"):
    cached = st.session_state.get("rg_own_data_arrays")
    if cached is None or cached[0] != id(uploaded):  # the same arrays keep the run going
        cached = (id(uploaded), uploads.training_data(uploaded, replace(config, test_fraction=0)))
        st.session_state["rg_own_data_arrays"] = cached
    data = cached[1]
    st.caption(f"Training on **your data**: {uploaded.file_name}, {uploaded.n_rows} points.")
group = st.session_state.get("rg_group")
if group is None:
    group = st.session_state["rg_group"] = RunGroup([config], data)
elif group.update([config], data) == "reset":
    st.toast("The settings changed, so training starts over from epoch 0.")

buttons = st.columns([1, 1, 1, 1, 2])
if group.playing:
    buttons[0].button(
        "Pause", icon=":material/pause:", on_click=group.pause, key="rg_pause", width="stretch"
    )
else:
    buttons[0].button(
        "Play",
        icon=":material/play_arrow:",
        on_click=group.play,
        key="rg_play",
        type="primary",
        width="stretch",
    )
buttons[1].button("Step 1 epoch", on_click=group.step, args=(1,), key="rg_step", width="stretch")
buttons[2].button(
    "Step 100 epochs", on_click=group.step, args=(100,), key="rg_big_step", width="stretch"
)
buttons[3].button(
    "Reset", icon=":material/restart_alt:", on_click=group.reset, key="rg_reset", width="stretch"
)
st.html(KEEP_STALE_ELEMENTS_SOLID)


def draw_and_train(share):
    """One frame: draw first, then train (as the Playground does: a click mid-frame cannot drop
    a chart). `share` of the frame budget trains when other sessions wait their turn."""
    run = group.runs[0]
    latest = run.summary(target_accuracy=1.0)
    precision = run.trainer.accuracy.precision
    if group.message:
        getattr(st, group.message[0])(group.message[1])
    numbers = st.columns(4)
    numbers[0].metric("Epoch", f"{latest['epoch']:,} / {group.total_epochs:,}")
    numbers[1].metric("Loss (MSE)", "—" if latest["loss"] is None else f"{latest['loss']:.3g}")
    numbers[2].metric("Accuracy", format_percent(latest["accuracy"]))
    numbers[3].metric("Counted right within", f"± {precision:.4f}")
    st.caption(
        f"Accuracy, the book's way for regression: a prediction counts as right when it is within "
        f"std(y) / 250 = {precision:.4f} of its target (a strict test; with noise, few points can "
        "be that close, however good the curve)."
    )
    fit_column, loss_column = st.columns([1, 1])
    with fit_column:
        curve_x, curve_y = fitted_curve(run.trainer)
        truth = np.sin(2 * np.pi * curve_x) if config.noise and data is None else None
        live_chart(fit_figure(run.trainer.X, run.trainer.y, curve_x, curve_y, truth), key="rg_fit")
    with loss_column:
        history = run.trainer.history
        figure = regression_curves_figure(
            history["epoch"],
            history["data_loss"],
            history["accuracy"],
            log_loss=st.session_state["rg_log_loss"],
            total_epochs=group.total_epochs,
        )
        live_chart(figure, key="rg_curves", height=560)
        st.checkbox("Log scale for the loss", key="rg_log_loss")
    if group.playing:
        group.train_for(FRAME_BUDGET * share)
        if not group.playing:
            st.rerun()  # training ended (finished or diverged): show it, stop the timer


@st.fragment(run_every=FRAME_INTERVAL if group.playing else None)
def frame():
    # Every session's frames take turns on the server (ui/run/frame_gate.py).
    with frame_gate().turn() as others_waiting:
        draw_and_train(frame_gate().share(others_waiting))


frame()
