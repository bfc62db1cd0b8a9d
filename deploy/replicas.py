"""Run the Playground as several Streamlit servers ("replicas") behind nginx, in one command:

    python deploy/replicas.py                      # 2 replicas, at http://localhost:8080
    python deploy/replicas.py --replicas 3 --port 80 --host playground.myschool.org

Each replica is a plain `streamlit run app.py` on a port of its own, reachable from this machine
only. nginx (Debian's package: `apt-get install nginx`) listens on --port and sends every browser
to one replica, always the same one, with a cookie: deploy/nginx.conf.template shows how.
Ctrl-C stops everything. A watchdog starts a replica again when it dies, stops answering its
health check, or grows past a memory limit; the sessions it held are gone (docs/deploy.md).
"""

import argparse
import base64
import hashlib
import importlib.util
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
NGINX_TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
# The names a browser may use for the server. Browsers elsewhere use the name or address they
# typed: this machine's own names and addresses are added (this_machines_names), any other name
# (a DNS alias) with --host. Streamlit refuses the websocket of any other name
# (server.allowedHosts), so nginx answers such a browser with a page that says so
# (UNKNOWN_HOST_ANSWER) instead of letting it show an endless loading page.
ALWAYS_ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
UNKNOWN_HOST_ANSWER = (
    "This Playground is not set up to be opened as $host. "
    "Open it by one of the names deploy/replicas.py printed when it started, "
    "or ask whoever runs it to add this name: python deploy/replicas.py --host $host"
)


def this_machines_names() -> list[str]:
    """This machine's host name, full name and IPv4 addresses: what students on the network
    are likely to type. Asks the system only (no packet is sent)."""
    names = {socket.gethostname(), socket.getfqdn()}
    try:
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            names.add(address[0])
    except OSError:
        pass  # a host name the system cannot resolve: its name is all we have
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent
            names.add(probe.getsockname()[0])  # the address of the network it would go out on
        except OSError:
            pass  # no network: localhost only
    return sorted(name for name in names if name and name not in ALWAYS_ALLOWED_HOSTS)


@dataclass(frozen=True)
class Limits:
    """nginx's caps (deploy/nginx.conf.template), chosen for a class on a school network.

    A session is an open tab: one websocket for as long as the tab is open. On a school network
    every student's device has its own address; a server on the internet sees a whole school
    behind one router as one address: raise sessions_per_address to the class size then.
    """

    sessions_per_replica: int = 40  # most tabs are paused; a playing one keeps a core busy
    sessions_per_address: int = 10  # a student's tabs
    connections_per_address: int = 60  # a browser opens about 6 connections per site


@dataclass
class Watchdog:
    """Decides when a replica must be started again: when it exited, when it stopped answering
    its health check (`failures_allowed` checks in a row, `check_every` seconds apart), or when
    its memory (resident set size) passed `max_memory_mb`. Restarting a replica ends the sessions
    it holds, as its death would; letting it run on would stall or starve them all.
    """

    max_memory_mb: float = 2048
    failures_allowed: int = 3
    check_every: float = 5.0
    health_timeout: float = 5.0
    start_timeout: float = 90.0
    failures: dict = field(default_factory=dict)  # replica port -> health checks failed in a row

    def trouble(self, replica: "Replica") -> str | None:
        """Why `replica` must be started again, or None when it is well."""
        if replica.process.poll() is not None:
            return f"exited (code {replica.process.returncode})"
        memory = resident_memory_mb(replica.process.pid)
        if memory is not None and memory > self.max_memory_mb:
            return f"uses {memory:,.0f} MB of memory (the limit: {self.max_memory_mb:,.0f} MB)"
        if answers_health_check(f"http://{replica.address}", self.health_timeout):
            replica.answered = True
            self.failures[replica.port] = 0
            return None
        if not replica.answered:  # still starting
            if time.monotonic() - replica.started_at > self.start_timeout:
                return f"did not start within {self.start_timeout:.0f} s"
            return None
        self.failures[replica.port] = self.failures.get(replica.port, 0) + 1
        if self.failures[replica.port] >= self.failures_allowed:
            return f"did not answer {self.failures[replica.port]} health checks in a row"
        return None


def resident_memory_mb(pid: int) -> float | None:
    """The process's resident memory (VmRSS in /proc, Linux) in MB; None where unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # kB
    return None


def answers_health_check(url: str, timeout: float) -> bool:
    """Whether Streamlit's health endpoint at `url` answers "ok" within `timeout` seconds."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Replica:
    """One `streamlit run app.py` server on its own loopback port."""

    port: int
    process: subprocess.Popen
    log_path: Path
    started_at: float = field(default_factory=time.monotonic)
    answered: bool = False  # has it answered a health check since it started?

    @property
    def address(self) -> str:
        """The replica as nginx names it (in its config and in $upstream_addr)."""
        return f"127.0.0.1:{self.port}"


@dataclass
class Deployment:
    """The running replicas and the nginx in front of them."""

    url: str
    run_dir: Path
    replicas: list[Replica]
    nginx: subprocess.Popen
    allowed_hosts: list[str]
    cookie_secret: str

    @property
    def access_log(self) -> Path:
        """nginx's log: one line per request, with the replica that answered it."""
        return self.run_dir / "access.log"


def free_port() -> int:
    """Return a TCP port that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def replica_command(port: int, allowed_hosts: list[str]) -> list[str]:
    """`streamlit run app.py` with the production settings that differ from .streamlit/config.toml.

    config.toml holds what every run shares (XSRF and CORS on, upload cap, no file watcher, no
    usage statistics, error details hidden); a replica adds these flags.
    """
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        # Never open a browser or ask for an e-mail address on the server.
        "--server.headless", "true",
        # Only nginx, on this machine, talks to a replica.
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
    ]  # fmt: skip
    # The Host names Streamlit accepts a websocket for (protects against DNS rebinding).
    for host in allowed_hosts:
        command += ["--server.allowedHosts", host]
    return command


def start_replica(
    port: int, allowed_hosts: list[str], cookie_secret: str, run_dir: Path
) -> Replica:
    """Start one replica in the background; its output goes to run_dir/replica-PORT.log."""
    log_path = run_dir / f"replica-{port}.log"
    environment = dict(os.environ)
    # Streamlit signs its cookies with this secret: all replicas must share it.
    # (A sensitive option: Streamlit takes it from the environment, not from a flag.)
    environment["STREAMLIT_SERVER_COOKIE_SECRET"] = cookie_secret
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            replica_command(port, allowed_hosts),
            cwd=REPO_ROOT,  # where app.py and .streamlit/config.toml are
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this script only; it stops the replicas
        )
    return Replica(port=port, process=process, log_path=log_path)


def streamlit_inline_script_hashes() -> str:
    """The Content-Security-Policy sources ('sha256-...') of the inline scripts in Streamlit's
    index.html: the policy allows exactly those, and no other inline script."""
    package = Path(importlib.util.find_spec("streamlit").origin).parent
    page = (package / "static" / "index.html").read_text()
    digests = [
        hashlib.sha256(script.encode()).digest()
        for script in re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    ]
    return " ".join(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


def write_nginx_config(
    run_dir: Path,
    listen_address: str,
    listen_port: int,
    replicas: list[Replica],
    limits: Limits = Limits(),
    allowed_hosts: list[str] = ALWAYS_ALLOWED_HOSTS,
) -> Path:
    """Fill deploy/nginx.conf.template in for these replicas; return the config's path.

    Then, before the replicas see a request, nginx answers one for a name not in
    `allowed_hosts` with UNKNOWN_HOST_ANSWER (status 421, "misdirected request").
    """
    servers = "\n".join(
        f"        server {replica.address} max_fails=1 fail_timeout=10s;" for replica in replicas
    )
    config = NGINX_TEMPLATE.read_text()
    for placeholder, value in {
        "__REPLICA_SERVERS__": servers,
        "__LISTEN_ADDRESS__": listen_address,
        "__LISTEN_PORT__": listen_port,
        "__MAX_SESSIONS__": limits.sessions_per_replica * len(replicas),
        "__MAX_SESSIONS_PER_ADDRESS__": limits.sessions_per_address,
        "__MAX_CONNECTIONS_PER_ADDRESS__": limits.connections_per_address,
        "__INLINE_SCRIPT_HASHES__": streamlit_inline_script_hashes(),
    }.items():
        config = config.replace(placeholder, str(value))
    known_hosts = "".join(f"        {host} 1;\n" for host in allowed_hosts)
    config = config.replace(
        "    upstream streamlit_replicas {",
        f"    map $host $known_host {{\n        default 0;\n{known_hosts}    }}\n\n"
        "    upstream streamlit_replicas {",
    )
    config = config.replace(
        "        location / {",
        "        default_type text/plain;  # for the answer below; the replicas set their own\n"
        f'        if ($known_host = 0) {{\n            return 421 "{UNKNOWN_HOST_ANSWER}\\n";\n'
        "        }\n\n        location / {",
    )
    config_path = run_dir / "nginx.conf"
    config_path.write_text(config)
    return config_path


def start_nginx(run_dir: Path, config_path: Path) -> subprocess.Popen:
    """Run nginx in the foreground with its pid file, logs and temporary files in run_dir.

    `-p` makes the config's relative paths relative to run_dir; `-e` sends even the errors nginx
    meets before reading its config (a bad config, say) to run_dir/error.log.
    """
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is not installed: apt-get install nginx")
    command = [
        nginx, "-p", str(run_dir), "-e", "error.log", "-c", str(config_path), "-g", "daemon off;"
    ]  # fmt: skip
    with open(run_dir / "nginx.out", "a") as output:
        return subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_healthy(
    url: str, process: subprocess.Popen, log_path: Path, timeout: float = 90.0
) -> None:
    """Poll Streamlit's health endpoint at `url` until it answers "ok"; fail if `process` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"The server for {url} exited (code {process.returncode}). "
                f"{log_path}:\n{log_path.read_text()}"
            )
        if answers_health_check(url, timeout=2):
            return
        time.sleep(0.2)
    raise RuntimeError(
        f"The server for {url} did not answer within {timeout} s. "
        f"{log_path}:\n{log_path.read_text()}"
    )


def stop(process: subprocess.Popen) -> None:
    """Ask a process to stop; kill it if it hasn't after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_replicas(
    n_replicas: int = 2,
    port: int = 8080,
    listen_address: str = "0.0.0.0",
    extra_hosts: tuple[str, ...] = (),
    run_dir: Path | None = None,
    limits: Limits = Limits(),
) -> Iterator[Deployment]:
    """Start `n_replicas` replicas and nginx on `port`; yield the Deployment; stop them all."""
    if run_dir is None:
        run_dir = Path(tempfile.mkdtemp(prefix="scratchnet-replicas-"))
    # nginx started by root runs its workers as "nobody": they must reach their temporary files.
    run_dir.chmod(0o755)
    allowed_hosts = ALWAYS_ALLOWED_HOSTS + this_machines_names()
    allowed_hosts += [host for host in extra_hosts if host and host not in allowed_hosts]
    cookie_secret = secrets.token_hex(32)
    replicas = [
        start_replica(free_port(), allowed_hosts, cookie_secret, run_dir) for _ in range(n_replicas)
    ]
    nginx = None
    try:
        for replica in replicas:
            wait_until_healthy(f"http://{replica.address}", replica.process, replica.log_path)
        config_path = write_nginx_config(
            run_dir, listen_address, port, replicas, limits, allowed_hosts
        )
        nginx = start_nginx(run_dir, config_path)
        url = f"http://localhost:{port}"
        wait_until_healthy(url, nginx, run_dir / "error.log", timeout=30)
        yield Deployment(url, run_dir, replicas, nginx, allowed_hosts, cookie_secret)
    finally:
        if nginx is not None:
            stop(nginx)
        for replica in replicas:  # the Deployment's list: restarted replicas included
            stop(replica.process)


def restart_unwell_replicas(deployment: Deployment, watchdog: Watchdog) -> list[str]:
    """Start again, on the same port, every replica the watchdog finds in trouble (dead, not
    answering, too big); return what it found, one line per replica restarted."""
    found = []
    for index, replica in enumerate(deployment.replicas):
        reason = watchdog.trouble(replica)
        if reason is None:
            continue
        found.append(f"Replica {replica.address} {reason}: its sessions are lost.")
        print(found[-1], f"Starting it again. Its output: {replica.log_path}")
        stop(replica.process)
        watchdog.failures.pop(replica.port, None)
        deployment.replicas[index] = start_replica(
            replica.port, deployment.allowed_hosts, deployment.cookie_secret, deployment.run_dir
        )
    return found


def stop_on_signal(signal_number, frame) -> None:
    """Turn a stop signal into KeyboardInterrupt, which main() answers by stopping everything."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run N Playground replicas behind nginx.")
    parser.add_argument("--replicas", type=int, default=2, help="how many servers (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument(
        "--listen-address", default="0.0.0.0",
        help="nginx's address: 0.0.0.0 (default) for every network, 127.0.0.1 for this machine",
    )  # fmt: skip
    parser.add_argument(
        "--host", action="append", default=[],
        help="a name or address the students type (repeat for several); localhost always works",
    )  # fmt: skip
    parser.add_argument(
        "--max-sessions-per-replica", type=int, default=Limits.sessions_per_replica,
        help="open tabs a replica takes (default %(default)s); nginx refuses more",
    )  # fmt: skip
    parser.add_argument(
        "--max-sessions-per-address", type=int, default=Limits.sessions_per_address,
        help="open tabs per student address (default %(default)s); raise it to the class size "
        "when the whole class reaches the server through one router",
    )  # fmt: skip
    parser.add_argument(
        "--max-memory-mb", type=float, default=Watchdog.max_memory_mb,
        help="a replica using more memory is started again (default %(default)s)",
    )  # fmt: skip
    arguments = parser.parse_args(argv)
    limits = Limits(arguments.max_sessions_per_replica, arguments.max_sessions_per_address)
    watchdog = Watchdog(max_memory_mb=arguments.max_memory_mb)
    # Ctrl-C (SIGINT), `kill` or a container stop (SIGTERM): stop nginx and the replicas.
    # (Set for SIGINT too: a shell script that starts this in the background ignores SIGINT.)
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)

    with running_replicas(
        arguments.replicas,
        arguments.port,
        arguments.listen_address,
        tuple(arguments.host),
        limits=limits,
    ) as deployment:
        names = ", ".join(f"http://{host}:{arguments.port}/" for host in deployment.allowed_hosts)
        print(f"{len(deployment.replicas)} replicas behind nginx. Open one of: {names}")
        print("A page opened under another name says so: add that name with --host.")
        print(f"Logs: {deployment.run_dir}. Ctrl-C stops everything.")
        try:
            while deployment.nginx.poll() is None:
                time.sleep(watchdog.check_every)
                restart_unwell_replicas(deployment, watchdog)
            print(f"nginx exited; see {deployment.run_dir / 'error.log'}")
        except KeyboardInterrupt:
            print("Stopping.")


if __name__ == "__main__":
    main()
