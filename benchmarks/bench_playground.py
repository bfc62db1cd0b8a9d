"""How fast the Playground trains and redraws in a real browser.

Run by hand: `python benchmarks/bench_playground.py`.

Starts `streamlit run app.py` on a free port, opens it in headless Chromium (server and browser
share this machine's cores, as on a teacher's laptop), presses Play at "max" speed with the book's
settings (spiral 100 × 3, 2-64-3, SGD 1.0, 10,001 epochs) and measures:

- wall-clock seconds from the click until the page shows epoch 10,001;
- chart updates per second (Plotly's `plotly_afterplot` events on the two live charts);
- blank or faded frames: sampled every 50 ms, a chart that had drawn its traces and shows none,
  or a chart below full opacity;
- the bytes the server sends per update (websocket frames received by the page).

Repeats a few times and prints the median of each figure.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e_support import button, launch_chromium, running_app  # noqa: E402

TARGET_EPOCHS = 10_001
ROUNDS = 3

INSTALL_COUNTERS = """() => {
  window.__updates = 0;
  window.__blank = 0;
  window.__faded = 0;
  window.__samples = 0;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    plot.on('plotly_afterplot', () => { window.__updates += 1; });
  }
  window.__sampler = setInterval(() => {
    window.__samples += 1;
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
      // Blank: a chart that had drawn its traces and then shows none.
      const traces = plot.querySelectorAll('.scatterlayer .trace, .imagelayer image').length;
      if (traces > 0) plot.__hadTraces = true;
      else if (plot.__hadTraces) window.__blank += 1;
      let opacity = 1;
      for (let node = plot; node; node = node.parentElement) {
        opacity *= parseFloat(getComputedStyle(node).opacity);
      }
      if (opacity < 0.99) window.__faded += 1;
    }
  }, 50);
}"""


def epoch_shown(page):
    text = page.locator("[data-testid=stMetricValue]").first.inner_text()
    return int(text.replace(",", ""))


def one_round(browser, url):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    received = []
    page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: received.append(len(payload))),
    )
    page.goto(url)
    page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)
    while page.evaluate("() => document.querySelectorAll('.js-plotly-plot .main-svg').length") < 2:
        time.sleep(0.1)
    time.sleep(1.0)
    page.evaluate(INSTALL_COUNTERS)
    bytes_before = sum(received)
    start = time.perf_counter()
    button(page, "pg_play").click()
    while epoch_shown(page) < TARGET_EPOCHS:
        if time.perf_counter() - start > 120:
            raise TimeoutError("the run did not finish within 120 s")
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    counters = page.evaluate(
        "() => ({updates: window.__updates, blank: window.__blank, faded: window.__faded,"
        " samples: window.__samples})"
    )
    page.close()
    chart_updates = counters["updates"] / 2  # two charts redraw per frame
    return {
        "seconds": seconds,
        "updates_per_second": chart_updates / seconds,
        "blank_samples": counters["blank"],
        "faded_samples": counters["faded"],
        "samples": counters["samples"],
        "kilobytes_per_update": (sum(received) - bytes_before) / max(chart_updates, 1) / 1024,
    }


def main():
    results = []
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        for round_number in range(ROUNDS):
            result = one_round(browser, url)
            results.append(result)
            figures = ", ".join(f"{name}={value:.2f}" for name, value in result.items())
            print(f"round {round_number + 1}: {figures}")
    print()
    print(f"| figure | median of {ROUNDS} runs | target |")
    print("| --- | --- | --- |")
    targets = {
        "seconds": "≤ 5 s",
        "updates_per_second": "≥ 5 /s",
        "blank_samples": "0",
        "faded_samples": "0",
        "kilobytes_per_update": "≤ 150 kB",
    }
    for name, target in targets.items():
        value = statistics.median(result[name] for result in results)
        print(f"| {name.replace('_', ' ')} | {value:.2f} | {target} |")


if __name__ == "__main__":
    main()
