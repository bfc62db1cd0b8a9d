"""How quickly an animated page answers Pause while its run plays on it, in a real browser.

Run by hand: `python benchmarks/bench_pause.py --page Network` (or Regression, Compare;
`--before REV`: an earlier commit too).

A page that keeps the browser's main thread busy while it plays makes a click wait for its turn:
the Network page drew five whole Plotly figures at every frame, the Regression page redrew its
whole chart for every picture of the fitted curve. Starts `streamlit run app.py` on a free port,
opens it in headless Chromium at 1280 × 720 (server and browser share this machine's cores),
goes to the page through the navigation (the Playground's run, a million epochs, for the
Network page; the page's own run, made as long, for the others), and several times: presses
Play, lets it play PLAYING_SECONDS, then clicks Pause from inside the page. It measures:

- Pause: seconds from the click event to the first screen refresh that shows the Play button
  again, with the page's own clock (median and 95th percentile);
- how busy the browser's main thread was while playing: the share of the time spent in long
  tasks (over 50 ms, the browser's PerformanceObserver), when a click waits for its turn;
- kB a second the page received over its websocket while playing.

With `--before`, both servers run at once and the rounds alternate, so the machine's noise
hits both alike.
"""

import argparse
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_load import commit_tree  # noqa: E402
from medians_table import print_medians  # noqa: E402

from tests.e2e_support import button, launch_chromium, running_app, wait_for_epoch  # noqa: E402

ROUNDS = 3
CLICKS = 5
PLAYING_SECONDS = 2.5
CLICK_TIMEOUT_MS = 20_000
VIEWPORT = {"width": 1280, "height": 720}

# The main thread's long tasks, added up from now on (one observer per page).
WATCH_LONG_TASKS = """() => {
  window.longTaskMs = 0;
  if (window.watchingLongTasks) return;
  window.watchingLongTasks = true;
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) window.longTaskMs += task.duration;
  }).observe({ type: 'longtask' });
}"""

# Each page's link in the navigation: its Play button's key prefix, and the widget that sets its
# run's epochs (None: the Playground's run, set by the address).
PAGES = {
    "Network": ("pg", None),
    "Regression": ("rg", "rg_epochs"),
    "Compare": ("cmp", "cmp_epochs"),
}
LONG_RUN = "1000000"  # epochs: the run goes on while we click

# Click Pause from inside the page; resolve to the seconds until a screen refresh shows Play.
PAUSE_UNTIL_PLAY = """async ([prefix, timeoutMs]) => {
  const find = (label) => [...document.querySelectorAll(`.st-key-${prefix}_play button`)].find(
    (button) => button.offsetParent !== null && button.innerText.includes(label));
  const start = performance.now();
  find('Pause').click();
  return await new Promise((resolve) => {
    const look = (now) => {
      if (find('Play')) resolve((now - start) / 1000);
      else if (now - start > timeoutMs) resolve(null);
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}"""


def one_round(browser, url, page_name, clicks):
    page = browser.new_page(viewport=VIEWPORT)
    received = []
    page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: received.append(len(payload))),
    )
    prefix, epochs_key = PAGES[page_name]
    page.goto(f"{url}/?epochs={LONG_RUN}")
    wait_for_epoch(page, 0)
    page.locator("[data-testid=stTopNav]").get_by_role("link", name=page_name, exact=True).click()
    page.get_by_role("heading", name=page_name, exact=True).wait_for(timeout=120_000)
    if epochs_key is not None:
        epochs = page.locator(f".st-key-{epochs_key} input")
        epochs.fill(LONG_RUN)
        epochs.press("Enter")
        page.wait_for_timeout(2000)  # the page reruns with the new setting
    play = button(page, f"{prefix}_play")
    pauses, busy_shares, kilobytes_per_second, unanswered = [], [], [], 0
    for _ in range(clicks):
        play.click(timeout=120_000)
        button(page, f"{prefix}_pause").wait_for(timeout=120_000)
        page.evaluate(WATCH_LONG_TASKS)
        bytes_before = sum(received)
        page.wait_for_timeout(PLAYING_SECONDS * 1000)
        busy_shares.append(page.evaluate("() => window.longTaskMs") / (PLAYING_SECONDS * 1000))
        kilobytes_per_second.append((sum(received) - bytes_before) / PLAYING_SECONDS / 1024)
        seconds = page.evaluate(PAUSE_UNTIL_PLAY, [prefix, CLICK_TIMEOUT_MS])
        if seconds is None:
            unanswered += 1
            play.wait_for(timeout=120_000)
        else:
            pauses.append(seconds)
        page.wait_for_timeout(1000)
    page.close()
    return {
        "pause_median": statistics.median(pauses),
        "pause_p95": sorted(pauses)[int(0.95 * (len(pauses) - 1))],
        "main_thread_busy_share": statistics.median(busy_shares),
        "kilobytes_per_second": statistics.median(kilobytes_per_second),
        "clicks_unanswered": unanswered,
    }


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--before", metavar="REV", help="also measure this earlier commit")
    arguments.add_argument("--rounds", type=int, default=ROUNDS)
    arguments.add_argument("--clicks", type=int, default=CLICKS)
    arguments.add_argument("--page", choices=list(PAGES), default="Network")
    options = arguments.parse_args()
    with ExitStack() as stack:
        before = stack.enter_context(commit_tree(options.before))
        versions = {"before": before, "now": ROOT} if before else {"now": ROOT}
        urls = {
            name: stack.enter_context(running_app("app.py", cwd=folder))
            for name, folder in versions.items()
        }
        browser = stack.enter_context(launch_chromium())
        results = {name: [] for name in versions}
        for round_number in range(options.rounds):
            for name, url in urls.items():
                result = one_round(browser, url, options.page, options.clicks)
                results[name].append(result)
                figures = ", ".join(f"{key}={value:.2f}" for key, value in result.items())
                print(f"round {round_number + 1}, {name}: {figures}", flush=True)
    print_medians(results, options.rounds)


if __name__ == "__main__":
    main()
