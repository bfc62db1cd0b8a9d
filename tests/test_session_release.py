"""Closed tabs free their runs: within server.disconnectedSessionTTL, whatever else happens.

Streamlit keeps a closed tab's session for the TTL, in a store that drops expired sessions only
when the next tab disconnects: after a class left, every run stayed in memory. The server here
runs with a 2 s TTL and SCRATCHNET_LIVE_RUNS_FILE, so ui/session/release.py reports, every
half second, how many runs are alive in the server process and its peak memory. Tabs are
driven over the websocket by tests/streamlit_driver.py, 30 at a time, then closed: nothing
happens after they close, so only the release thread can free their runs.
"""

import asyncio
import json
import os
import time
from pathlib import Path

import pytest

from tests.e2e_support import PATIENCE, running_app, wait_until
from tests.streamlit_driver import PlaygroundTab
from ui.session.release import LIVE_RUNS_FILE_VARIABLE

pytestmark = pytest.mark.e2e  # starts a real server
ROOT = Path(__file__).resolve().parent.parent
TTL_SECONDS = 2
TABS = 30
# A bigger run than the default, so that 30 of them weigh on the server's memory.
QUERY = "hidden=64,64&samples=300&classes=4"


async def class_comes_and_goes(stream_url, report_path, wave):
    """Open TABS tabs (a few at a time: each opening makes a run); once the server reports their
    runs alive, close them all. Returns that report."""
    tabs = [PlaygroundTab(stream_url, QUERY) for _ in range(TABS)]
    for start in range(0, TABS, 5):
        batch = tabs[start : start + 5]
        await asyncio.gather(*(tab.open(timeout=PATIENCE) for tab in batch))
    for tab in tabs:
        assert tab.exceptions == []
        assert tab.epoch == 0
    # While the tabs are open, their runs are alive: the count sees them.
    open_report = await asyncio.to_thread(
        report_after,
        report_path,
        lambda report: report["live_runs"] >= TABS,
        f"wave {wave}: the server does not report the {TABS} open tabs' runs",
    )
    await asyncio.gather(*(tab.close() for tab in tabs))
    return open_report


def read_report(path, newer_than=0.0):
    """The release thread's latest report, once it is newer than `newer_than` (time.time())."""
    try:
        report = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    return report if report["time"] > newer_than else None


def report_after(path, condition, message):
    """Wait for a report written from now on that satisfies `condition`; return it."""
    now = time.time()
    found = []

    def satisfied():
        report = read_report(path, newer_than=now)
        if report is not None and condition(report):
            found.append(report)
        return bool(found)

    try:
        wait_until(satisfied)
    except AssertionError:
        raise AssertionError(f"{message}; the last report: {read_report(path)}") from None
    return found[0]


def test_closed_sessions_free_their_runs_and_a_second_class_needs_no_more_memory(tmp_path):
    report_path = tmp_path / "live_runs.json"
    os.environ[LIVE_RUNS_FILE_VARIABLE] = str(report_path)
    try:
        with running_app(
            "app.py", "--server.disconnectedSessionTTL", str(TTL_SECONDS), cwd=ROOT
        ) as url:
            stream_url = url.replace("http://", "ws://") + "/_stcore/stream"
            peaks, reports = [], []
            for wave in (1, 2):
                open_report = asyncio.run(class_comes_and_goes(stream_url, report_path, wave))
                assert open_report["sessions"] >= TABS
                # The TTL passes, nothing else happens: the runs must go by themselves.
                closed_report = report_after(
                    report_path,
                    lambda report: report["sessions"] == 0 and report["live_runs"] == 0,
                    f"wave {wave}: the closed tabs' runs were never freed",
                )
                peaks.append(closed_report["peak_rss_kib"])
                reports += [open_report, closed_report]
            first_peak, second_peak = peaks
            assert first_peak > 0
            assert second_peak <= 1.10 * first_peak, f"peak RSS grew: {peaks} KiB; {reports}"
    finally:
        del os.environ[LIVE_RUNS_FILE_VARIABLE]
