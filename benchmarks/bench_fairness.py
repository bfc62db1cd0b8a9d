"""One greedy student beside a small one: does the small one keep its pace?

Run by hand: `python benchmarks/bench_fairness.py` (2 rounds of 20 s);
`--before main` measures an earlier commit's app too, the rounds alternating between the two
so the machine's noise hits both alike; `--quick` for one round of 10 s.

On one `streamlit run app.py` (tabs driven over the websocket, tests/streamlit_driver.py):

1. one tab plays the default network (the book's 2-64-3 on the spiral) alone: its chart
   updates per second;
2. a second tab plays a greedy run beside it (4 layers × 256 neurons on 8 classes × 1,000
   points: benchmarks/bench_load.py's BIG_NETWORK): the small tab's updates per second now,
   and the greedy one's;
3. the small tab's share of its pace kept (target: at least 80 %), and how long its Pause
   click took beside the greedy one.

Timings on a shared machine are noisy: compare figures measured side by side.
"""

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_load import Server, commit_tree, session_query  # noqa: E402
from medians_table import print_medians  # noqa: E402

from tests.streamlit_driver import PAUSE, PLAY, PlaygroundTab  # noqa: E402

SMALL = "epochs=1000000"  # the default run, long enough not to end while measured


def rate(tab, start, end):
    """Chart updates per second the tab received between `start` and `end` (perf_counter)."""
    return sum(1 for update in tab.updates if start <= update.seconds <= end) / (end - start)


async def one_round(server, seconds):
    loop = asyncio.get_running_loop()
    small = PlaygroundTab(server.stream_url, SMALL)
    greedy = PlaygroundTab(server.stream_url, session_query(0, big=True))
    await small.open(timeout=120)
    await greedy.open(timeout=120)
    try:
        await small.click(PLAY, timeout=120)
        await asyncio.sleep(1)  # past the first frames
        start = loop.time()
        await asyncio.sleep(seconds)
        alone = rate(small, start, loop.time())
        await greedy.click(PLAY, timeout=120)
        await asyncio.sleep(3)  # the greedy run's first frames (its epoch is timed)
        start = loop.time()
        await asyncio.sleep(seconds)
        end = loop.time()
        beside, greedy_rate = rate(small, start, end), rate(greedy, start, end)
        pause = await small.click(PAUSE, timeout=120)
        await greedy.click(PAUSE, timeout=120)
    finally:
        await small.close()
        await greedy.close()
    return {
        "small alone, updates/s": alone,
        "small beside 1 greedy, updates/s": beside,
        "small's pace kept, %": 100 * beside / alone if alone else 0.0,
        "greedy, updates/s": greedy_rate,
        "small's Pause beside it, s": pause,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="of each measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--before", metavar="REV", help="also measure this earlier commit")
    parser.add_argument("--quick", action="store_true", help="one round of 10 s")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rounds = 10.0, 1
    with commit_tree(args.before) as before:
        folders = {"now": ROOT} if before is None else {"before": before, "now": ROOT}
        servers = {name: Server(60, folder=folder) for name, folder in folders.items()}
        results = {name: [] for name in folders}
        try:
            for round_number in range(args.rounds):
                for name, server in servers.items():
                    result = asyncio.run(one_round(server, args.seconds))
                    results[name].append(result)
                    figures = ", ".join(f"{key} {value:.2f}" for key, value in result.items())
                    print(f"round {round_number + 1}, {name}: {figures}", flush=True)
        finally:
            for server in servers.values():
                server.stop()
    print_medians(results, args.rounds)


if __name__ == "__main__":
    main()
