"""Every page opens through app.py, even as the first request of a freshly started server.

Streamlit 1.67 keeps an old rule for apps with a folder named `pages/` beside the main script:
until some session has run `st.navigation`, a link such as `/compare?dataset=moons` runs
`pages/compare.py` alone, without app.py: no navigation (the sidebar lists the files of pages/),
no page settings. So the first visitor of a new server who opens a link to a page, not to `/`,
would get that bare page. (Streamlit's own advice is to rename the folder; we keep `pages/`.)

The hand-over, with public Streamlit calls only:

1. app.py marks the session (`mark_app_ran`) before it calls `st.navigation`;
2. every page starts with `enter_through_app(__file__)`: if app.py has not run in this session,
   the page remembers itself and the address's query parameters and switches to app.py;
3. app.py, after `st.navigation`, switches to the remembered page (`go_to_wanted_page`), this
   time through the navigation, with the same query parameters.
"""

import streamlit as st

APP_RAN = "app_ran"  # session-state key: app.py has run in this session
WANTED_PAGE = "wanted_page"  # session-state key: (page file, query parameters) to go on to


def enter_through_app(page_file):
    """First call of every page: when app.py has not run in this session, go through it first."""
    if APP_RAN in st.session_state:
        return
    # Every value of a repeated key (?a=1&a=2) is kept.
    query_parameters = {key: st.query_params.get_all(key) for key in st.query_params}
    st.session_state[WANTED_PAGE] = (page_file, query_parameters)
    st.switch_page("app.py", query_params=query_parameters)


def mark_app_ran():
    """In app.py, before `st.navigation`: from now on the pages run inside the app."""
    st.session_state[APP_RAN] = True


def go_to_wanted_page():
    """In app.py, after `st.navigation`: back to the page that handed over, if one did."""
    if wanted := st.session_state.pop(WANTED_PAGE, None):
        page_file, query_parameters = wanted
        st.switch_page(page_file, query_params=query_parameters)
