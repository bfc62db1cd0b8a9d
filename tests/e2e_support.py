"""Helpers for browser tests: run a Streamlit app, drive it with headless Chromium.

Use them from a test module::

    from tests.e2e_support import launch_chromium, running_app

    def test_title(tmp_path):
        with running_app("app.py") as url, launch_chromium() as browser:
            page = browser.new_page()
            page.goto(url)

Both are context managers, so they are easy to wrap in pytest fixtures. Chromium is
Debian's (/usr/bin/chromium): never run `playwright install`.
"""

import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
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
    script: str | Path, *extra_args: str, cwd: str | Path | None = None, timeout: float = 30.0
) -> Iterator[str]:
    """Run `streamlit run script` on a free port; yield its URL; stop it afterwards.

    `extra_args` go to `streamlit run`, e.g. "--runner.postScriptGC", "false".
    Streamlit reads `.streamlit/config.toml` from `cwd` (default: the current directory).
    The server's output goes to a temporary file (a pipe nobody reads could fill up and
    stall the server); it is shown if the app fails to start.
    """
    port = free_port()
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


def wait_until(condition, timeout=30.0, message="condition never became true"):
    """Poll `condition()` every 0.1 s until it is true; fail with `message` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def button(page, key):
    """The Streamlit button with widget key `key` (its label may carry a keyboard hint, e.g.
    "Play Shortcut Space"; Streamlit also keeps a hidden copy for measuring)."""
    return page.locator(f".st-key-{key} button:visible")
