"""Say so when a run was lost: "the server restarted; your run from epoch N could not be kept".

A run lives in its session, in the server's memory (st.session_state). When a browser tab's
session is gone — the server restarted, its replica died, or the tab was offline longer than
`server.disconnectedSessionTTL` — Streamlit reconnects the tab to a *new* session, which starts
at epoch 0, paused. Without a word, the learner would think the run just vanished.

So the tab remembers which session showed which epoch (`remember`, each frame; the memory is in
the browser, lost_run.js, because the server forgot everything), and when a new session
replaces one that had trained, the new session hears of it and `explain` says what happened,
with the link that recreates the run's settings (the address bar still holds them).
"""

import secrets
from pathlib import Path

import streamlit as st

from ui.charts.live_chart import compact_javascript
from ui.settings.share import link_to

SESSION_KEY = "session_name"  # a random name for this server session, made on its first run
LOST_EPOCH_KEY = "lost_run_epoch"  # the epoch the lost run had reached, once heard of
MEMORY_KEY = "session_memory"  # the component's widget key

# The component's JavaScript travels with every frame (Streamlit sends it with each update):
# without its comment lines, a third of the size.
_session_memory = st.components.v2.component(
    "scratchnet.session_memory",
    js=compact_javascript(Path(__file__).with_name("lost_run.js").read_text(encoding="utf-8")),
)


def session_name():
    """This session's random name: a new session has a new one."""
    return st.session_state.setdefault(SESSION_KEY, secrets.token_hex(8))


def remember(run):
    """Tell the browser tab that this session shows `run` at its epoch now.

    Call it where the run is drawn, each animation frame. When the tab remembers an earlier
    session with a run past epoch 0, the lost epoch is kept for `explain`, and the page reruns
    to show it.
    """
    memory = _session_memory(
        key=MEMORY_KEY,
        data={"session": session_name(), "epoch": int(run.epoch)},
        on_lost_change=lambda: None,
    )
    lost = memory.lost  # a state value: kept by the new session until it is read here
    if lost and LOST_EPOCH_KEY not in st.session_state:
        # The lost run's epoch, and this run's when we heard of it: the notice stays until
        # this run trains on (the click that woke the new session may have trained it).
        st.session_state[LOST_EPOCH_KEY] = (int(lost["epoch"]), run.epoch)
        st.rerun()  # the whole page: the notice is above the frame


def explain(run, query):
    """The notice about a lost run, until this session's own run trains on (two epochs).

    `query`: the address's query for the run's settings (share.keep_address_in_step).
    """
    if LOST_EPOCH_KEY not in st.session_state:
        return
    lost_epoch, epoch_when_heard = st.session_state[LOST_EPOCH_KEY]
    # Past one epoch more: the click made on the old page may reach the new session after it
    # heard of the lost run (the browser asks for a run as it reconnects, when its last run
    # was a click's, which reruns only the run's part of the page); that Step is not the
    # learner training on.
    if run.epoch > epoch_when_heard + 1:
        return
    link = link_to(query)
    st.warning(
        f"**The server restarted, or lost this tab's session: your run from epoch "
        f"{lost_epoch:,} could not be kept.** Its settings are back, from epoch 0: load your "
        "saved run on the Save & load page, or start again with Play."
        + (f" The link to these settings: {link}" if link else ""),
        icon=":material/sync_problem:",
    )
