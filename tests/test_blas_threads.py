"""NumPy's BLAS runs on one thread, in the app and in the CLI (scratchnet/threads.py says why);
the app's server switches Python's threads often (ui/run/frame_gate.py, switch_threads_often).

The app and the CLI each run in a fresh Python, as they do for users: threadpoolctl can only
limit a BLAS that is already loaded, so the order of imports decides whether the limit works,
and this test process has loaded NumPy long ago. OPENBLAS_NUM_THREADS=2 makes the BLAS start
with two threads even on a one-core machine, so the limit has something to do.
"""

import functools
import gc
import json
import os
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import pytest
from threadpoolctl import OpenBLASController

from scratchnet import threads
from ui.run.frame_gate import SWITCH_SECONDS

ROOT = Path(__file__).resolve().parents[1]

# Runs app.py as the server would, then reports the BLAS libraries the page's run left, and
# Python's switch interval. (AppTest runs the scripts in this very process, and both settings
# are process-wide.)
RUN_THE_APP = """
import json, sys
from streamlit.testing.v1 import AppTest
assert "numpy" not in sys.modules, "the test must start before NumPy is imported"
at = AppTest.from_file("app.py", default_timeout=120).run()
assert not at.exception, at.exception
assert at.title[0].value == "Playground"
from scratchnet.threads import blas_libraries
print(json.dumps({"blas": blas_libraries(), "switch_interval": sys.getswitchinterval()}))
"""

# Runs `python -m scratchnet train --epochs 1`, then reports the BLAS libraries it left.
RUN_THE_CLI = """
import json, runpy, sys
sys.argv = ["scratchnet", "train", "--epochs", "1"]
try:
    runpy.run_module("scratchnet", run_name="__main__")
except SystemExit as exit:
    assert exit.code == 0, exit.code
from scratchnet.threads import blas_libraries
print(json.dumps({"blas": blas_libraries()}))
"""


@functools.cache
def settings_after(program):
    """Run `program` in a fresh Python whose BLAS starts with two threads; its last line."""
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("program", [RUN_THE_APP, RUN_THE_CLI], ids=["app", "cli"])
def test_blas_runs_on_one_thread(program):
    libraries = settings_after(program)["blas"]
    assert libraries, "no BLAS library found"
    assert [library["num_threads"] for library in libraries] == [1] * len(libraries), libraries


def test_the_app_switches_threads_often():
    """A thread waiting for Python's lock gets it within SWITCH_SECONDS, not Python's 5 ms."""
    assert settings_after(RUN_THE_APP)["switch_interval"] == pytest.approx(SWITCH_SECONDS)
    assert SWITCH_SECONDS < 0.005


@pytest.mark.parametrize(
    ("libraries_found", "warning"),
    [
        ([], "found no BLAS library"),
        ([{"user_api": "blas", "internal_api": "openblas", "num_threads": 2, "filepath": "x"}],
         "BLAS still uses several threads: openblas num_threads=2"),
    ],
)  # fmt: skip
def test_a_limit_that_did_not_work_is_said_out_loud(monkeypatch, libraries_found, warning):
    monkeypatch.setattr(threads, "threadpool_info", lambda: libraries_found)
    with pytest.warns(RuntimeWarning, match=warning):
        threads.use_one_blas_thread()


def test_the_thread_that_limits_blas_is_not_kept_alive():
    """In the app, a session's script thread sets the limit; that thread holds the session's
    state (its run), so nothing may keep it once it has finished (tests/test_session_release.py
    counts the runs left)."""
    OpenBLASController.clear_controlling_thread(force=True)  # as in a fresh server process
    thread = threading.Thread(target=threads.use_one_blas_thread)
    thread.start()
    thread.join()
    thread_left = weakref.ref(thread)
    del thread
    gc.collect()
    assert thread_left() is None
