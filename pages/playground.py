"""The Playground: set up a network in the sidebar, press Play, watch it learn."""

import streamlit as st

from ui.pages_guard import enter_through_app
from ui.run import animation
from ui.run.playground_run import PlaygroundRun
from ui.session import lost_run
from ui.settings import preset_menu, share, sidebar
from ui.views import playground as playground_view

enter_through_app(__file__)  # see ui/pages_guard.py

st.title("Playground")
st.caption(
    "A network written from scratch in NumPy learns to tell the classes apart: pick the "
    "settings on the left, press **Play**, and watch the regions and the loss change."
)

# The address is a link to this run: read it once per session, write it back on every run.
link = share.opening_link()
run = st.session_state.get("run")
sidebar.start_values(run.config if run else link.config)
share_place = preset_menu.sidebar_top(link)
config = sidebar.sidebar_config(link)
if run is not None and run.data is not None:
    config = sidebar.keep_own_data(run, config)  # the Data settings don't apply to it
if run is None:
    run = st.session_state["run"] = PlaygroundRun(config)
else:
    change = run.update_config(config)
    if change == "reset":
        st.toast("The data or the network changed, so training starts over from epoch 0.")
query = share.keep_address_in_step(config, link)
share.share_box(share_place, query, config, link, run)
preset_menu.page_notes(config, link)


def draw(run, places):
    playground_view.draw(run, places)
    with places.top:
        lost_run.explain(run, query)  # a run this tab had, lost with its server session
    lost_run.remember(run)  # the tab remembers this session's epoch, in case it is lost


# The buttons, then the charts in the page's layout (what stays still while the run plays).
animation.animate(run, draw, "pg", speed_key="pg_speed", lay_out=playground_view.lay_out)
