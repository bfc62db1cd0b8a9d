"""Regression: a network learns a curve, the book's sine (chapter 17), and we watch it fit."""

from dataclasses import replace
from functools import partial

import streamlit as st

from scratchnet import RunConfig
from ui.files import uploads
from ui.run import animation
from ui.run.run_group import RunGroup
from ui.settings.sidebar import ACTIVATION_LABELS, DECAYS, LEARNING_RATES, OPTIMIZER_LABELS
from ui.views import regression as regression_view

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

animation.control_buttons(group, "rg")
animation.animate(group, partial(regression_view.draw, config=config, data=data))
