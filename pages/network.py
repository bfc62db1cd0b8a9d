"""The Network page: inside the Playground's current run, neuron by neuron, and its history."""

import streamlit as st

from ui.pages_guard import enter_through_app
from ui.run import animation
from ui.views import network as network_view

enter_through_app(__file__)  # see ui/pages_guard.py

st.title("Network")
st.caption(
    "The network of the Playground's run, opened up: its weights and biases, what each neuron "
    "responds to, how a hidden layer reshapes the data, and how every layer learns. Drag the "
    "timeline to see it at an earlier epoch."
)

run = st.session_state.get("run")
if run is None:
    network_view.no_run_prompt()
elif reason := network_view.unsupported_reason(run):
    st.info(reason)
    st.page_link("pages/playground.py", label="Open the Playground", icon=":material/play_circle:")
else:
    # The Playground's run, with the same buttons and speed: a page's animation timer stops
    # when you leave it, so this page plays the run itself.
    animation.animate(run, network_view.draw, "pg", speed_key="pg_speed", below=network_view.replay)
