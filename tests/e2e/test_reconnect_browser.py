"""A network drop does not lose the run: Streamlit reconnects the browser to the same session.
And when the session is gone (the server restarted), the page says so instead of silently
showing epoch 0.

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
    epoch_once_shown,
    epoch_shown,
    free_port,
    launch_chromium,
    new_page,
    running_app,
    wait_for_epoch,
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
            wait_until(
                lambda e=expected: epoch_shown(page) == e, message=f"no epoch {expected}", page=page
            )
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
        wait_until(lambda: epoch_shown(page) == 4, message="no epoch 4 after 3", page=page)


def test_a_restarted_server_says_the_run_was_lost_and_offers_its_settings():
    port = free_port()
    with launch_chromium() as browser:
        page = new_page(browser, 1400, 900)
        with running_app("app.py", cwd=ROOT, port=port) as url:
            page.goto(f"{url}/?dataset=moons&lr=0.03")
            wait_for_epoch(page, 0)
            page.get_by_role("button", name="Step 100 epochs").click()
            wait_for_epoch(page, 100)
            assert page.get_by_text("could not be kept").count() == 0
        # The server is gone, with every session it held; a new one starts on the same port.
        # The page, still open, reconnects to it, and its next click wakes a new session there:
        # a fresh run, at epoch 0 (Streamlit drops the click itself, or it trains epoch 1).
        with running_app("app.py", cwd=ROOT, port=port) as url:
            page.get_by_role("button", name="Step 1 epoch").click()
            notice = page.locator("[data-testid=stAlert]").filter(
                has_text="your run from epoch 100 could not be kept"
            )
            notice.wait_for(timeout=PATIENCE_MS)
            wait_until(lambda: epoch_shown(page) in (0, 1), message="the new run is not at 0 or 1")
            # The link that recreates the run's settings, and the settings are back.
            assert f"{url}/?dataset=moons&lr=0.03" in notice.inner_text()
            assert page.get_by_role("combobox", name="Dataset").input_value() == "moons"
            # Training again makes the notice go: it was about the run before. (Two Steps: the
            # click on the old page may have reached the new session after it heard of the
            # lost run, and trained epoch 1. It may even still be on its way: the epoch read
            # here can be 0 and become 1 without our click, so each Step is awaited as "at
            # least one epoch more", never as an exact epoch.)
            before = epoch_once_shown(page)
            assert before in (0, 1)
            for step in (1, 2):
                page.get_by_role("button", name="Step 1 epoch").click()
                wait_until(
                    lambda step=step: (epoch_shown(page) or 0) >= before + step,
                    message=f"the page never showed epoch {before + step} or later",
                    page=page,
                )
            wait_until(
                lambda: page.get_by_text("could not be kept").count() == 0,
                message="the notice stayed after training again",
            )
