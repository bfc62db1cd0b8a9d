"""A classroom in real browser tabs: N Playground tabs of one headless Chromium on one server.

Run by hand: `python benchmarks/bench_browser_load.py` (10 tabs, 30 s of Play);
`--tabs 5 10 15` for several rounds, `--seconds 20` for a quick look, `--one-window` to open every
tab in one window (see "Visible tabs" below).

`bench_load.py` drives up to 30 tabs over Streamlit's websocket without a browser; this script
checks its figures with the real thing, as far as 2 cores allow: one Chromium (Debian's, as the
browser tests use it), N pages at 1280 × 720, each its own session playing the default run (its
own seed, and far more epochs than the benchmark trains, so that none stops). It prints, as
markdown, for each N:

- **pictures painted per second in each tab** while all of them play: the decision-region
  pictures the tab's browser painted, counted as `bench_playground.py` counts them (a hash of the
  regions canvas's pixels at every screen refresh, counted when it changes; the code is in
  `painted_pictures.py`): median over the tabs, and the slowest tab;
- screen refreshes per second (median, and the slowest tab): a throttled tab would paint few
  pictures for reasons that are the browser's, not the server's;
- epochs trained per second per tab (median);
- the server's CPU (cores, over the measured time) and the browser's (Chromium and Playwright's
  driver), and the server's memory (RSS) before the tabs opened and at the peak;
- then, with every tab still playing, each tab in turn clicks Pause (until the Play button is
  back) and Play (until Pause is back): click to answer, median and 95th percentile (a click
  not answered within 60 s is counted as unanswered).

**Visible tabs.** Chromium slows or stops the timers and the screen refreshes of a tab it takes
for hidden (a background tab, a covered window). By default each tab has its own browser context,
which Chromium opens as a window of its own, so every tab is a front tab of its window and counts
as visible, as ten students' laptops would. `--one-window` opens them all as tabs of one context,
for comparison. The refreshes per second printed for each round show whether it held
(`document.visibilityState` does not: headless Chromium says "visible" for a background tab too).

Browsers and server share the machine's cores: on 2 cores, the ten browsers' painting takes CPU
from the server. The figures are for this machine as it was, not for a classroom's laptops.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_load import Server  # noqa: E402
from painted_pictures import COUNT_PAINTED_PICTURES, painted_so_far  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # noqa: E402

from tests.e2e_support import button, epoch_shown, launch_chromium  # noqa: E402

CLICK_TIMEOUT = 60_000  # ms: a click not answered by then is counted as unanswered
SETTLE_SECONDS = 5.0  # of Play before the counting starts: every tab's first clips have come
VIEWPORT = {"width": 1280, "height": 720}


def open_tab(owner, url, index):
    """A Playground tab (`owner`: a browser context) playing the default run with its own seed,
    counting the pictures it paints."""
    page = owner.new_page()
    page.goto(f"{url}/?seed={index}&epochs=1000000")
    button(page, "pg_play").wait_for(timeout=CLICK_TIMEOUT)
    page.evaluate(COUNT_PAINTED_PICTURES)
    return page


def click_and_wait(page, name, answer):
    """Click button `name` ("pg_play"), wait until the page shows button `answer`; return the
    seconds it took."""
    start = time.perf_counter()
    button(page, name).click(timeout=CLICK_TIMEOUT)
    button(page, answer).wait_for(timeout=CLICK_TIMEOUT)
    return time.perf_counter() - start


def descendants_cpu_seconds(skip_pid):
    """User + system CPU time of this script's child processes (Playwright's driver, Chromium
    and its helpers), without the server `skip_pid` and its own children."""
    parents, seconds = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        parents[int(entry.name)] = int(fields[1])
        seconds[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def under(pid, ancestor):
        while pid > 1:
            if pid == ancestor:
                return True
            pid = parents.get(pid, 0)
        return False

    return sum(
        cpu
        for pid, cpu in seconds.items()
        if under(pid, os.getpid()) and pid != os.getpid() and not under(pid, skip_pid)
    )


def open_tabs(browser, url, n_tabs, one_window):
    """N tabs: each in a context (window) of its own, or all in one context."""
    if one_window:
        shared = browser.new_context(viewport=VIEWPORT)
        return [open_tab(shared, url, index) for index in range(n_tabs)], [shared]
    contexts = [browser.new_context(viewport=VIEWPORT) for _ in range(n_tabs)]
    return [open_tab(context, url, index) for index, context in enumerate(contexts)], contexts


def counts_now(pages):
    """What each tab has painted so far, with the epoch it shows."""
    return [dict(painted_so_far(page), epoch=epoch_shown(page) or 0) for page in pages]


def measure(browser, n_tabs, seconds, ttl, one_window):
    """One round: a fresh server, N tabs playing for `seconds`, then one Pause/Play per tab."""
    server = Server(ttl)
    try:
        warm_up = browser.new_context(viewport=VIEWPORT)
        open_tab(warm_up, server.url, 0)  # the server's imports, before the baseline
        warm_up.close()
        time.sleep(2)
        rss_before = server.rss_mb()
        pages, contexts = open_tabs(browser, server.url, n_tabs, one_window)
        for page in pages:
            click_and_wait(page, "pg_play", "pg_pause")
        time.sleep(SETTLE_SECONDS)
        before = counts_now(pages)
        cpu_before, browser_before = (
            server.cpu_seconds(),
            descendants_cpu_seconds(server.process.pid),
        )
        start, rss_peak = time.perf_counter(), server.rss_mb()
        while time.perf_counter() - start < seconds:
            time.sleep(1)
            rss_peak = max(rss_peak, server.rss_mb())
        after = counts_now(pages)
        elapsed = time.perf_counter() - start
        server_cores = (server.cpu_seconds() - cpu_before) / elapsed
        browser_cores = (descendants_cpu_seconds(server.process.pid) - browser_before) / elapsed
        load_average = os.getloadavg()[0]
        clicks, unanswered = [], 0
        for page in pages:
            for name, answer in (("pg_pause", "pg_play"), ("pg_play", "pg_pause")):
                try:
                    clicks.append(click_and_wait(page, name, answer))
                except PlaywrightTimeoutError:
                    unanswered += 1  # counted; the next tab goes on
        for context in contexts:
            context.close()
    finally:
        server.stop()

    def per_second(key):
        return [(end[key] - begin[key]) / elapsed for begin, end in zip(before, after)]

    return {
        "tabs": n_tabs,
        "windows": "1 window" if one_window else "1 window each",
        "pictures": per_second("pictures"),
        "refreshes": per_second("refreshes"),
        "epochs": per_second("epoch"),
        "server_cores": server_cores,
        "browser_cores": browser_cores,
        "rss_before": rss_before,
        "rss_peak": rss_peak,
        "clicks": clicks,
        "unanswered": unanswered,
        "load_average": load_average,
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def click_figures(clicks, unanswered):
    """'0.42 / 1.10 s', and how many clicks went unanswered, if any."""
    figures = "—"
    if clicks:
        figures = f"{statistics.median(clicks):.2f} / {percentile(clicks, 0.95):.2f} s"
    return figures + (f" ({unanswered} unanswered)" if unanswered else "")


def print_header():
    print(f"Machine: {os.cpu_count()} cores.\n")
    print(
        "| tabs | opened as | pictures/s per tab: median | slowest tab | refreshes/s: median "
        "(slowest) | epochs/s per tab | server CPU | browser CPU | server RSS before "
        "→ peak | click to answer: median / 95th pct | load average |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def print_row(result):
    """One round's line, printed as soon as it is measured (a long run keeps what it has)."""
    pictures, refreshes, clicks = result["pictures"], result["refreshes"], result["clicks"]
    print(
        f"| {result['tabs']} | {result['windows']} | {statistics.median(pictures):.1f} "
        f"| {min(pictures):.1f} | {statistics.median(refreshes):.0f} ({min(refreshes):.0f}) "
        f"| {statistics.median(result['epochs']):.0f} "
        f"| {result['server_cores']:.2f} cores | {result['browser_cores']:.2f} cores "
        f"| {result['rss_before']:.0f} → {result['rss_peak']:.0f} MB "
        f"| {click_figures(clicks, result['unanswered'])} "
        f"| {result['load_average']:.1f} |",
        flush=True,
    )
    each = ", ".join(f"{rate:.1f}" for rate in sorted(pictures))
    print(f"pictures/s of each tab, slowest first: {each}", file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, nargs="+", default=[10])
    parser.add_argument("--seconds", type=float, default=30.0, help="of Play counted per round")
    parser.add_argument("--ttl", type=int, default=20, help="server.disconnectedSessionTTL")
    parser.add_argument(
        "--one-window", action="store_true", help="every tab in one window (one context)"
    )
    args = parser.parse_args()
    print_header()
    with launch_chromium() as browser:
        for n_tabs in args.tabs:
            print(f"{n_tabs} tabs...", file=sys.stderr, flush=True)
            print_row(measure(browser, n_tabs, args.seconds, args.ttl, args.one_window))


if __name__ == "__main__":
    main()
