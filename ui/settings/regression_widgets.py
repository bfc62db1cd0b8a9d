"""The Regression page's settings widgets, in the sidebar: they start from the book's model.

`regression_config` draws them and returns the RunConfig they describe. Each widget's key
starts with "rg_".
"""

import streamlit as st

from scratchnet import RunConfig
from scratchnet.config import weight_init_caption
from ui.settings.choices import (
    ACTIVATION_LABELS,
    DECAYS,
    LEARNING_RATES,
    OPTIMIZER_LABELS,
    WEIGHT_INIT_LABELS,
)

# The book's chapter-17 model: 1 → 64 → 64 → 1, ReLU, a linear output, mean squared error, Adam,
# first weights 0.1·N(0, 1) (weight_init "book": the book's choice for regression).
# benchmarks/regression_seeds.py counts the seeds on which it reaches the book's accuracy.
BOOK_MODEL = RunConfig(
    dataset="sine",
    samples=1000,
    hidden_layers=(64, 64),
    activation="relu",
    optimizer="adam",
    learning_rate=0.005,
    decay=1e-3,
    weight_init="book",
    epochs=10001,
)


def start_values():
    """The widgets' first values: the book's model on noiseless data, the loss on a log scale."""
    for key, value in {
        "rg_noise": 0.0,
        "rg_seed": BOOK_MODEL.seed,
        "rg_layers": len(BOOK_MODEL.hidden_layers),
        "rg_neurons": BOOK_MODEL.hidden_layers[0],
        "rg_activation": BOOK_MODEL.activation,
        "rg_weight_init": BOOK_MODEL.weight_init,
        "rg_optimizer": BOOK_MODEL.optimizer,
        "rg_learning_rate": BOOK_MODEL.learning_rate,
        "rg_decay": BOOK_MODEL.decay,
        "rg_epochs": BOOK_MODEL.epochs,
        "rg_log_loss": True,
    }.items():
        st.session_state.setdefault(key, value)


def regression_config():
    """Draw the sidebar (data, network, optimizer) and return the run's RunConfig."""
    start_values()
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
        weight_init = st.selectbox(
            "Initial weights",
            list(WEIGHT_INIT_LABELS),
            format_func=WEIGHT_INIT_LABELS.get,
            key="rg_weight_init",
        )
        st.caption(weight_init_caption(weight_init))
        st.header("Optimizer")
        optimizer = st.selectbox(
            "Optimizer",
            list(OPTIMIZER_LABELS),
            format_func=OPTIMIZER_LABELS.get,
            key="rg_optimizer",
        )
        learning_rate = st.select_slider("Learning rate", LEARNING_RATES, key="rg_learning_rate")
        decay = st.select_slider("Learning-rate decay", DECAYS, key="rg_decay")
        epochs = st.number_input("Epochs to train", 1, 1_000_000, step=1000, key="rg_epochs")
    return RunConfig(
        dataset="sine",
        samples=1000,
        noise=float(noise),
        seed=int(seed),
        hidden_layers=(int(neurons),) * layers,
        activation=activation,
        weight_init=weight_init,
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        decay=float(decay),
        epochs=int(epochs),
    )
