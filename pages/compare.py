"""Compare: up to six networks trained side by side, on the same data, from the same weights."""

import streamlit as st

from ui.files import uploads
from ui.run import animation, run_group
from ui.settings import compare_runs, compare_widgets
from ui.views import compare as compare_view

BIG_STEP = 100

st.title("Compare")
st.caption(
    "Several networks learn the same data side by side. Pick a quick set-up or edit the runs, "
    "press **Play**, and see which one learns faster, further, or not at all."
)

group = st.session_state.get("cmp_group")
start_configs = group.configs if group else compare_runs.first_configs()
configs = compare_widgets.compare_configs(start_configs)
data = None
uploaded = st.session_state.get("uploaded_data")  # from the Save & load page
own_data_available = uploaded is not None and not uploaded.is_regression
if own_data_available and st.sidebar.toggle("Train on your uploaded data", key="cmp_own_data"):
    configs = [uploads.config_for_uploaded_data(config, uploaded) for config in configs]
    # Split once per upload, seed and test share: the same arrays keep the runs going.
    split_key = (id(uploaded), configs[0].seed, configs[0].test_fraction)
    cached = st.session_state.get("cmp_own_data_arrays")
    if cached is None or cached[0] != split_key:
        cached = (split_key, uploads.training_data(uploaded, configs[0]))
        st.session_state["cmp_own_data_arrays"] = cached
    data = cached[1]
if group is None:
    group = st.session_state["cmp_group"] = run_group.RunGroup(configs, data)
elif group.update(configs, data) == "reset":
    st.toast("The settings changed, so every run starts over from epoch 0.")

# --- Play / Pause / Step / Reset, then the part that animates ---------------------------------
animation.control_buttons(group, "cmp", step_sizes=(BIG_STEP,))
animation.animate(group, compare_view.draw)
