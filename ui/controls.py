"""The Playground's sidebar: widgets in, a RunConfig out.

Every widget has a key starting with "pg_" and gets its first value from the current run's
config, so switching pages and coming back shows the settings in use.
"""

import streamlit as st

from scratchnet import RunConfig
from scratchnet.config import SUGGESTED_LEARNING_RATES
from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES

LEARNING_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.3]
LEARNING_RATES += [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 1000.0]
DECAYS = [0.0, 1e-7, 5e-7, 1e-6, 1e-5, 5e-5, 1e-4, 1e-3, 1e-2]
PENALTIES = [0.0, 1e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2]
BATCH_SIZES = ["full batch", 8, 16, 32, 64, 128, 256, 512]
SPEEDS = ["1 epoch", "10 epochs", "100 epochs", "1000 epochs", "max"]
OPTIMIZER_LABELS = {
    "sgd": "SGD (+ momentum)",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}
ACTIVATION_LABELS = {
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "linear": "linear",
}


def start_values(config):
    """Give every widget its starting value from `config`, once per session."""
    values = {
        "pg_dataset": config.dataset,
        "pg_classes": config.classes,
        "pg_samples": config.samples,
        "pg_noise": DEFAULT_NOISE.get(config.dataset, 0.0)
        if config.noise is None
        else config.noise,
        "pg_test_fraction": config.test_fraction,
        "pg_layers": len(config.hidden_layers),
        "pg_activation": config.activation,
        "pg_optimizer": config.optimizer,
        "pg_learning_rate": config.learning_rate,
        "pg_decay": config.decay,
        "pg_momentum": config.momentum,
        "pg_rho": config.rho,
        "pg_beta_1": config.beta_1,
        "pg_beta_2": config.beta_2,
        "pg_l1": config.weight_regularizer_l1,
        "pg_l2": config.weight_regularizer_l2,
        "pg_dropout": config.dropout,
        "pg_batch_size": config.batch_size or "full batch",
        "pg_epochs": config.epochs,
        "pg_seed": config.seed,
        "pg_book_exact": config.precision == "nnfs",
    }
    for index in range(4):
        sizes = list(config.hidden_layers)
        values[f"pg_neurons_{index}"] = sizes[index] if index < len(sizes) else sizes[-1]
    for key, value in values.items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault("pg_speed", "max")
    st.session_state.setdefault("pg_log_loss", False)


def on_optimizer_change():
    """A new optimizer gets a learning rate that suits it (the book's), not the old one's."""
    st.session_state["pg_learning_rate"] = SUGGESTED_LEARNING_RATES[
        st.session_state["pg_optimizer"]
    ]


def on_dataset_change():
    """Each dataset comes with its usual noise."""
    st.session_state["pg_noise"] = DEFAULT_NOISE[st.session_state["pg_dataset"]]


def sidebar_config():
    """Draw the sidebar and return the RunConfig it describes."""
    sidebar = st.sidebar
    sidebar.header("Data")
    dataset = sidebar.selectbox(
        "Dataset", list(DATASETS), key="pg_dataset", on_change=on_dataset_change
    )
    fixed = FIXED_CLASSES.get(dataset)
    classes = sidebar.slider(
        "Classes",
        2,
        8,
        key="pg_classes",
        disabled=fixed is not None,
        help=f"{dataset} always has {fixed} classes."
        if fixed
        else "How many classes to tell apart.",
    )
    samples = sidebar.slider("Points per class", 10, 1000, step=10, key="pg_samples")
    noise = sidebar.slider("Noise", 0.0, 1.0, step=0.01, key="pg_noise")
    test_fraction = sidebar.slider(
        "Test share",
        0.0,
        0.5,
        step=0.05,
        key="pg_test_fraction",
        help="Points held out from training, drawn as diamonds, to see how well the network "
        "generalises.",
    )

    sidebar.header("Network")
    n_layers = sidebar.slider("Hidden layers", 1, 4, key="pg_layers")
    hidden_layers = tuple(
        sidebar.slider(f"Neurons in hidden layer {index + 1}", 1, 256, key=f"pg_neurons_{index}")
        for index in range(n_layers)
    )
    activation = sidebar.selectbox(
        "Activation",
        list(ACTIVATION_LABELS),
        format_func=ACTIVATION_LABELS.get,
        key="pg_activation",
    )

    sidebar.header("Optimizer")
    optimizer = sidebar.selectbox(
        "Optimizer",
        list(OPTIMIZER_LABELS),
        format_func=OPTIMIZER_LABELS.get,
        key="pg_optimizer",
        on_change=on_optimizer_change,
    )
    learning_rate = sidebar.select_slider(
        "Learning rate", LEARNING_RATES, key="pg_learning_rate", help="Changes apply at once."
    )
    decay = sidebar.select_slider(
        "Learning-rate decay",
        DECAYS,
        key="pg_decay",
        help="current rate = learning rate / (1 + decay · updates so far)",
    )
    settings = {}
    if optimizer == "sgd":
        settings["momentum"] = sidebar.slider("Momentum", 0.0, 0.99, step=0.01, key="pg_momentum")
    if optimizer == "rmsprop":
        settings["rho"] = sidebar.slider("rho (cache decay)", 0.0, 0.999, step=0.001, key="pg_rho")
    if optimizer == "adam":
        settings["beta_1"] = sidebar.slider("beta 1", 0.0, 0.999, step=0.001, key="pg_beta_1")
        settings["beta_2"] = sidebar.slider("beta 2", 0.0, 0.9999, step=0.0001, key="pg_beta_2")

    sidebar.header("Regularization")
    l1 = sidebar.select_slider("L1 on weights", PENALTIES, key="pg_l1")
    l2 = sidebar.select_slider("L2 on weights", PENALTIES, key="pg_l2")
    dropout = sidebar.slider("Dropout", 0.0, 0.5, step=0.05, key="pg_dropout")

    sidebar.header("Training")
    batch_size = sidebar.select_slider("Batch size", BATCH_SIZES, key="pg_batch_size")
    epochs = sidebar.number_input("Epochs to train", 1, 1_000_000, step=1000, key="pg_epochs")
    seed = sidebar.number_input("Seed", 0, 2**31 - 1, step=1, key="pg_seed")
    book_exact = sidebar.toggle(
        "Book-exact numbers",
        key="pg_book_exact",
        help="Multiply in float64 as nnfs.init() does: every number equals the book's code "
        "(about 1.5× slower).",
    )
    return RunConfig(
        dataset=dataset,
        samples=int(samples),
        classes=int(fixed or classes),
        noise=float(noise),
        test_fraction=float(test_fraction),
        hidden_layers=hidden_layers,
        activation=activation,
        dropout=float(dropout),
        weight_regularizer_l1=float(l1),
        weight_regularizer_l2=float(l2),
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        decay=float(decay),
        batch_size=None if batch_size == "full batch" else int(batch_size),
        epochs=int(epochs),
        seed=int(seed),
        precision="nnfs" if book_exact else "float32",
        **{name: float(value) for name, value in settings.items()},
    )
