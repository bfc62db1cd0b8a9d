"""The classroom network settings, where a test can see them without a browser: the Streamlit
config (websocket compression, the Host names allowed), nginx's config as replicas.py writes it
(checked by nginx itself), and the replicas' watchdog. Through a real nginx and browser:
tests/e2e/test_classroom_network.py."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomllib

from deploy import replicas
from deploy.replicas import Limits, Replica, Watchdog, free_port, write_nginx_config

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_the_websocket_is_compressed():
    assert CONFIG["server"]["enableWebsocketCompression"] is True


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost:8501", True),
        ("127.0.0.1:8501", True),
        ("[::1]:8501", True),
        ("192.168.1.23:8501", True),  # a teacher's laptop, reached by its address
        ("10.0.0.255", True),
        ("172.16.4.0:80", True),
        ("evil.example:8501", False),  # DNS rebinding: a site's name pointed at the laptop
        ("192.168.1.23.nip.io:8501", False),
        ("evil.example", False),
        (None, False),
    ],
)
def test_allowed_hosts_take_addresses_and_this_machine_not_other_names(monkeypatch, host, allowed):
    from streamlit.web.server.starlette import starlette_websocket

    allowed_hosts = CONFIG["server"]["allowedHosts"]
    monkeypatch.setattr(starlette_websocket.config, "get_option", lambda name: allowed_hosts)
    assert starlette_websocket.is_host_allowed(host) is allowed


def test_the_nginx_config_has_the_headers_and_caps_and_nginx_accepts_it(tmp_path):
    fake = [Replica(port, subprocess.Popen(["true"]), tmp_path / "log") for port in (8601, 8602)]
    limits = Limits(sessions_per_replica=7, sessions_per_address=3, connections_per_address=11)
    path = write_nginx_config(tmp_path, "127.0.0.1", free_port(), fake, limits)
    config = path.read_text()
    assert "__" not in config.replace("__PLACEHOLDERS__", "")  # every placeholder filled in
    for line in [
        "limit_conn all_sessions 14;",  # 7 sessions for each of 2 replicas
        "limit_conn per_address 3;",
        "limit_conn per_address 11;",
        "add_header X-Frame-Options SAMEORIGIN always;",
        "add_header X-Content-Type-Options nosniff always;",
        "frame-ancestors 'self'",
        "connect-src 'self'",
        "'sha256-",  # Streamlit's own inline script, allowed by its hash
    ]:
        assert line in config
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed")
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", "error.log", "-c", str(path)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


# --- the watchdog -------------------------------------------------------------------------------


def replica_running(code, tmp_path):
    process = subprocess.Popen([sys.executable, "-c", code])
    return Replica(free_port(), process, tmp_path / "log")


def test_the_watchdog_restarts_a_replica_that_exited(tmp_path):
    replica = replica_running("raise SystemExit(3)", tmp_path)
    replica.process.wait()
    assert Watchdog().trouble(replica) == "exited (code 3)"


def test_the_watchdog_restarts_a_replica_over_its_memory_limit(tmp_path):
    code = "import time; memory = bytearray(80 * 2**20); print(1, flush=True); time.sleep(60)"
    replica = Replica(
        free_port(),
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE),
        tmp_path / "log",
    )
    try:
        replica.process.stdout.readline()  # the memory is taken
        assert replicas.resident_memory_mb(replica.process.pid) > 80
        reason = Watchdog(max_memory_mb=50).trouble(replica)
        assert reason.startswith("uses ") and "the limit: 50 MB" in reason
    finally:
        replica.process.kill()
        replica.process.wait()


def test_the_watchdog_restarts_a_replica_that_stopped_answering(tmp_path):
    replica = replica_running("import time; time.sleep(60)", tmp_path)  # answers nothing
    try:
        watchdog = Watchdog(failures_allowed=3, health_timeout=0.5, start_timeout=60)
        assert watchdog.trouble(replica) is None  # not answering yet: still starting
        replica.answered = True  # it had answered once, then stopped
        assert [watchdog.trouble(replica) for _ in range(3)] == [
            None,
            None,
            "did not answer 3 health checks in a row",
        ]
        replica.answered, replica.started_at = False, time.monotonic() - 61
        assert watchdog.trouble(replica) == "did not start within 60 s"
    finally:
        replica.process.kill()
        replica.process.wait()
