"""A classroom on one server: N sessions train at once on one `streamlit run app.py`.

Run by hand: `python benchmarks/bench_load.py` (30 sessions, 60 s of Play);
`--sessions 10 --seconds 20` for a quick look; `--background` for what a hidden tab costs;
`--greedy 3` for three greedy students among them; `--before REV` to measure an earlier
commit's app too, one after the other, or both at once with `--side-by-side`, and `--rounds N`
to measure them N times (on a busy machine two runs of the same commit differ by ±50 %: compare
them side by side, round after round);
`--watch`: the tabs press Play and watch, clicking nothing until the final Pause (a class
watching its networks learn; without it, each tab clicks Pause, Step and Play every 4-8 s);
`--clicks-only` skips the memory phases (benchmarks/bench_fairness.py measures one small
session alone and beside a greedy one).

Starts the app on a free loopback port and drives N Playground tabs over Streamlit's
websocket (tests/streamlit_driver.py: the browser's side of the protocol, without a browser:
30 Chromium pages would not fit on 2 cores). Each tab opens its own link (its own seed,
dataset, hidden layers and "Epochs to train"), presses Play, and every few seconds clicks
Pause, Step 1 epoch and Play again. `--greedy N` tabs (1 by default) are greedy students: they
train a big network (4 layers × 256 neurons on 8 classes × 1,000 points), to check that they do
not starve the others. Then it prints, as markdown:

- click to answer: from sending a click until the server's answer shows its effect
  (Pause/Step: the Play button drawn and, for Step, the epoch one more), median and 95th
  percentile;
- chart updates and pictures per second per session, while playing (each update of the
  decision regions carries a clip of pictures that the browser plays one after the other);
- the server's memory (RSS) before, during and after, per session; after the tabs close
  and Streamlit's `server.disconnectedSessionTTL` has passed; and after a second wave of
  N tabs (if the first wave's memory was not freed, the second adds to it);
- isolation: every update a tab received shows its own run ("Epochs to train", the first
  point of its loss curve, its data points), and its last numbers equal those of the same
  run trained here, outside the server.
"""

import argparse
import asyncio
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratchnet import build_trainer  # noqa: E402
from tests.e2e_support import free_port, wait_until_healthy  # noqa: E402
from tests.streamlit_driver import PAUSE, PLAY, STEP, PlaygroundTab, own_run  # noqa: E402
from ui.figures.numbers import metric_number  # noqa: E402
from ui.settings.url_state import decode_query  # noqa: E402

DATASETS = ["spiral", "moons", "circles", "xor", "blobs", "vertical"]
HIDDEN = ["16", "32", "16,8", "64", "8,8", "32,16"]
# A greedy student's run: one epoch and one picture of it take most of a second.
BIG_NETWORK = "dataset=spiral&classes=8&samples=1000&hidden=256,256,256,256"
MAX_EPOCHS = 1_000_000
CLICK_TIMEOUT = 60  # seconds: a click not answered by then counts as unanswered
CHECKED_EPOCHS = 1_500
CLICKS = (PAUSE, STEP, PLAY)  # the reference check retrains each run up to about this epoch


# --- the sessions' setups ---------------------------------------------------------------------


def session_query(index, big=False):
    """Tab `index`'s link: its own seed and "Epochs to train" (shown as "Epoch (of N)")."""
    epochs = MAX_EPOCHS - index
    if big:
        return f"{BIG_NETWORK}&seed={100 + index}&epochs={epochs}"
    dataset = DATASETS[index % len(DATASETS)]
    hidden = HIDDEN[(index // len(DATASETS)) % len(HIDDEN)]
    return f"dataset={dataset}&hidden={hidden}&seed={100 + index}&epochs={epochs}"


def trainer_for(query):
    """The run a link starts, built here as the app builds it."""
    return build_trainer(decode_query(parse_qs(query)).config)


@dataclass
class Expected:
    """What every update of one tab must show: its own run's fingerprints."""

    epoch_label: str
    first_loss: float  # float32, as the chart sends it
    points: bytes  # the training points, sorted, float32


def expected_for(query):
    return Expected(*own_run(query))


# --- the server ---------------------------------------------------------------------------------


class Server:
    """`streamlit run app.py` on a free port, with its process id for memory and CPU."""

    def __init__(self, ttl_seconds, options=(), folder=ROOT):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stream_url = f"ws://127.0.0.1:{self.port}/_stcore/stream"
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (stop() closes it)
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.disconnectedSessionTTL", str(ttl_seconds),
            *options,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=folder, stdout=self.log, stderr=subprocess.STDOUT
        )
        wait_until_healthy(self.url, 60, self.process)

    def rss_mb(self):
        """Resident memory of the server process, MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def cpu_seconds(self):
        """User + system CPU time the server has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.seek(0)
        output = self.log.read()
        self.log.close()
        return output


# --- one tab's part -------------------------------------------------------------------------------


@dataclass
class TabRecord:
    """What one tab measured."""

    query: str
    big: bool
    clicks: dict = field(default_factory=lambda: {PAUSE: [], STEP: [], PLAY: []})
    playing_intervals: list = field(default_factory=list)  # (start, end) while playing
    open_seconds: float = 0.0


async def timed_click(tab, record, label):
    """Click; record the seconds to the answer, or None when none came within CLICK_TIMEOUT."""
    try:
        record.clicks[label].append(await tab.click(label, timeout=CLICK_TIMEOUT))
    except TimeoutError:
        record.clicks[label].append(None)


async def play_with_clicks(tab, record, seconds, rng):
    """Press Play; every 4-8 s click Pause, Step 1 epoch and Play again; Pause at the end."""
    end = time.perf_counter() + seconds
    await timed_click(tab, record, PLAY)
    started = time.perf_counter()
    while True:
        wait = rng.uniform(4, 8)
        if time.perf_counter() + wait > end:
            await asyncio.sleep(max(0.0, end - time.perf_counter()))
            break
        await asyncio.sleep(wait)
        await timed_click(tab, record, PAUSE)
        record.playing_intervals.append((started, time.perf_counter()))
        await asyncio.sleep(0.3)
        await timed_click(tab, record, STEP)
        await timed_click(tab, record, PLAY)
        started = time.perf_counter()
    if tab.playing:
        await timed_click(tab, record, PAUSE)
    record.playing_intervals.append((started, time.perf_counter()))


async def play_and_watch(tab, record, seconds, rng):
    """A class that watches (`--watch`): press Play, watch `seconds`, Pause at the end. (`rng`
    unused: the arguments of `play_with_clicks`, so that either plays a tab.)"""
    await timed_click(tab, record, PLAY)
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    await timed_click(tab, record, PAUSE)
    record.playing_intervals.append((started, time.perf_counter()))


def updates_per_second(tab, record):
    playing = sum(end - start for start, end in record.playing_intervals)
    count = sum(
        1
        for update in tab.updates
        for start, end in record.playing_intervals
        if start <= update.seconds <= end
    )
    return count / playing if playing else 0.0


def pictures_per_second(tab, record):
    """Pictures of the decision regions the tab received per second while playing."""
    playing = sum(end - start for start, end in record.playing_intervals)
    count = sum(
        pictures
        for arrival, pictures in tab.pictures
        for start, end in record.playing_intervals
        if start <= arrival <= end
    )
    return count / playing if playing else 0.0


def isolation_problems(tab, expected):
    """Every way a tab's updates show something that is not its own run."""
    problems = []
    if not tab.updates:
        problems.append("received no update")
    for update in tab.updates:
        if update.epoch_label != expected.epoch_label:
            problems.append(f"showed {update.epoch_label!r}, not {expected.epoch_label!r}")
        if update.first_loss is not None and update.first_loss != expected.first_loss:
            problems.append(f"showed a loss curve starting at {update.first_loss}")
    epochs = [update.epoch for update in tab.updates]
    if epochs != sorted(epochs):
        problems.append("its epoch went backwards")
    if tab.regions_fingerprints != {expected.points}:
        problems.append(f"showed {len(tab.regions_fingerprints)} sets of data points")
    problems.extend(tab.exceptions)
    return problems


def reference_problems(tab, query):
    """Train the tab's run here up to its last update at or below CHECKED_EPOCHS and compare
    the numbers shown: the same run, trained the same way, shows the same loss."""
    shown = [u for u in tab.updates if 0 < u.epoch <= CHECKED_EPOCHS and u.loss_text != "—"]
    if not shown:
        return []
    update = shown[-1]
    trainer = trainer_for(query)
    trainer.step(update.epoch)
    last = trainer.history.last()
    loss = metric_number(last["data_loss"] + last["regularization_loss"])  # as the page writes it
    if loss != update.loss_text:
        return [f"at epoch {update.epoch} showed loss {update.loss_text}, its run has {loss}"]
    return []


# --- the phases -----------------------------------------------------------------------------------


async def sample_memory(server, samples, stop):
    while not stop.is_set():
        samples.append(server.rss_mb())
        await asyncio.sleep(0.5)


async def open_tabs(server, queries, records, tick=None):
    async def open_one(query, record):
        tab = PlaygroundTab(server.stream_url, query, timer_interval=tick)
        start = time.perf_counter()
        await tab.open(timeout=180)
        record.open_seconds = time.perf_counter() - start
        return tab

    return await asyncio.gather(*(open_one(q, r) for q, r in zip(queries, records)))


async def open_and_close_one(server):
    """A visit that also makes Streamlit reap expired disconnected sessions (it does on a save)."""
    tab = PlaygroundTab(server.stream_url, "")
    await tab.open()
    await tab.close()


async def memory_after_closing(server, queries, args, report):
    """The memory phases: after the tabs closed, after their TTL, after a second wave."""
    await asyncio.sleep(2)
    report["rss_closed"] = server.rss_mb()
    await asyncio.sleep(args.ttl + 2)
    await open_and_close_one(server)
    await asyncio.sleep(2)
    report["rss_expired"] = server.rss_mb()

    # A second wave: if the first wave's sessions were not freed, this adds to them.
    wave = [TabRecord(query, big=False) for query in queries]
    tabs = await open_tabs(server, queries, wave, args.tick)
    await asyncio.gather(*(timed_click(tab, record, PLAY) for tab, record in zip(tabs, wave)))
    await asyncio.sleep(args.seconds / 4)
    await asyncio.gather(*(timed_click(tab, record, PAUSE) for tab, record in zip(tabs, wave)))
    report["rss_second_wave"] = server.rss_mb()
    for tab in tabs:
        await tab.close()


def is_greedy(index, args):
    """The first `args.greedy` tabs are the greedy ones."""
    return index < args.greedy


async def run(args, folder=ROOT):
    load_before = os.getloadavg()
    queries = [session_query(i, big=is_greedy(i, args)) for i in range(args.sessions)]
    expected = [expected_for(query) for query in queries]
    distinct_runs = len({(e.first_loss, e.points) for e in expected})
    server = await asyncio.to_thread(Server, args.ttl, server_options(args), folder)
    report = {"load_before": load_before, "distinct_runs": distinct_runs}
    try:
        await open_and_close_one(server)  # warm up: imports, the first page run
        await asyncio.sleep(1)
        report["rss_start"] = server.rss_mb()

        records = [TabRecord(query, big=is_greedy(i, args)) for i, query in enumerate(queries)]
        tabs = await open_tabs(server, queries, records, args.tick)
        report["rss_opened"] = server.rss_mb()

        memory, stop = [], asyncio.Event()
        sampler = asyncio.create_task(sample_memory(server, memory, stop))
        cpu_start, client_start = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
        play_start = time.perf_counter()
        rngs = [random.Random(i) for i in range(args.sessions)]
        play = play_and_watch if args.watch else play_with_clicks
        await asyncio.gather(*(play(t, r, args.seconds, g) for t, r, g in zip(tabs, records, rngs)))
        play_seconds = time.perf_counter() - play_start
        client_end = resource.getrusage(resource.RUSAGE_SELF)
        report["server_cores"] = (server.cpu_seconds() - cpu_start) / play_seconds
        report["client_cores"] = (
            client_end.ru_utime + client_end.ru_stime - client_start.ru_utime
            - client_start.ru_stime
        ) / play_seconds  # fmt: skip
        stop.set()
        await sampler
        report["rss_peak"] = max(memory)
        report["rss_played"] = server.rss_mb()
        report["load_during"] = os.getloadavg()

        # Retraining a greedy run here would take minutes: its isolation is checked, not its loss.
        report["isolation"] = [
            isolation_problems(tab, e) + ([] if r.big else reference_problems(tab, q))
            for tab, e, q, r in zip(tabs, expected, queries, records)
        ]
        report["records"] = records
        report["updates_per_second"] = [updates_per_second(t, r) for t, r in zip(tabs, records)]
        report["pictures_per_second"] = [pictures_per_second(t, r) for t, r in zip(tabs, records)]
        report["epochs"] = [tab.epoch for tab in tabs]

        for tab in tabs:
            await tab.close()
        if not args.clicks_only:
            await memory_after_closing(server, queries, args, report)
        report["server_alive"] = server.alive()
    finally:
        log = server.stop()
    report["server_errors"] = log.count("Traceback")
    if report["server_errors"]:
        Path("bench_load_server.log").write_text(log)  # for a look at what went wrong
    return report


# --- the report -----------------------------------------------------------------------------------


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def print_report(args, report):
    records = report["records"]
    n = args.sessions
    print(f"# Load: {n} sessions on one server, {args.seconds:.0f} s of Play\n")
    print(
        f"Machine load average before: {report['load_before'][0]:.2f}; "
        f"during (1 min): {report['load_during'][0]:.2f}. Server used "
        f"{report['server_cores']:.2f} cores, this driver {report['client_cores']:.2f}.\n"
    )
    print("| click | sessions | clicks | unanswered | median | 95th percentile | max |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    groups = (("all", (False, True)), ("small networks", (False,)), ("greedy", (True,)))
    for label in (PAUSE, STEP, PLAY):
        for name, chosen in groups:
            clicks = [t for r in records if r.big in chosen for t in r.clicks[label]]
            times = [t for t in clicks if t is not None]
            if times:
                print(
                    f"| {label} | {name} | {len(clicks)} | {len(clicks) - len(times)} | "
                    f"{statistics.median(times):.2f} s | {percentile(times, 0.95):.2f} s | "
                    f"{max(times):.2f} s |"
                )
    small = [u for u, r in zip(report["updates_per_second"], records) if not r.big]
    big = [u for u, r in zip(report["updates_per_second"], records) if r.big]
    small_pictures = [p for p, r in zip(report["pictures_per_second"], records) if not r.big]
    big_pictures = [p for p, r in zip(report["pictures_per_second"], records) if r.big]
    opened = [r.open_seconds for r in records]
    print(
        f"\nChart updates per second per session while playing: median "
        f"{statistics.median(small):.2f} (min {min(small):.2f}, max {max(small):.2f})"
        + (f"; the greedy ones: {', '.join(f'{rate:.2f}' for rate in big)}" if big else "")
        + f". Pictures per second per session while playing: median "
        f"{statistics.median(small_pictures):.1f} (min {min(small_pictures):.1f})"
        + (f"; the greedy ones: {', '.join(f'{rate:.1f}' for rate in big_pictures)}" if big else "")
        + f". Epochs reached: {statistics.median(report['epochs']):,.0f} median."
        f"\nOpening the page, all {n} at once: median {statistics.median(opened):.1f} s, "
        f"max {max(opened):.1f} s.\n"
    )
    print_memory(args, report)
    problems = [(i, p) for i, ps in enumerate(report["isolation"]) for p in ps]
    print(
        f"\nIsolation: {report['distinct_runs']} distinct runs among {n} tabs; "
        f"{sum(len(t.clicks[PAUSE]) for t in records)} Pause clicks; "
        + ("every update each tab received was its own run's." if not problems else "PROBLEMS:")
    )
    for index, problem in problems[:20]:
        print(f"- tab {index} ({records[index].query}): {problem}")
    per_session = (report["rss_peak"] - report["rss_start"]) / n
    print(
        f"\nServer alive at the end: {report['server_alive']}; tracebacks in its log: "
        f"{report['server_errors']}. Memory per session at the peak: {per_session:.1f} MB."
    )


def print_memory(args, report):
    """The server's memory at each phase (those measured: --clicks-only skips the last ones)."""
    n = args.sessions
    start = report["rss_start"]
    print("| server memory (RSS) | MB | per session |")
    print("| --- | ---: | ---: |")
    print(f"| after one visit (baseline) | {start:.0f} | |")
    for name, key in (
        (f"{n} tabs opened", "rss_opened"),
        (f"peak while {n} tabs played", "rss_peak"),
        ("when they paused", "rss_played"),
        ("2 s after they closed", "rss_closed"),
        (f"after the TTL ({args.ttl} s) and one more visit", "rss_expired"),
        (f"after a second wave of {n} tabs", "rss_second_wave"),
    ):
        if key in report:
            print(f"| {name} | {report[key]:.0f} | {(report[key] - start) / n:+.1f} MB |")


async def background_costs(args):
    """What one playing tab costs the server: visible (timer every 50 ms), hidden (the browser
    throttles the timer to once a second), and paused."""
    server = Server(args.ttl, server_options(args))
    try:
        await open_and_close_one(server)
        results = []
        for name, interval in (("visible, playing", None), ("hidden, playing", 1.0)):
            tab = PlaygroundTab(server.stream_url, session_query(1), timer_interval=interval)
            await tab.open()
            await tab.click(PLAY)
            cpu = server.cpu_seconds()
            await asyncio.sleep(args.seconds)
            results.append((name, (server.cpu_seconds() - cpu) / args.seconds, len(tab.updates)))
            await tab.click(PAUSE)
            cpu = server.cpu_seconds()
            await asyncio.sleep(args.seconds)
            if interval is None:
                results.append(("paused (idle)", (server.cpu_seconds() - cpu) / args.seconds, 0))
            await tab.close()
    finally:
        server.stop()
    print(f"| one tab ({args.seconds:.0f} s each) | server CPU, cores |")
    print("| --- | ---: |")
    for name, cores, _ in results:
        print(f"| {name} | {cores:.2f} |")


def server_options(args):
    """--option runner.fastReruns=false -> ["--runner.fastReruns", "false"]."""
    return [part for option in args.option for part in ("--" + option).split("=", 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0, help="of Play per session")
    parser.add_argument("--ttl", type=int, default=20, help="server.disconnectedSessionTTL")
    parser.add_argument(
        "--greedy", type=int, default=1, help="tabs playing a big network (4 × 256, 8,000 points)"
    )
    parser.add_argument("--before", metavar="REV", help="also measure this earlier commit")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure before and now this many times, in turn"
    )
    parser.add_argument(
        "--side-by-side", action="store_true", help="with --before: both servers at once"
    )
    parser.add_argument(
        "--clicks-only", action="store_true", help="skip the memory phases after the tabs close"
    )
    parser.add_argument(
        "--watch", action="store_true", help="the tabs press Play and watch: no Pause/Step/Play"
    )
    parser.add_argument("--background", action="store_true", help="what a hidden tab costs")
    parser.add_argument(
        "--tick",
        type=float,
        default=None,
        help="the tabs' animation timer, seconds (default: the app's run_every)",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Streamlit option for the server, e.g. runner.fastReruns=false",
    )
    args = parser.parse_args()
    if args.background:
        asyncio.run(background_costs(args))
        return
    rounds = []  # (round, name, report)
    with commit_tree(args.before) as before:
        apps = [(name, folder) for name, folder in (("before", before), ("now", ROOT)) if folder]
        for number in range(1, args.rounds + 1):
            if args.side_by_side:
                reports = asyncio.run(side_by_side(args, [folder for _, folder in apps]))
            else:
                reports = [asyncio.run(run(args, folder)) for _, folder in apps]
            for (name, _), report in zip(apps, reports):
                print(f"\n## Round {number}, {name}\n", flush=True)
                print_report(args, report)
                rounds.append((number, name, report))
    print_rounds(rounds)


async def side_by_side(args, folders):
    """Measure every app at once, one server each: on a machine whose load changes from minute
    to minute, both see the same load."""
    return await asyncio.gather(*(run(args, folder) for folder in folders))


def print_rounds(rounds):
    """One line per round and app: the figures to compare side by side."""
    print("\n## Every round\n")
    print(
        "| round | app | Pause p95 | Step p95 | Play p95 | all clicks p95 | unanswered "
        "| small sessions' pictures/s (median) | server cores |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for number, name, report in rounds:
        records = report["records"]
        by_label = {label: [t for r in records for t in r.clicks[label]] for label in CLICKS}
        every = [t for times in by_label.values() for t in times]
        answered = [t for t in every if t is not None]
        p95 = []
        for label in CLICKS:
            times = [t for t in by_label[label] if t is not None]
            p95.append(f"{percentile(times, 0.95):.2f} s" if times else "—")
        pictures = [p for p, r in zip(report["pictures_per_second"], records) if not r.big]
        print(
            f"| {number} | {name} | {' | '.join(p95)} | {percentile(answered, 0.95):.2f} s | "
            f"{len(every) - len(answered)} | {statistics.median(pictures):.1f} | "
            f"{report['server_cores']:.2f} |"
        )


@contextmanager
def commit_tree(revision):
    """A temporary checkout of `revision` (None: no checkout), removed afterwards."""
    if revision is None:
        yield None
        return
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / "before"
        worktree = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*worktree, "add", "--detach", str(folder), revision], check=True)
        try:
            yield folder
        finally:
            subprocess.run([*worktree, "remove", "--force", str(folder)], check=False)


if __name__ == "__main__":
    main()
