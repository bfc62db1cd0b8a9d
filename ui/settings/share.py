"""The page address as a link to this run: read once, kept in step, shared.

On the first run of a session the link's settings become the sidebar's start values
(`opening_link`); every run writes the current settings back (`keep_address_in_step`), so
the address bar is always a link to this run. The share box shows that link, and makes
classroom links for teachers. ui/settings/url_state.py does the encoding; a link can start
from a preset (`?preset=overfit`) and hide controls for a class (`?lock=data`,
`?show=optimizer,lr`).
"""

import urllib.parse

import streamlit as st

from ui.settings import url_state
from ui.settings.preset_menu import CHOSEN_PRESET_KEY, chosen_preset
from ui.settings.sidebar import start_values

LINK_KEY = "pg_link"  # the SharedLink this session was opened with


def opening_link():
    """The link this session was opened with, read from the address on the session's first run.

    When the session has no run yet, the link's settings become the widgets' start values.
    (A run made on another page, e.g. a loaded file, is kept.)
    """
    if LINK_KEY not in st.session_state:
        query = {key: st.query_params.get_all(key) for key in st.query_params}
        link = url_state.decode_query(query)
        st.session_state[LINK_KEY] = link
        if "run" not in st.session_state:
            st.session_state[CHOSEN_PRESET_KEY] = link.preset
            start_values(link.config, replace=True)
    return st.session_state[LINK_KEY]


def keep_address_in_step(config, link):
    """Write `config` into the address bar (only what differs from the defaults)."""
    query = url_state.encode_query(config, chosen_preset(), link.lock, link.show)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    return query


def link_to(query):
    """The full link when the app knows its address, else None."""
    page_address = st.context.url
    if not page_address:
        return None
    if not urllib.parse.urlsplit(page_address).path:
        page_address += "/"
    return page_address + "?" + urllib.parse.urlencode(query, safe=",")


def share_box(place, query, config, link, run):
    """The link to this run (`query`), and a classroom-link maker for teachers, in `place`."""
    box = place.expander("Share this run", expanded=False, icon=":material/link:")
    show_link(box, query)
    box.caption(
        "Whoever opens this link gets these settings from epoch 0: the same data, the same "
        "first weights, the same numbers."
    )
    if run is not None and getattr(run, "data", None) is not None:
        box.warning(
            "This run trains on your own data, which a link cannot carry: the link opens the "
            "built-in dataset with these settings."
        )
    if link.hidden:
        return
    shown = box.multiselect(
        "For a class: students may change only",
        [setting.name for setting in url_state.SETTING_LIST],
        format_func=lambda name: url_state.SETTINGS[name].label,
        key="pg_share_show",
        help="The other controls are hidden and keep this run's values.",
    )
    if shown:
        box.markdown("**Classroom link**")
        show_link(box, url_state.encode_query(config, chosen_preset(), show=tuple(shown)))


def show_link(container, query):
    link = link_to(query)
    if link is not None:
        container.code(link, language=None, wrap_lines=True)
    else:
        query_string = "?" + urllib.parse.urlencode(query, safe=",")
        container.code(query_string, language=None, wrap_lines=True)
        container.caption("Add it to this page's address.")
