"""A classroom in real browser tabs: N Playground tabs of one headless Chromium on one server.

Run by hand: `python benchmarks/bench_browser_load.py` (5, 10 then 15 tabs, 30 s of Play each);
`--tabs 5 --seconds 20` for a quick look.

`bench_load.py` drives up to 30 tabs over Streamlit's websocket without a browser; this script
checks its figures with the real thing, as far as 2 cores allow: one Chromium (Debian's, as the
browser tests use it), N pages, each its own session with its own seed. Every tab presses Play;
then, tab after tab until the time is up, Pause (until the Play button is back) and Play (until
Pause is back). It prints, as markdown, for each N:

- click to answer: from the click until the page shows the other button, median and 95th
  percentile (Playwright's own round trip, a few ms, included);
- chart updates per second per tab: how often the page's epoch changed while playing, counted
  in the page by a MutationObserver;
- the server's CPU (cores, over the measured time) and memory (RSS) before the tabs opened and
  while they played, and the difference per session.

Browsers and server share the machine's cores: on 2 cores, the browsers' drawing takes CPU
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

from tests.e2e_support import launch_chromium  # noqa: E402

CLICK_TIMEOUT = 60_000  # ms: a click not answered by then fails the benchmark
# Counts, in the page, each change of the "Epoch" metric: one per frame the page draws.
COUNT_UPDATES = """() => {
  window.benchUpdates = 0;
  let last = null;
  const epoch = () => {
    const metric = [...document.querySelectorAll('[data-testid=stMetric]')]
      .find(element => element.innerText.includes('Epoch'));
    return metric ? metric.querySelector('[data-testid=stMetricValue]').innerText : null;
  };
  new MutationObserver(() => {
    const value = epoch();
    if (value !== null && value !== last) { last = value; window.benchUpdates += 1; }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def open_tab(context, url, index):
    """A Playground tab with its own seed, and far more epochs than the benchmark trains."""
    page = context.new_page()
    page.goto(f"{url}/?seed={index}&epochs=1000000")
    page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=CLICK_TIMEOUT)
    page.evaluate(COUNT_UPDATES)
    return page


def button(page, name):
    """The Playground's button labelled `name` ("Play", "Pause"), by its widget key (its label
    carries a keyboard hint)."""
    return page.locator(f".st-key-pg_{name.lower()} button:visible")


def click_and_wait(page, name, answer):
    """Click `name`, wait until the page shows button `answer`; return the seconds it took."""
    start = time.perf_counter()
    button(page, name).click(timeout=CLICK_TIMEOUT)
    button(page, answer).wait_for(timeout=CLICK_TIMEOUT)
    return time.perf_counter() - start


def measure(browser, n_tabs, seconds, ttl):
    """One round: a fresh server, N tabs playing for `seconds` with Pause/Play clicks."""
    server = Server(ttl)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        open_tab(context, server.url, 0).close()  # the server's imports, before the baseline
        time.sleep(2)
        rss_before = server.rss_mb()
        pages = [open_tab(context, server.url, index) for index in range(n_tabs)]
        for page in pages:
            click_and_wait(page, "Play", "Pause")
        updates_before = [page.evaluate("window.benchUpdates") for page in pages]
        cpu_before, start = server.cpu_seconds(), time.perf_counter()
        clicks, rss_peak = [], server.rss_mb()
        while time.perf_counter() - start < seconds:
            for page in pages:
                clicks.append(click_and_wait(page, "Pause", "Play"))
                clicks.append(click_and_wait(page, "Play", "Pause"))
                rss_peak = max(rss_peak, server.rss_mb())
                if time.perf_counter() - start >= seconds:
                    break
        elapsed = time.perf_counter() - start
        cpu_cores = (server.cpu_seconds() - cpu_before) / elapsed
        rates = [
            (page.evaluate("window.benchUpdates") - before) / elapsed
            for page, before in zip(pages, updates_before)
        ]
        context.close()
    finally:
        server.stop()
    return {
        "tabs": n_tabs,
        "clicks": clicks,
        "rates": rates,
        "cpu_cores": cpu_cores,
        "rss_before": rss_before,
        "rss_peak": rss_peak,
        "seconds": elapsed,
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def print_header():
    print(f"Machine: {os.cpu_count()} cores.\n")
    print(
        "| tabs | clicks | click to answer: median | 95th pct | updates/s per tab: median "
        "(min-max) | server CPU, cores | server RSS before → peak | per session | load average |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def print_row(result):
    """One round's line, printed as soon as it is measured (a long run keeps what it has)."""
    clicks, rates = result["clicks"], result["rates"]
    per_session = (result["rss_peak"] - result["rss_before"]) / result["tabs"]
    print(
        f"| {result['tabs']} | {len(clicks)} | {statistics.median(clicks):.2f} s "
        f"| {percentile(clicks, 0.95):.2f} s | {statistics.median(rates):.2f} "
        f"({min(rates):.2f}-{max(rates):.2f}) | {result['cpu_cores']:.2f} "
        f"| {result['rss_before']:.0f} → {result['rss_peak']:.0f} MB "
        f"| {per_session:+.1f} MB | {os.getloadavg()[0]:.1f} |",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, nargs="+", default=[5, 10, 15])
    parser.add_argument("--seconds", type=float, default=30.0, help="of Play per round")
    parser.add_argument("--ttl", type=int, default=20, help="server.disconnectedSessionTTL")
    args = parser.parse_args()
    print_header()
    with launch_chromium() as browser:
        for n_tabs in args.tabs:
            print(f"{n_tabs} tabs...", file=sys.stderr, flush=True)
            print_row(measure(browser, n_tabs, args.seconds, args.ttl))


if __name__ == "__main__":
    main()
