"""Compare: up to six networks trained side by side, on the same data, from the same weights."""

import streamlit as st

from ui.files.into_session import config_for_uploaded_data, own_data_toggle
from ui.pages_guard import enter_through_app
from ui.run import animation, run_group
from ui.settings import compare_runs, compare_widgets
from ui.views import compare as compare_view

enter_through_app(__file__)  # see ui/pages_guard.py
BIG_STEP = 100

st.title("Compare")
st.caption(
    "Several networks learn the same data side by side. Pick a quick set-up or edit the runs, "
    "press **Play**, and see which one learns faster, further, or not at all."
)

group = st.session_state.get("cmp_group")
start_configs = group.configs if group else compare_runs.first_configs()
configs = compare_widgets.compare_configs(start_configs)
uploaded, data = own_data_toggle("classification", "cmp", configs[0])
if uploaded is not None:
    configs = [config_for_uploaded_data(config, uploaded) for config in configs]
if group is None:
    group = st.session_state["cmp_group"] = run_group.RunGroup(configs, data)
elif group.update(configs, data) == "reset":
    st.toast("The settings changed, so every run starts over from epoch 0.")

# --- Play / Pause / Step / Reset, then the part that animates ---------------------------------
animation.animate(group, compare_view.draw, "cmp", step_sizes=(BIG_STEP,))
