"""Digits: the network learns real images, 8 x 8 handwritten digits, and reads the one you draw."""

from functools import partial

import streamlit as st

from ui.pages_guard import enter_through_app
from ui.run import animation
from ui.run.digits_run import DigitsRun
from ui.settings import digits_widgets
from ui.views import digits as digits_view

enter_through_app(__file__)  # see ui/pages_guard.py

st.title("Digits")
st.caption(
    "Real images, as at the end of the book: 1,797 handwritten digits of 8 × 8 pixels, a quarter "
    "kept to test on; 64 pixels in, ten digits out. Press **Play**, then draw a digit."
)
config = digits_widgets.digits_config()
for problem in digits_widgets.link_problems():
    st.warning(f"The link's {problem}; the default is used instead.")
run = st.session_state.get("dg_run")
if run is None:
    run = st.session_state["dg_run"] = DigitsRun(config)
elif run.update_config(config) == "reset":
    st.toast("The network or the seed changed, so training starts over from epoch 0.")
digits_widgets.keep_address_in_step(config)
digits_view.redraw_everything()  # a full run of the page: the next frame draws every chart

# The buttons, then the page's areas (the numbers; the curves beside the canvas; the details).
animation.animate(run, digits_view.draw, "dg", lay_out=partial(digits_view.lay_out, run))
st.page_link(
    "pages/files.py",
    label="Save & load: this run's trained model, history and script, or a run you saved",
    icon=":material/save:",
)
