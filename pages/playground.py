"""The Playground: set up a network in the sidebar, press Play, watch it learn."""

import streamlit as st

from ui import controls, playground_view
from ui.run_state import PlaygroundRun

st.title("Playground")
st.caption(
    "A neural network written from scratch in NumPy learns to tell the classes apart. "
    "Pick the settings on the left, press **Play**, and watch the decision regions and the "
    "loss change."
)

run = st.session_state.get("run")
controls.start_values(run.config if run else controls.RunConfig())
config = controls.sidebar_config()
if run is None:
    run = st.session_state["run"] = PlaygroundRun(config)
else:
    change = run.update_config(config)
    if change == "reset":
        st.toast("The data or the network changed, so training starts over from epoch 0.")

playground_view.buttons(run)
playground_view.training_area(run)
