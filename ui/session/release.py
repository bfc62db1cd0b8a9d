"""Closed sessions free their runs within `server.disconnectedSessionTTL`, whatever else happens.

When a tab closes, Streamlit keeps its session (and the run in its st.session_state) for
`server.disconnectedSessionTTL` seconds, in case the tab reconnects. But the store it keeps
them in drops an expired session only when something is next written to it: the next tab that
disconnects. After the last tab of a class closed, every run stayed in memory. And app.py's
gc.freeze() hides everything that existed when it ran from the garbage collector for good.

So one thread per server process (`start`) looks at that store every few seconds and:

1. takes the expired sessions out of it and shuts down every session gone since its last look,
   as Streamlit does for a session that closes for good, and clears what the session holds of
   the app (st.session_state, and so the run; widget callbacks; fragments);
2. when it has released something, runs a full garbage collection, with everything frozen
   thawed first, then freezes what is left again (the freeze is only a speed-up: app.py).

It reaches into Streamlit's runtime (`_session_mgr`, its storage's TTLCache, both in
Streamlit 1.67): `start` checks they are there and says so in the server's log if not, so the
app still runs, only without this clean-up.

For tests, SCRATCHNET_LIVE_RUNS_FILE=<path> makes each look write what is alive in this process
as JSON: {"pid", "live_runs" (AnimatedRun objects), "sessions", "peak_rss_kib", "rss_kib"}.
"""

import asyncio
import gc
import json
import logging
import os
import threading
import time
import weakref

from streamlit import config
from streamlit.runtime import Runtime

from ui.run.animated_run import LIVE_RUNS

LIVE_RUNS_FILE_VARIABLE = "SCRATCHNET_LIVE_RUNS_FILE"
LONGEST_PERIOD = 10.0  # seconds between two looks, at most (a quarter of the TTL if shorter)
_LOGGER = logging.getLogger(__name__)


def start():
    """Start the thread that releases expired sessions. Call once per server process."""
    period = min(LONGEST_PERIOD, max(0.5, config.get_option("server.disconnectedSessionTTL") / 4))
    thread = threading.Thread(
        target=_release_forever, args=(period,), name="release-closed-sessions", daemon=True
    )
    thread.start()
    return thread


def _release_forever(period):
    known_sessions = {}  # session id -> weak reference to every session seen at the last look
    while True:
        time.sleep(period)
        try:
            released = on_the_servers_event_loop(lambda: release_expired_sessions(known_sessions))
        except Exception:  # never let the clean-up kill the thread; say so in the server's log
            _LOGGER.exception("releasing expired sessions failed")
            return
        if released:
            collect_everything()
        write_live_runs_for_tests(sessions=len(known_sessions))


def on_the_servers_event_loop(function):
    """Call `function()` on the server's event loop, where Streamlit itself opens and closes
    sessions, and return what it returns."""
    if not Runtime.exists() or getattr(Runtime.instance(), "_async_objs", None) is None:
        return 0  # no server running (AppTest): nothing to release

    async def call():
        return function()

    loop = Runtime.instance()._get_async_objs().eventloop
    if loop.is_closed():
        return 0  # the server is stopping: nothing left to release
    return asyncio.run_coroutine_threadsafe(call(), loop).result()


def release_expired_sessions(known_sessions):
    """Take the sessions whose TTL has passed out of Streamlit's store, and shut down every
    session that was there at the last look and is gone now.

    `known_sessions` ({session id: weak reference}) is updated to the sessions there now. (The
    store also drops expired sessions by itself, without shutting them down, whenever it is
    written to or listed: those are caught by comparing with the last look.)
    Returns how many sessions it released."""
    manager = Runtime.instance()._session_mgr
    storage = getattr(manager, "_session_storage", None)
    cache = getattr(storage, "_cache", None)
    if cache is None or not hasattr(cache, "expire"):
        raise RuntimeError("this Streamlit has no session store with expire(): nothing released")
    with manager._storage_lock:
        cache.expire()
    sessions_now = {info.session.id: info.session for info in manager.list_sessions()}
    gone = [reference() for key, reference in known_sessions.items() if key not in sessions_now]
    for session in gone:
        if session is not None:  # still in memory: something holds it
            forget_everything(session)
    known_sessions.clear()
    known_sessions.update({key: weakref.ref(session) for key, session in sessions_now.items()})
    return len(gone)


def forget_everything(session):
    """Shut `session` down and drop what it holds of the app: its st.session_state (the run), its
    widgets' callbacks (bound to the run's methods) and its fragments (the animation's frame, whose
    closure holds the run and the page's variables).

    Dropped explicitly because the session object itself may outlive this: Streamlit's message
    loop keeps the last session it flushed in a variable until another session is active."""
    session.shutdown()
    session.session_state.clear()
    # clear() keeps the widgets' metadata, and with it their callbacks (Play -> run.play).
    widgets = getattr(session.session_state, "_new_widget_state", None)
    if widgets is not None:
        widgets.widget_metadata.clear()
    fragments = getattr(session, "_fragment_storage", None)
    if fragments is not None:
        fragments.clear()


def collect_everything():
    """A full collection that reaches what gc.freeze() hid too; then freeze what is left."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def write_live_runs_for_tests(sessions):
    """With SCRATCHNET_LIVE_RUNS_FILE set: what is alive in this process, as JSON, there.

    The live runs are those in AnimatedRun's weak LIVE_RUNS: a run freed by the last collection
    (collect_everything, after every release) is no longer there."""
    path = os.environ.get(LIVE_RUNS_FILE_VARIABLE)
    if not path:
        return
    report = {
        "pid": os.getpid(),
        "live_runs": len(LIVE_RUNS),
        "sessions": sessions,
        "peak_rss_kib": memory_kib("VmHWM"),
        "rss_kib": memory_kib("VmRSS"),
        "time": time.time(),
    }
    temporary = f"{path}.part"
    with open(temporary, "w") as file:
        json.dump(report, file)
    os.replace(temporary, path)  # the test never reads half a file


def memory_kib(field):
    """A memory figure of this process from /proc/self/status, in KiB: "VmHWM" the most resident
    memory it has used, "VmRSS" what it uses now; 0 where unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
