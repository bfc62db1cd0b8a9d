"""The book's next step, offered in one click when a run has finished (ui/settings/presets.py
`next_step_offer` says what to offer): a first visit ends on a success and a lesson."""

import streamlit as st

from ui.settings.preset_menu import apply_preset
from ui.settings.presets import PRESETS, next_step_offer
from ui.settings.share import LINK_KEY


def show_next_step(run):
    """The offer and its button, where the run's messages are shown; nothing when there is no
    offer, or in a class (the teacher's link fixes the settings)."""
    offer = next_step_offer(run)
    link = st.session_state.get(LINK_KEY)
    if offer is None or (link is not None and link.hidden):
        return
    text, preset_name = offer
    text_column, button_column = st.columns([4, 1], vertical_alignment="center")
    text_column.success(text, icon=":material/school:")
    clicked = button_column.button(
        "Try it",
        key="pg_next_step",
        type="primary",
        icon=":material/arrow_forward:",
        on_click=apply_preset,
        args=(preset_name, run.config.seed),
        help=f"Preset *{PRESETS[preset_name].title}*: from epoch 0, on the same data and the "
        "same first weights (same seed).",
        width="stretch",
    )
    if clicked:
        # The callback has set the sidebar to the preset. Drawn inside the animation's fragment,
        # the button reruns only the fragment: run the whole page again to show it.
        st.rerun()
