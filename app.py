"""ScratchNet Playground: `streamlit run app.py`.

This file only sets up the pages; each page is a thin script in pages/, the engine is in
scratchnet/ and the figures and page helpers in ui/.
"""

import gc

import streamlit as st

from scratchnet.threads import use_one_blas_thread
from ui import pages_guard
from ui.run import animation, frame_gate
from ui.session import release
from ui.views.page_style import use_compact_page_style


@st.cache_resource
def tune_the_server_process():
    """Once per server process (not per user):

    - One BLAS thread per matrix product (scratchnet/threads.py says why). Our matrices are small
      and every user's session trains in a thread of its own: extra BLAS threads only fight the
      other sessions and the browser for the cores.
    - Move everything imported so far out of the garbage collector's sight. Streamlit can run a
      full collection after every run, animation frames included; scanning streamlit's and
      plotly's long-lived objects took ~20 ms each time here. (`runner.postScriptGC = false` in
      .streamlit/config.toml turns those collections off; this keeps them cheap otherwise.)
    - Free the runs of closed sessions once their time-to-live has passed, what the freeze
      pinned included (ui/session/release.py).
    """
    use_one_blas_thread()
    frame_gate.switch_threads_often()
    gc.freeze()
    release.start()
    return True


# The tab's icon is an emoji, which the browser draws itself: a ":material/…:" icon here would be
# fetched from a font server on the internet, and the app makes no third-party request
# (tests/e2e/test_console_browser.py).
st.set_page_config(page_title="ScratchNet Playground", page_icon="🧠", layout="wide")
tune_the_server_process()
use_compact_page_style()

pages_guard.mark_app_ran()
navigation = st.navigation(
    [
        st.Page(
            "pages/playground.py",
            title="Playground",
            icon=":material/play_circle:",
            default=True,
        ),
        st.Page("pages/network.py", title="Network", icon=":material/hub:"),
        st.Page("pages/learn.py", title="Learn: one step", icon=":material/school:"),
        st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("pages/regression.py", title="Regression", icon=":material/show_chart:"),
        st.Page("pages/digits.py", title="Digits", icon=":material/draw:"),
        st.Page("pages/files.py", title="Save & load", icon=":material/save:"),
    ],
    # The six pages in the header, not the sidebar: on a projector's 1280×720 the sidebar keeps
    # its ~230 px for the settings (the page moves down by 32 px instead).
    position="top",
)
# A page opened before app.py ran in this session handed over to it: go back there.
pages_guard.go_to_wanted_page()
# A person waits for this page run (a click, a page opened): until it reaches its animation
# frame, the other sessions' frames hold back (rule 5 in ui/run/frame_gate.py).
with animation.frame_gate().page_run():
    navigation.run()
