"""Learn: one training step of the Playground's network, stage by stage: numbers, maths, code."""

import streamlit as st

from ui.pages_guard import enter_through_app
from ui.views import learn as learn_view

enter_through_app(__file__)  # see ui/pages_guard.py

st.title("Learn: one training step")
st.caption(
    "A few points go through the network layer by layer, the loss measures how wrong it is, "
    "the gradients flow back, and the optimizer nudges every weight. For each stage: the real "
    "numbers, the formula, and the engine's own code that computed them."
)

run = st.session_state.get("run")
if run is None:
    learn_view.no_run_prompt()
    st.stop()

session = learn_view.learn_session(run)
learn_view.buttons(session, run)
learn_view.numbers(session, run)

data_column, steps_column = st.columns([3, 2])
with data_column:
    learn_view.batch_picker(session)
with steps_column:
    learn_view.steps_taken(session)

if not session.batch:
    st.warning("Choose at least one point for the batch.")
    st.stop()
learn_view.one_step(session)
