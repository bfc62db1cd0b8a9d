"""ScratchNet Playground: `streamlit run app.py`.

This file only sets up the pages; each page is a thin script in pages/, the engine is in
scratchnet/ and the figures and page helpers in ui/.
"""

import gc

import streamlit as st


@st.cache_resource
def freeze_startup_objects():
    """Move everything imported so far out of the garbage collector's sight, once per process.

    Streamlit could run a full collection after every script run and every animation frame;
    scanning the many long-lived objects of streamlit and plotly took ~20 ms each time here.
    (`runner.postScriptGC = false` in .streamlit/config.toml turns those collections off; this
    keeps the cost low when the app is run with other settings.)
    """
    gc.freeze()
    return True


st.set_page_config(page_title="ScratchNet Playground", page_icon="🧠", layout="wide")
freeze_startup_objects()

navigation = st.navigation(
    [
        st.Page("pages/playground.py", title="Playground", icon="▶️", default=True),
        st.Page("pages/network.py", title="Network", icon="🕸️"),
        st.Page("pages/learn.py", title="Learn: one step", icon="🔬"),
        st.Page("pages/compare.py", title="Compare", icon="⚖️"),
        st.Page("pages/regression.py", title="Regression", icon="📈"),
        st.Page("pages/files.py", title="Save & load", icon="💾"),
    ]
)
navigation.run()
