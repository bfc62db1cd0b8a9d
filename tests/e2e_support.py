"""Helpers for browser tests: run a Streamlit app, drive it with headless Chromium.

Use them from a test module::

    from tests.e2e_support import launch_chromium, running_app

    def test_title(tmp_path):
        with running_app("app.py") as url, launch_chromium() as browser:
            page = browser.new_page()
            page.goto(url)

Both are context managers, so they are easy to wrap in pytest fixtures. Chromium is
Debian's (/usr/bin/chromium): never run `playwright install`.

Browser tests wait for states (the epoch shown, a chart's data), never for a speed, and wait
long: `bash test.sh --under-load` runs them while every core is busy. PATIENCE is how long a
state may take to come on such a machine (a fresh server's first page imports everything).
"""

import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
PATIENCE = 120.0  # seconds: how long any wait of a browser test may last before it fails
PATIENCE_MS = int(PATIENCE * 1000)  # the same, for Playwright's `timeout=` arguments
# How long `click_until` waits for a click's answer before it clicks again, if the button is still
# there (a Play or a Pause is answered within 2 s on a machine three times slower than a quiet one).
CLICK_ANSWER_SECONDS = 20.0
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """Return a TCP port that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(
    url: str, timeout: float = 30.0, server: subprocess.Popen | None = None
) -> None:
    """Poll Streamlit's health endpoint until it answers "ok" (fail early if `server` exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"Streamlit exited early: returncode={server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"Streamlit app did not become healthy within {timeout} s: url={url}")


@contextmanager
def running_app(
    script: str | Path,
    *extra_args: str,
    cwd: str | Path | None = None,
    timeout: float = PATIENCE,
    port: int | None = None,
) -> Iterator[str]:
    """Run `streamlit run script` on `port` (default: a free one); yield its URL; stop it after.

    `extra_args` go to `streamlit run`, e.g. "--runner.postScriptGC", "false".
    Streamlit reads `.streamlit/config.toml` from `cwd` (default: the current directory).
    The server's output goes to a temporary file (a pipe nobody reads could fill up and
    stall the server); it is shown if the app fails to start.
    """
    port = port or free_port()
    url = f"http://localhost:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        *extra_args,
    ]  # fmt: skip
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_until_healthy(url, timeout, server)
            except (TimeoutError, RuntimeError):
                log.seek(0)
                raise RuntimeError(f"{script} did not start. Its output:\n{log.read()}") from None
            yield url
        finally:
            _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """Ask the server to stop; kill it if it hasn't after 10 s."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def launch_chromium():
    """Yield a Playwright `Browser`: headless Debian Chromium with the flags above."""
    from playwright.sync_api import sync_playwright  # only browser tests need playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until(condition, timeout=PATIENCE, message="condition never became true", page=None):
    """Poll `condition()` every 0.1 s until it is true; fail with `message` after `timeout` s.

    With `page`, wait through the page (page.wait_for_timeout), which lets Playwright deliver
    its events meanwhile (a socket closed, a request routed); time.sleep would hold them back.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)
    raise AssertionError(message)


def wait_for_the_page_run_to_end(page, timeout=PATIENCE):
    """Until Streamlit marks the page's script as not running (what its own browser tests wait
    for). Not for a playing page: its frames run again and again."""
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        timeout=timeout * 1000
    )


def file_input(page, key):
    """The file input of the uploader with widget key `key` (by its place among the page's
    inputs, a file once went to the other uploader while the page was drawn)."""
    return page.locator(f".st-key-{key} input[type=file]")


def button(page, key):
    """The Streamlit button with widget key `key` (its label may carry a keyboard hint, e.g.
    "Play Shortcut Space"; Streamlit also keeps a hidden copy for measuring).

    Play and Pause are one button (ui/run/animation.py, key "<prefix>_play") that says Play or
    Pause: "pg_play" is that button while it says Play, "pg_pause" while it says Pause (so a
    benchmark's `--before` also finds them in an app that gave each its own key)."""
    prefix, _, action = key.rpartition("_")
    if action not in ("play", "pause"):
        return page.locator(f".st-key-{key} button:visible")
    either = f".st-key-{prefix}_play button:visible, .st-key-{prefix}_pause button:visible"
    return page.locator(either).filter(has_text=action.capitalize())


def click_until(target, answer, timeout=PATIENCE, message="the click was never answered"):
    """Click `target` (a locator) until `answer` (a locator) is visible; wait up to `timeout`.

    While `target` is not visible (moving, being redrawn, or gone because what it does happened
    anyway) there is nothing to click: look again. A click that `answer` does not follow within
    CLICK_ANSWER_SECONDS is clicked again if `target` is still there: twice on 2026-12-08, once
    in about ten suites, a click that reached its button (a Pause on the console test's pages, a
    Play on the Network page) was never answered within 120 s. Not reproduced since (105 Pauses
    and 25 runs of the replay test with every request logged on the server: see the eleventh
    session's note); the page must still answer the click clicked again.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    deadline = time.monotonic() + timeout
    while not answer.is_visible():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        clicked_at = time.monotonic()
        try:
            target.click(timeout=2_000)
        except PlaywrightTimeoutError:
            continue  # the target was moving, replaced or gone: look again
        try:
            answer.wait_for(timeout=CLICK_ANSWER_SECONDS * 1000)
        except PlaywrightTimeoutError:
            # In pytest's warnings summary: did the click's message ever leave the browser?
            warnings.warn(unanswered_click_report(target, clicked_at), stacklevel=2)


def pause_or_see_it_end(pause, play, timeout=PATIENCE):
    """Click the Pause button `pause` (a locator) until the Play button `play` is back.

    A short run (the overfit preset's 2,000 epochs, a Regression fit) may end by itself before
    a busy machine delivers the click: its Pause button is gone, and Play is back all the same.
    """
    click_until(pause, play, timeout, "neither Pause nor the end of the run brought Play back")


def epoch_shown(page):
    """The epoch the page's metric "Epoch (of N)" (or the Regression page's "Epoch") shows, or
    None while there is none or it is being redrawn: never an exception, so that a test can
    wait for a value with wait_until(lambda: epoch_shown(page) == 100)."""
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Epoch")
    value = metric.locator("[data-testid=stMetricValue]")
    try:
        if value.count() != 1:
            return None
        text = value.inner_text(timeout=1_000)
        return int(text.split("/")[0].strip().replace(",", ""))
    except Exception:  # detached mid-read, or not a number yet: not shown, for now
        return None


def first_value(read, timeout=PATIENCE, message="no value came"):
    """Poll `read()` until it returns something other than None, and return that: read again,
    it could already be None once more (an element redrawn)."""
    readings = []

    def came():
        readings.append(read())
        return readings[-1] is not None

    wait_until(came, timeout, message)
    return readings[-1]


def epoch_once_shown(page, timeout=PATIENCE):
    """The epoch the page shows, waiting until it shows one (a redraw hides it for a moment)."""
    return first_value(lambda: epoch_shown(page), timeout, "the page shows no epoch")


def wait_for_epoch(page, expected, message=None):
    """Wait until the page shows epoch `expected`."""
    wait_until(
        lambda: epoch_shown(page) == expected,
        message=message or f"the page never showed epoch {expected}",
        page=page,
    )


def new_page(owner, width=1600, height=1000):
    """A new page of `owner` (a Browser or a BrowserContext) at width×height, whose every
    Playwright action and expectation waits up to PATIENCE before it fails. The page's clicks
    that left it for the server are noted (`_CLICKS_SENT`), for `click_until`'s report."""
    page = owner.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.set_default_timeout(PATIENCE_MS)
    clicks_sent = _CLICKS_SENT.setdefault(page, [])

    def note_click(payload):
        if isinstance(payload, bytes) and clicked_widgets(payload):
            clicks_sent.append(time.monotonic())

    page.on("websocket", lambda socket: socket.on("framesent", note_click))
    return page


# When each page made by new_page sent the server a message carrying a click (a button's
# trigger), by time.monotonic().
_CLICKS_SENT = weakref.WeakKeyDictionary()


def clicked_widgets(message):
    """The ids of the widgets whose click (trigger) a message from the page to the server (a
    Streamlit BackMsg, as bytes) carries."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    try:
        back_message = BackMsg.FromString(message)
    except Exception:  # not one of Streamlit's messages
        return []
    widgets = back_message.rerun_script.widget_states.widgets
    return [
        widget.id
        for widget in widgets
        if widget.WhichOneof("value") == "trigger_value" and widget.trigger_value
    ]


def unanswered_click_report(target, clicked_at):
    """What a click on `target` (a locator) not answered within CLICK_ANSWER_SECONDS left
    behind: whether a message carrying a click left the page for the server since."""
    sent = _CLICKS_SENT.get(target.page)
    if sent is None:
        left = "unknown (a page not made by new_page)"
    else:
        left = "yes" if any(moment >= clicked_at - 0.5 for moment in sent) else "no"
    return (
        f"a click on {target} was not answered within {CLICK_ANSWER_SECONDS:.0f} s; a message "
        f"carrying a click left the page since: {left}. Clicked again."
    )


def outside_the_screen(page, must_be_seen, size):
    """The names of the elements in `must_be_seen` ({name: Playwright selector}, the first match
    counts) that are not wholly inside the (width, height) viewport `size`, without scrolling."""
    width, height = size
    outside = []
    for name, selector in must_be_seen.items():
        box = page.locator(selector).first.bounding_box()
        if box is None or not (
            box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= width + 1
            and box["y"] + box["height"] <= height + 1
        ):
            outside.append(name)
    return outside
