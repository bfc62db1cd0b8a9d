"""How fast and how smoothly the Playground trains and moves in a real browser.

Run by hand: `python benchmarks/bench_playground.py`.

Starts `streamlit run app.py` on a free port, opens it in headless Chromium at 1280 × 720 (server
and browser share this machine's cores, as on a teacher's laptop), presses Play at "max" speed
with the book's settings (spiral 100 × 3, 2-64-3, SGD 1.0, 10,001 epochs) and measures what the
user sees:

- seconds from the click until the regions picture of epoch 10,001 is on the screen;
- distinct decision-region pictures per second: a hash of the regions canvas's pixels taken at
  every screen refresh (requestAnimationFrame), counted when it changes: pictures painted, not
  messages sent;
- server updates (clips) per second, and the pictures each brought;
- bytes per second over the websocket while playing: the messages as the page receives them
  (decompressed), and what travelled on the wire (after the websocket's permessage-deflate,
  `server.enableWebsocketCompression`), counted by a relay between browser and server
  (`CountingRelay`); and the bytes received per clip (about one server update of the page: a
  figure that depends less on how busy the machine is than bytes per second);
- Pause and Step: seconds from the click until the page shows the paused / stepped epoch and
  its picture (median and 95th percentile of several clicks), timed inside the page: the click
  is dispatched by the page's JavaScript and the time taken at the first screen refresh that
  shows it (`CLICK_UNTIL_SHOWN`). (Until 2026-12-07 it was timed from Playwright's click, which
  first waits for a busy page to settle, to a poll from outside: up to half a second more.)

Repeats a few times and prints the median of each figure (`--quick`: once, fewer clicks).

`--before REV` measures the Playground of an earlier commit too, side by side: its tree is
checked out in a temporary folder, both servers run at once, and the rounds alternate, so the
machine's noise hits both alike. (Before the regions were played as a film, a page showed one
picture per server update, as a Plotly image: it is counted by the image's source instead.)
"""

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from painted_pictures import COUNT_PAINTED_PICTURES  # noqa: E402

from tests.e2e_support import button, launch_chromium, running_app  # noqa: E402

TARGET_EPOCHS = 10_001
ROUNDS = 3
CLICKS = 8
QUICK_CLICKS = 3
CLICK_TIMEOUT = 20  # seconds: a click not shown by then is counted as unanswered
VIEWPORT = {"width": 1280, "height": 720}


class CountingRelay:
    """A TCP relay in front of a server, counting the bytes the server sends through it: what
    the wire carries, after the websocket's compression (the page's websocket events report
    each message decompressed). `url`: where the browser should go instead of the server."""

    def __init__(self, server_url):
        self.server_port = int(server_url.rsplit(":", 1)[1])
        self.bytes_from_server = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("localhost", 0))
        self.url = f"http://localhost:{self.listener.getsockname()[1]}"
        threading.Thread(target=self.accept_forever, daemon=True).start()

    def accept_forever(self):
        while True:
            browser_side, _ = self.listener.accept()
            server_side = socket.create_connection(("localhost", self.server_port))
            for source, destination, counted in (
                (browser_side, server_side, False),
                (server_side, browser_side, True),
            ):
                arguments = (source, destination, counted)
                threading.Thread(target=self.relay, args=arguments, daemon=True).start()

    def relay(self, source, destination, counted):
        try:
            while data := source.recv(65536):
                if counted:
                    with self.lock:
                        self.bytes_from_server += len(data)
                destination.sendall(data)
            destination.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the other side closed: the connection is over


def epoch_shown(page):
    text = page.locator("[data-testid=stMetricValue]").first.inner_text()
    return int(text.replace(",", ""))


def film(page):
    """(epoch of the picture on screen, pictures shown, clips received) of the regions chart;
    on a page from before the film, (epoch shown, -1, -1)."""
    plot = page.locator(".live-chart").first
    names = ("data-shown-epoch", "data-pictures-shown", "data-clips-received")
    values = [int(plot.get_attribute(name) or -1) for name in names]
    if values[0] == -1:
        values[0] = epoch_shown(page)
    return values


def wait_for(condition, timeout=120):
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the page never showed it")
        time.sleep(0.01)
    return time.perf_counter() - start


def open_page(browser, url, received):
    page = browser.new_page(viewport=VIEWPORT)
    page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: received.append(len(payload))),
    )
    page.goto(url)
    button(page, "pg_play").wait_for(timeout=60_000)
    page.locator(".live-chart").first.wait_for(timeout=120_000)  # a busy machine: be patient
    wait_for(lambda: film(page)[0] >= 0)
    page.wait_for_timeout(1000)  # (Playwright delivers the websocket events while it waits)
    return page


def one_round(browser, relay, clicks=CLICKS):
    received = []
    url = relay.url
    page = open_page(browser, url, received)
    page.evaluate(COUNT_PAINTED_PICTURES)
    bytes_before = sum(received)
    wire_before = relay.bytes_from_server
    _, pictures_before, clips_before = film(page)
    start = time.perf_counter()
    button(page, "pg_play").click()
    wait_for(lambda: film(page)[0] >= TARGET_EPOCHS)
    seconds = time.perf_counter() - start
    page.wait_for_timeout(10)
    _, pictures, clips = film(page)
    distinct = page.evaluate("() => window.distinctPictures")
    result = {
        "seconds": seconds,
        "distinct_pictures_per_second": distinct / seconds,
        "clips_per_second": max(clips - clips_before, 0) / seconds,
        "pictures_per_clip": max(pictures - pictures_before, 0) / max(clips - clips_before, 1),
        "kilobytes_per_second": (sum(received) - bytes_before) / seconds / 1024,
        "wire_kilobytes_per_second": (relay.bytes_from_server - wire_before) / seconds / 1024,
        "kilobytes_per_clip": (sum(received) - bytes_before) / max(clips - clips_before, 1) / 1024,
    }
    result.update(click_latencies(page, url, clicks))
    page.close()
    return result


# Clicks a button from inside the page and times, with the page's own clock, the click event
# to the first screen refresh that shows its effect: what a person sees, without Playwright's own
# delays (its click first waits for the page to settle; polling from outside costs round trips to
# a page busy playing). Resolves to the seconds, or null after the time-out.
CLICK_UNTIL_SHOWN = """async ([key, effect, stepped, timeoutMs]) => {
  const visible = (selector, label = '') =>
    [...document.querySelectorAll(selector)].find(
      (element) => element.offsetParent !== null && element.innerText.includes(label));
  // Play and Pause: one button (key "pg_play") that says Play or Pause (tests/e2e_support.py's
  // button); an older app gave each its own key.
  const button = (name) => {
    const [prefix, action] = [name.slice(0, name.lastIndexOf('_')), name.split('_').pop()];
    if (action !== 'play' && action !== 'pause') return visible(`.st-key-${name} button`);
    const label = action === 'play' ? 'Play' : 'Pause';
    return visible(`.st-key-${prefix}_play button, .st-key-${prefix}_pause button`, label);
  };
  const epochShown = () => {
    const metric = document.querySelector('[data-testid=stMetricValue]');
    return metric ? parseInt(metric.innerText.replace(/,/g, ''), 10) : null;
  };
  const pictureEpoch = () => {
    const plot = document.querySelector('.live-chart');
    const value = plot && plot.getAttribute('data-shown-epoch');
    return value === null || value === undefined ? epochShown() : parseInt(value, 10);
  };
  const shown = () => {
    const epoch = epochShown();
    if (effect === 'paused') {
      const playShown = Boolean(button('pg_play'));
      return playShown && epoch !== null && pictureEpoch() === epoch;
    }
    return epoch === stepped && pictureEpoch() === stepped;
  };
  const start = performance.now();
  button(key).click();
  return await new Promise((resolve) => {
    const look = (now) => {
      if (shown()) resolve((now - start) / 1000);
      else if (now - start > timeoutMs) resolve(null);
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}"""


def click_until_shown(page, key, effect, stepped=None):
    """Seconds from clicking button `key` to the page showing `effect` ("paused", or "stepped"
    to epoch `stepped`) in both the epoch and the picture; None if not within CLICK_TIMEOUT."""
    return page.evaluate(CLICK_UNTIL_SHOWN, [key, effect, stepped, CLICK_TIMEOUT * 1000])


def click_latencies(page, url, clicks=CLICKS):
    """Pause and Step while a long run plays: seconds until the page shows their epoch."""
    page.goto(url + "/?epochs=1000000")  # a run that goes on while we click
    button(page, "pg_play").wait_for(timeout=60_000)
    wait_for(lambda: film(page)[0] >= 0)
    pauses, steps, unanswered = [], [], 0
    for _ in range(clicks):
        button(page, "pg_play").click()
        page.wait_for_timeout(1000)
        button(page, "pg_pause").wait_for(timeout=60_000)
        paused = click_until_shown(page, "pg_pause", "paused")
        if paused is None:
            unanswered += 1  # counted, and the next click goes on from whatever the page shows
            continue
        pauses.append(paused)
        page.wait_for_timeout(300)  # the page settles: a Step is clicked on a paused page
        stepped = click_until_shown(page, "pg_step", "stepped", epoch_shown(page) + 1)
        if stepped is None:
            unanswered += 1
        else:
            steps.append(stepped)
    return {
        "pause_median": statistics.median(pauses),
        "pause_p95": sorted(pauses)[int(0.95 * (len(pauses) - 1))],
        "step_median": statistics.median(steps),
        "step_p95": sorted(steps)[int(0.95 * (len(steps) - 1))],
        "clicks_unanswered": unanswered,
    }


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--before", metavar="REV", help="also measure this earlier commit")
    arguments.add_argument("--rounds", type=int, default=ROUNDS)
    arguments.add_argument(
        "--quick", action="store_true", help=f"one round, {QUICK_CLICKS} clicks of each kind"
    )
    options = arguments.parse_args()
    clicks = CLICKS
    if options.quick:
        options.rounds = 1
        clicks = QUICK_CLICKS
    versions = {"now": ROOT}
    results = {"now": []}
    with ExitStack() as stack:
        if options.before:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "before"
            worktree = ["git", "-C", str(ROOT), "worktree"]
            add = [*worktree, "add", "--detach", str(folder), options.before]
            subprocess.run(add, check=True, capture_output=True)
            stack.callback(
                subprocess.run, [*worktree, "remove", "--force", str(folder)], capture_output=True
            )
            versions = {"before": folder, "now": ROOT}
            results = {"before": [], "now": []}
        relays = {
            name: CountingRelay(stack.enter_context(running_app("app.py", cwd=folder)))
            for name, folder in versions.items()
        }
        browser = stack.enter_context(launch_chromium())
        for round_number in range(options.rounds):
            for name, relay in relays.items():
                result = one_round(browser, relay, clicks)
                results[name].append(result)
                figures = ", ".join(f"{key}={value:.2f}" for key, value in result.items())
                print(f"round {round_number + 1}, {name}: {figures}", flush=True)
    print()
    names = list(results)
    print(f"| figure (median of {options.rounds}) | " + " | ".join(names) + " | target |")
    print("| --- | " + " | ".join("---:" for _ in names) + " | --- |")
    for figure, target in TARGETS.items():
        values = [statistics.median(result[figure] for result in results[name]) for name in names]
        cells = " | ".join(f"{value:.2f}" for value in values)
        print(f"| {figure.replace('_', ' ')} | {cells} | {target} |")


TARGETS = {
    "seconds": "≤ 4 s",
    "distinct_pictures_per_second": "≥ 30",
    "clips_per_second": "",
    "pictures_per_clip": "",
    "kilobytes_per_second": "≤ 100 kB/s",
    "wire_kilobytes_per_second": "",
    "kilobytes_per_clip": "",
    "pause_median": "",
    "pause_p95": "≤ 0.25 s",
    "step_median": "",
    "step_p95": "≤ 0.25 s",
    "clicks_unanswered": "0",
}


if __name__ == "__main__":
    main()
