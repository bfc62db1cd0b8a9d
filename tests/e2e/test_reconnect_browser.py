"""A network drop does not lose the run: Streamlit reconnects the browser to the same session.

When its websocket closes, Streamlit's page reconnects and sends the old session's id; the
server keeps a disconnected session for `server.disconnectedSessionTTL` seconds (120 by
default) and hands it back, `st.session_state` and the Playground's run included.

The test cuts the socket at both ends and keeps the browser offline for a few seconds, so the
page's first reconnection attempts fail as on a real drop. (Going offline alone does not do it:
Chromium's offline mode stops new requests but leaves an open websocket open.) A new socket
must then be opened, and one more Step must go on from the epoch before the drop: a fresh
session would start at 0. Run with `server.disconnectedSessionTTL = 0`, this test fails there.
"""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    epoch_shown,
    launch_chromium,
    new_page,
    running_app,
    wait_until,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
STREAM = "/_stcore/stream"  # Streamlit's websocket
OFFLINE_SECONDS = 4


def test_the_run_survives_a_network_drop():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = new_page(context, 1400, 900)
        # Streamlit's websocket goes through Playwright, so the test can cut it: going offline
        # alone does not close a socket that is already open (Chromium only stops new requests).
        connections = []  # (browser side, server side) of each websocket the page opened

        def pass_through(browser_side):
            connections.append((browser_side, browser_side.connect_to_server()))

        page.route_web_socket(f"**{STREAM}", pass_through)
        page.goto(url)
        page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=PATIENCE_MS)
        for expected in (1, 2, 3):
            page.get_by_role("button", name="Step 1 epoch").click()
            wait_until(lambda e=expected: epoch_shown(page) == e, f"no epoch {expected}", page=page)
        assert len(connections) == 1

        # The drop: offline (no reconnection can get through), and the socket cut at both ends.
        context.set_offline(True)
        browser_side, server_side = connections[0]
        server_side.close(code=1001, reason="network drop")
        browser_side.close(code=1001, reason="network drop")
        page.wait_for_timeout(OFFLINE_SECONDS * 1000)
        assert len(connections) == 1, "a new socket got through while offline"
        context.set_offline(False)

        wait_until(lambda: len(connections) >= 2, message="never reconnected", page=page)
        page.get_by_role("button", name="Step 1 epoch").wait_for(timeout=PATIENCE_MS)
        assert epoch_shown(page) == 3, "the run was lost on reconnect"
        # The new socket talks to the same session: one more step goes on from epoch 3.
        page.get_by_role("button", name="Step 1 epoch").click()
        wait_until(lambda: epoch_shown(page) == 4, "the run did not go on from epoch 3", page=page)
