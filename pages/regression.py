"""Regression: a network learns a curve, the book's sine (chapter 17), and we watch it fit."""

from functools import partial

import streamlit as st

from ui.files.into_session import own_data_toggle
from ui.pages_guard import enter_through_app
from ui.plain_text import plain_markdown
from ui.run import animation
from ui.run.run_group import RunGroup
from ui.settings import regression_widgets
from ui.views import regression as regression_view

enter_through_app(__file__)  # see ui/pages_guard.py

st.title("Regression")
st.caption(
    "Here the network does not sort points into classes: it learns a curve, y = sin(2πx), from "
    "1,000 points. Its last layer has one neuron and no activation (a linear output), and the "
    "loss is the mean squared error. Press **Play** and watch the blue curve bend onto the data."
)
config = regression_widgets.regression_config()
uploaded, data = own_data_toggle("regression", "rg", config)
if uploaded is not None:
    file_name = plain_markdown(uploaded.file_name)  # a name from outside: shown as plain text
    st.caption(f"Training on **your data**: {file_name}, {uploaded.n_rows} points.")
group = st.session_state.get("rg_group")
if group is None:
    group = st.session_state["rg_group"] = RunGroup([config], data)
elif group.update([config], data) == "reset":
    st.toast("The settings changed, so training starts over from epoch 0.")

animation.animate(group, partial(regression_view.draw, config=config, data=data), "rg")
