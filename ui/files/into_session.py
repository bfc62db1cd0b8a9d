"""What a file changes in the session: a saved run to go on with (on the Playground or the
Digits page), a new run on your data, your data kept for the Regression and Compare pages.

The handlers take the session's state as an argument (a plain dict in the tests) and change it
only when everything worked: a bad file, or data a run cannot start on, leaves the current run
as it was and leaves a message for the page. `own_data_toggle` is the one piece drawn with
Streamlit: the switch with which the Compare and Regression pages train on your data.
"""

import copy
from dataclasses import replace

import numpy as np
import streamlit as st

from scratchnet import RunConfig
from scratchnet.datasets import DEFAULT_NOISE, train_test_split
from ui.plain_text import shortened
from ui.run.digits_run import DigitsRun
from ui.run.playground_run import PlaygroundRun
from ui.settings import digits_widgets

PLAYGROUND_PAGE = "pages/playground.py"
DIGITS_PAGE = "pages/digits.py"


def config_for_uploaded_data(base_config, uploaded):
    """The run's settings for the learner's (classification) data: `base_config`'s network,
    optimizer and training settings, with the data's number of classes.

    The engine needs a dataset name: "spiral" stands in, but the arrays themselves are passed
    to build_trainer, so the stand-in's points are never drawn.
    """
    return replace(
        base_config,
        dataset="spiral",
        classes=uploaded.n_classes,
        noise=DEFAULT_NOISE["spiral"] if base_config.noise is None else base_config.noise,
    ).validate()


def training_data(uploaded, config):
    """(X, y, X_test, y_test) for a run on the uploaded data: the config's test share held
    out, class by class, with the same split generator as the built-in datasets."""
    split_generator = np.random.RandomState([config.seed, 1])
    return train_test_split(uploaded.X, uploaded.y, config.test_fraction, split_generator)


def run_on_uploaded_data(base_config, uploaded):
    """A new PlaygroundRun on the learner's data, at epoch 0. Raises ValueError if it cannot."""
    if uploaded.is_regression:
        raise ValueError(
            "the Playground draws decision regions over two inputs, so it trains classification "
            "data (two features and a label) for now; this file is regression data"
        )
    config = config_for_uploaded_data(base_config, uploaded)
    return PlaygroundRun(config, data=training_data(uploaded, config))


def load_run_into(session_state, loaded):
    """Make a copy of `loaded` the run of the page that shows it (the Playground, or the Digits
    page for a run on the digits), which goes on from its epoch.

    A copy: the page keeps `loaded` as read from the file (it reads a file once per upload), so
    loading it again starts again from the file's epoch.
    """
    trainer = copy.deepcopy(loaded.trainer)
    if loaded.is_digits:
        session_state["dg_run"] = DigitsRun.from_trainer(trainer, loaded.config)
        session_state[digits_widgets.SETTINGS_TO_SHOW] = loaded.config
        page_name, page = "the Digits page", DIGITS_PAGE
    else:
        session_state["run"] = PlaygroundRun.from_trainer(trainer, loaded.config, loaded.data)
        page_name, page = "the Playground", PLAYGROUND_PAGE
    session_state["files_load_message"] = (
        "success",
        f"Loaded {shortened(loaded.file_name)}: {page_name} now shows this run at epoch "
        f"{loaded.epoch:,}. Press Play there to go on training.",
        page,
    )


def train_on_uploaded_data(session_state, uploaded):
    """Start a new run on the learner's data, with the current run's network and optimizer."""
    current = session_state.get("run")
    base_config = current.config if current is not None else RunConfig()
    try:
        run = run_on_uploaded_data(base_config, uploaded)
    except ValueError as error:
        session_state["files_data_message"] = (
            "error",
            f"Could not start a run on your data: {error}. Nothing was changed.",
        )
        return
    session_state["uploaded_data"] = uploaded
    session_state["run"] = run
    session_state["files_data_message"] = (
        "success",
        f"A new run on your data ({shortened(uploaded.file_name)}: {uploaded.n_rows:,} points, "
        f"{uploaded.n_classes} classes) is ready at epoch 0 in the Playground.",
    )


def keep_for_regression(session_state, uploaded):
    """Keep the learner's regression data for the Regression page (which offers to fit it)."""
    session_state["uploaded_data"] = uploaded
    session_state["files_data_message"] = (
        "success",
        f"Your data ({shortened(uploaded.file_name)}: {uploaded.n_rows:,} points) is ready: on the "
        "Regression page, switch on 'Train on your uploaded data'.",
    )


def own_data_toggle(kind, key_prefix, config):
    """The sidebar's "Train on your uploaded data" switch, offered when the Save & load page
    has kept the learner's data and it is of this `kind` ("classification" or "regression").

    Returns (uploaded, (X, y, X_test, y_test)) while the switch is on, else (None, None). The
    arrays are split with `config`'s seed and test share, once per upload, seed and test share,
    and kept in the session under "<key_prefix>_own_data_arrays": the same arrays on every
    rerun keep the runs going.
    """
    uploaded = st.session_state.get("uploaded_data")
    if uploaded is None or uploaded.kind != kind:
        return None, None
    if not st.sidebar.toggle("Train on your uploaded data", key=f"{key_prefix}_own_data"):
        return None, None
    split_key = (id(uploaded), config.seed, config.test_fraction)
    cached = st.session_state.get(f"{key_prefix}_own_data_arrays")
    if cached is None or cached[0] != split_key:
        cached = (split_key, training_data(uploaded, config))
        st.session_state[f"{key_prefix}_own_data_arrays"] = cached
    return uploaded, cached[1]
