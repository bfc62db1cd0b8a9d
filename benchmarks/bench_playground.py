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
- bytes per second over the websocket while playing;
- Pause and Step: seconds from the click until the page shows the paused / stepped epoch and
  its picture (median and 95th percentile of several clicks).

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
CLICKS = 8
VIEWPORT = {"width": 1280, "height": 720}

COUNT_PAINTED_PICTURES = """() => {
  const canvas = document.querySelector('.live-chart canvas.region-pictures');
  window.distinctPictures = 0;
  let last = null;
  const sample = () => {
    const {data} = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0;
    for (let i = 0; i < data.length; i += 61) hash = (hash * 31 + data[i]) | 0;
    if (hash !== last) { window.distinctPictures += 1; last = hash; }
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
}"""


def epoch_shown(page):
    text = page.locator("[data-testid=stMetricValue]").first.inner_text()
    return int(text.replace(",", ""))


def film(page):
    """(epoch of the picture on screen, pictures shown, clips received) of the regions chart."""
    plot = page.locator(".live-chart").first
    names = ("data-shown-epoch", "data-pictures-shown", "data-clips-received")
    return [int(plot.get_attribute(name) or -1) for name in names]


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
    wait_for(lambda: film(page)[0] >= 0)
    time.sleep(1.0)
    return page


def one_round(browser, url):
    received = []
    page = open_page(browser, url, received)
    page.evaluate(COUNT_PAINTED_PICTURES)
    bytes_before = sum(received)
    _, pictures_before, clips_before = film(page)
    start = time.perf_counter()
    button(page, "pg_play").click()
    wait_for(lambda: film(page)[0] >= TARGET_EPOCHS)
    seconds = time.perf_counter() - start
    _, pictures, clips = film(page)
    distinct = page.evaluate("() => window.distinctPictures")
    result = {
        "seconds": seconds,
        "distinct_pictures_per_second": distinct / seconds,
        "clips_per_second": (clips - clips_before) / seconds,
        "pictures_per_clip": (pictures - pictures_before) / max(clips - clips_before, 1),
        "kilobytes_per_second": (sum(received) - bytes_before) / seconds / 1024,
    }
    result.update(click_latencies(page))
    page.close()
    return result


def click_latencies(page):
    """Pause and Step while a long run plays: seconds until the page shows their epoch."""
    epochs = page.get_by_label("Epochs to train")
    epochs.fill("1000000")
    epochs.press("Enter")
    time.sleep(2.0)
    pauses, steps = [], []
    for _ in range(CLICKS):
        button(page, "pg_play").click()
        time.sleep(1.0)
        start = time.perf_counter()
        button(page, "pg_pause").click()
        wait_for(lambda: button(page, "pg_play").count() == 1)
        wait_for(lambda: film(page)[0] == epoch_shown(page))
        pauses.append(time.perf_counter() - start)
        before = epoch_shown(page)
        start = time.perf_counter()
        button(page, "pg_step").click()
        stepped = before + 1
        wait_for(lambda stepped=stepped: epoch_shown(page) == film(page)[0] == stepped)
        steps.append(time.perf_counter() - start)
    return {
        "pause_median": statistics.median(pauses),
        "pause_p95": sorted(pauses)[int(0.95 * (len(pauses) - 1))],
        "step_median": statistics.median(steps),
        "step_p95": sorted(steps)[int(0.95 * (len(steps) - 1))],
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
        "seconds": "≤ 4 s",
        "distinct_pictures_per_second": "≥ 30",
        "clips_per_second": "",
        "pictures_per_clip": "",
        "kilobytes_per_second": "≤ 100 kB/s",
        "pause_median": "",
        "pause_p95": "≤ 0.25 s",
        "step_median": "",
        "step_p95": "≤ 0.25 s",
    }
    for name, target in targets.items():
        value = statistics.median(result[name] for result in results)
        print(f"| {name.replace('_', ' ')} | {value:.2f} | {target} |")


if __name__ == "__main__":
    main()
