"""The classroom network settings on real servers: a plain `streamlit run app.py` (Host names,
websocket compression) and the replicas behind nginx (headers, session caps, a page that works
under the Content-Security-Policy, the watchdog). The settings themselves: docs/deploy.md."""

import base64
import os
import socket
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from deploy.replicas import (
    Limits,
    Watchdog,
    answers_health_check,
    free_port,
    restart_unwell_replicas,
    running_replicas,
)
from tests.e2e.app_tour import open_app, visit_every_page
from tests.e2e_support import launch_chromium, running_app, wait_until

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SECURITY_HEADERS = ["X-Frame-Options", "X-Content-Type-Options", "Content-Security-Policy"]


def open_websocket(url, host=None):
    """Open Streamlit's websocket at `url` (asking for compression) with this Host header.

    Returns (the open socket, the status line and headers of the answer)."""
    address = url.split("//")[1]
    name, port = address.rsplit(":", 1)
    connection = socket.create_connection((name, int(port)), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host or address}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
    )
    connection.sendall(request.encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    return connection, answer.decode("latin-1").split("\r\n\r\n")[0]


def status_of(head):
    return int(head.split()[1])


def test_a_plain_streamlit_run_compresses_and_refuses_other_host_names():
    with running_app("app.py", cwd=ROOT) as url:
        port = url.rsplit(":", 1)[1]
        for host, status in [
            (f"localhost:{port}", 101),
            (f"192.168.1.23:{port}", 101),  # the teacher's laptop, by its address
            (f"evil.example:{port}", 403),  # DNS rebinding
        ]:
            connection, head = open_websocket(url, host)
            connection.close()
            assert status_of(head) == status, (host, head)
            if status == 101:
                assert "permessage-deflate" in head
    with launch_chromium() as browser:
        # The URL standard reads a host whose last label is a number as an IPv4 address: no
        # site can have a name that "*.23" in server.allowedHosts lets in.
        page = browser.new_page()
        accepted = page.evaluate(
            "() => ['http://evil.23/', 'http://192.168.1.23/'].map(address => "
            "{ try { new URL(address); return true } catch { return false } })"
        )
        assert accepted == [False, True]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    limits = Limits(sessions_per_replica=2, sessions_per_address=2, connections_per_address=60)
    with running_replicas(
        n_replicas=1,
        port=free_port(),
        listen_address="127.0.0.1",
        run_dir=tmp_path_factory.mktemp("replicas"),
        limits=limits,
    ) as deployment:
        yield deployment


def test_nginx_sends_the_security_headers_with_every_answer(deployment):
    with urllib.request.urlopen(deployment.url + "/") as answer:
        page = answer.read().decode()
        headers = answer.headers
    script = page.split('src="./static/js/')[1].split('"')[0]
    with urllib.request.urlopen(f"{deployment.url}/static/js/{script}") as answer:
        script_headers = answer.headers
    for answer_headers in (headers, script_headers):
        for name in SECURITY_HEADERS:
            assert answer_headers[name], name
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]


def test_nginx_caps_the_sessions(deployment):
    with ExitStack() as open_sockets:
        for _ in range(2):  # the cap: 2 sessions (1 replica x 2)
            connection, head = open_websocket(deployment.url)
            open_sockets.callback(connection.close)
            assert status_of(head) == 101 and "permessage-deflate" in head
        connection, head = open_websocket(deployment.url)
        open_sockets.callback(connection.close)
        assert status_of(head) == 503


def test_every_page_works_under_the_content_security_policy(deployment):
    with launch_chromium() as browser:
        page, _, messages = open_app(browser, deployment.url)
        visit_every_page(page)
        violations = [text for text in messages if "Content Security Policy" in text]
        assert not violations, violations[:3]


def test_the_watchdog_restarts_a_replica_over_its_memory_limit(deployment):
    (replica,) = deployment.replicas
    found = restart_unwell_replicas(deployment, Watchdog(max_memory_mb=1))
    assert len(found) == 1 and "MB of memory" in found[0]
    (restarted,) = deployment.replicas
    assert restarted.process.pid != replica.process.pid
    assert replica.process.poll() is not None  # the old one was stopped
    wait_until(
        lambda: answers_health_check(deployment.url, timeout=5),
        timeout=120,
        message="the restarted replica never answered through nginx",
    )
    assert restart_unwell_replicas(deployment, Watchdog()) == []  # a well replica stays
