"""The Digits page's settings: its sidebar, and its address as a link to the run.

`digits_config` draws the sidebar and returns the RunConfig it describes. The page's address
holds the settings that differ from `DIGITS_MODEL`, with the Playground's names and rules
(ui/settings/url_state.py), e.g. `/digits?hidden=128&lr=0.01&seed=3`: opening it starts
that run. A bad parameter is left out and listed, as on the Playground. Widget keys start
with "dg_".
"""

from dataclasses import replace

import streamlit as st

from scratchnet import RunConfig
from ui.settings.choices import (
    ACTIVATION_LABELS,
    BATCH_SIZES,
    DECAYS,
    FULL_BATCH,
    LEARNING_RATES,
    MAX_HIDDEN_LAYERS,
    OPTIMIZER_NAMES,
)
from ui.settings.url_state import SETTINGS, quoted, unknown_key_problem

# The default network: 64 inputs (the pixels) -> 64 -> 64 -> 10, ReLU, softmax; chapter 19's
# Adam with decay, on mini-batches. Reaches 95 % on the test images in about 15 epochs.
DIGITS_MODEL = RunConfig(
    dataset="digits",
    test_fraction=0.25,
    hidden_layers=(64, 64),
    activation="relu",
    optimizer="adam",
    learning_rate=0.005,
    decay=1e-3,
    batch_size=32,
    epochs=100,
    seed=0,
)
# The settings the page has a control for, by their name in the address.
LINK_SETTINGS = ("hidden", "activation", "optimizer", "lr", "decay", "batch", "epochs", "seed")
NEURON_CHOICES = (8, 16, 32, 64, 128, 256)
LINK_PROBLEMS_KEY = "dg_link_problems"  # what the opening link asked for that was ignored
# A RunConfig the widgets take on the page's next run: a run loaded on the Save & load page.
SETTINGS_TO_SHOW = "dg_settings_to_show"


# --- the address ---------------------------------------------------------------------------


def read_link(query):
    """{name: text or [texts]} -> ({RunConfig field: value}, [problems]). Never raises."""
    values, problems = {}, []
    for name, given in query.items():
        texts = [given] if isinstance(given, str) else list(given)
        if name not in LINK_SETTINGS:
            problems.append(unknown_key_problem(str(name)))
            continue
        if len(texts) != 1:
            problems.append(f"{quoted(name)} was given {len(texts)} times: give it once")
            continue
        setting = SETTINGS[name]
        try:
            value = setting.rule.parse(str(texts[0]).strip())
        except ValueError as reason:
            problems.append(f"{name}={quoted(str(texts[0]))} {reason}")
            continue
        if name == "hidden" and (len(set(value)) != 1 or value[0] not in NEURON_CHOICES):
            problems.append(
                f"hidden={quoted(str(texts[0]))} was ignored: on this page every hidden layer "
                f"has the same size, one of {', '.join(map(str, NEURON_CHOICES))}"
            )
            continue
        values[setting.field] = value
    return values, problems


def link_query(config):
    """The address's parameters for `config`: the settings that differ from DIGITS_MODEL."""
    query = {}
    for name in LINK_SETTINGS:
        setting = SETTINGS[name]
        value = getattr(config, setting.field)
        if value != getattr(DIGITS_MODEL, setting.field):
            query[name] = setting.rule.format(value)
    return query


# --- the sidebar ---------------------------------------------------------------------------


def start_values(config):
    """Set the widgets to `config`'s settings (the opening link's, or a loaded run's)."""
    batch = FULL_BATCH if config.batch_size is None else config.batch_size
    for key, value in {
        "dg_layers": len(config.hidden_layers),
        "dg_neurons": config.hidden_layers[0],
        "dg_activation": config.activation,
        "dg_optimizer": config.optimizer,
        "dg_learning_rate": config.learning_rate,
        "dg_decay": config.decay,
        "dg_batch": batch,
        "dg_epochs": config.epochs,
        "dg_seed": config.seed,
    }.items():
        st.session_state[key] = value


def opening_settings():
    """On the session's first visit, the address's settings become the widgets' values; after
    a run was loaded (Save & load page), that run's settings do."""
    loaded_config = st.session_state.pop(SETTINGS_TO_SHOW, None)
    if loaded_config is not None:
        st.session_state.setdefault(LINK_PROBLEMS_KEY, [])
        start_values(loaded_config)
        return
    if LINK_PROBLEMS_KEY in st.session_state:
        return
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    values, problems = read_link(query)
    st.session_state[LINK_PROBLEMS_KEY] = problems
    start_values(replace(DIGITS_MODEL, **values).validate())


def digits_config():
    """Draw the sidebar (network, optimizer, training) and return the run's RunConfig."""
    opening_settings()
    with st.sidebar:
        st.header("Network")
        st.caption("64 inputs (the pixels) → hidden layers → 10 outputs (softmax).")
        layers = st.slider("Hidden layers", 1, MAX_HIDDEN_LAYERS, key="dg_layers")
        neurons = st.select_slider("Neurons per hidden layer", NEURON_CHOICES, key="dg_neurons")
        activation = st.selectbox(
            "Activation", list(ACTIVATION_LABELS), format_func=ACTIVATION_LABELS.get,
            key="dg_activation",
        )  # fmt: skip
        st.header("Optimizer")
        optimizer = st.selectbox(
            "Optimizer", list(OPTIMIZER_NAMES), format_func=OPTIMIZER_NAMES.get,
            key="dg_optimizer",
        )  # fmt: skip
        learning_rate = st.select_slider("Learning rate", LEARNING_RATES, key="dg_learning_rate")
        decay = st.select_slider("Learning-rate decay", DECAYS, key="dg_decay")
        st.header("Training")
        batch = st.select_slider("Batch size", (FULL_BATCH, *BATCH_SIZES), key="dg_batch")
        epochs = st.number_input("Epochs to train", 1, 1_000_000, step=10, key="dg_epochs")
        seed = st.number_input("Seed", 0, 2**31 - 1, step=1, key="dg_seed")
    return replace(
        DIGITS_MODEL,
        hidden_layers=(int(neurons),) * int(layers),
        activation=activation,
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        decay=float(decay),
        batch_size=None if batch == FULL_BATCH else int(batch),
        epochs=int(epochs),
        seed=int(seed),
    ).validate()


def keep_address_in_step(config):
    """Write `config` into the address bar, so it is always a link to this run."""
    query = link_query(config)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def link_problems():
    """What the opening link asked for that was ignored, one sentence each: said once."""
    problems = st.session_state.get(LINK_PROBLEMS_KEY, [])
    st.session_state[LINK_PROBLEMS_KEY] = []
    return problems
