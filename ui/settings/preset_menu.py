"""The top of the Playground's sidebar and the notes above its charts.

At the top: the preset menu (ui/settings/presets.py), or, for a student who opened a
classroom link, the settings the teacher fixed. Above the charts: what the link got wrong,
and the chosen preset's "what to notice". Every note takes one line (an expander's label)
until opened, so the charts stay on a projector's screen.
"""

import dataclasses

import streamlit as st

from ui.settings import url_state
from ui.settings.presets import PRESETS
from ui.settings.sidebar import start_values

PRESET_KEY = "pg_preset"  # the preset picker's widget
CHOSEN_PRESET_KEY = "pg_chosen_preset"  # the preset chosen, kept while on other pages
MAX_PROBLEMS_SHOWN = 10


def chosen_preset():
    return st.session_state.get(PRESET_KEY)


def preset_title(name):
    return "— your own settings —" if name is None else PRESETS[name].title


def on_preset_change():
    """Set every widget to the chosen preset, and start a fresh run from it."""
    name = st.session_state[PRESET_KEY]
    if name is None:
        st.session_state[CHOSEN_PRESET_KEY] = None
        return  # back to "your own settings": keep them as they are
    apply_preset(name)


def apply_preset(name, seed=None):
    """Set every widget to preset `name`, with `seed` if given (to keep the data and the first
    weights of the run before), and start a fresh run from it. For on_change / on_click."""
    st.session_state[PRESET_KEY] = st.session_state[CHOSEN_PRESET_KEY] = name
    config = PRESETS[name].config
    if seed is not None:
        config = dataclasses.replace(config, seed=seed)
    start_values(config, replace=True)
    # A preset is a new start (same data, same first weights), even where only the optimizer
    # differs, which would otherwise go on from the current epoch: the page makes a new run.
    st.session_state.pop("run", None)


def sidebar_top(link):
    """The top of the sidebar: the teacher's note or the preset menu, and a place for the
    share box (returned: it is filled once the settings are known)."""
    st.session_state.setdefault(PRESET_KEY, st.session_state.get(CHOSEN_PRESET_KEY))
    if link.hidden:
        classroom_note(link)
    else:
        preset_picker()
    return st.sidebar.container()


def preset_picker():
    """The preset menu (not in a class: there the teacher chose the setup)."""
    st.sidebar.selectbox(
        "Start from a preset",
        [None, *PRESETS],
        format_func=preset_title,
        placeholder=preset_title(None),
        key=PRESET_KEY,
        on_change=on_preset_change,
        help="Ready-made runs for a class, each with a note on what to watch for.",
    )


def counted(number, noun):
    """ "1 setting", "3 settings"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def classroom_note(link):
    """Tell a student which settings the teacher fixed (they are hidden from the sidebar): one
    line, the list inside."""
    fixed = url_state.describe_settings(link.config, link.hidden)
    listed = "\n".join(f"- {label}: **{value}**" for label, value in fixed)
    note = st.sidebar.expander(
        f"Your teacher fixed {counted(len(fixed), 'setting')}", icon=":material/lock:"
    )
    note.markdown(f"For this exercise they are not in the sidebar and keep these values:\n{listed}")


def page_notes(config, link):
    """Above the charts, one line each until opened: what a link got wrong, and the chosen
    preset's "what to notice"."""
    if link.problems and config == link.config:
        shown = [f"- {problem}" for problem in link.problems[:MAX_PROBLEMS_SHOWN]]
        if len(link.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"- … and {len(link.problems) - MAX_PROBLEMS_SHOWN} more")
        problems = st.expander(
            f"{counted(len(link.problems), 'setting')} in this page's address could not be used",
            icon=":material/warning:",
        )
        problems.warning("Their defaults are used instead:\n" + "\n".join(shown))
    name = chosen_preset()
    if name is not None:
        preset = PRESETS[name]
        changed = " (changed settings since)" if config != preset.config else ""
        note = st.expander(
            f"Preset: {preset.title}{changed}. What to notice…", icon=":material/lightbulb:"
        )
        note.info(preset.notice)
