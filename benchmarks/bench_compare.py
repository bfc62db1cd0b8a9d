"""What does the Compare page cost: training several runs side by side, and drawing its frames?

    python benchmarks/bench_compare.py              # a minute or two on a quiet 2-core machine
    python benchmarks/bench_compare.py --epochs 500 # a quick look

As the app does, NumPy's BLAS uses one thread (scratchnet/threads.py). The Compare page's
learning-rate set-up: 4 runs on the book's spiral (100 × 3 points, 2-64-3,
ReLU, SGD at learning rates 0.01 / 0.1 / 1 / 10, all from the same initial weights).

**Training**, as the page trains: frames of FRAME_BUDGET seconds (`train_in_pictures`: the
frame's time in PICTURES_PER_FRAME slices, every run's parameters kept after each slice for the
film), every run in lock step, to EPOCHS epochs each. In alternation, so that background load
hits both alike:

- **alone**: each run by itself (a RunGroup of one);
- **together**: the four in one RunGroup.

Prints the medians over the rounds and the ratios: together / slowest alone and together / the
sum of the four alone (the overhead of training side by side).

**Drawing a frame**, as the page draws it (`ui.views.compare.draw`, the real code, run without
a Streamlit server: its elements are built and serialized, not sent), for 1 run and for 4:

- **while playing** (a frame of the animation, a fragment rerun): the film of the frame's
  pictures (each run's 56 × 56 decision regions for each picture kept, computed by the NumPy
  network, packed as bytes), the curves' new points only, the points' figure at most once a
  second, the table;
- **a whole page run** (Pause, a click, the page opened): every chart's whole figure and one
  picture per run, the run's true state.

For each: the median milliseconds a frame's drawing takes on the server, and the kB of chart
data it hands to the browser (the components' data as JSON; Streamlit's own framing and the
table not counted). What the browser then does with them (unpack, blend, paint) is measured by
`bench_playground.py` for the Playground, not here.

Measured on 2026-12-07 with the machine far beyond busy (load average 16-25 on its 2 cores from
other programs: slow and noisy figures):

    alone: SGD lr 0.01 1.28 s, lr 0.1 1.19 s, lr 1 0.96 s, lr 10 1.11 s; the 4 together 4.92 s
    together / slowest alone: 3.84;  together / sum of the 4 alone: 1.08

    | runs | while playing: ms | kB | a whole page run: ms | kB |
    | 1    | 28.3              | 2.4 | 9.2                 | 18.8 |
    | 4    | 99.5              | 9.0 | 25.5                | 66.3 |

Reading it: the engine trains one network at a time, and at 300 points × 64 neurons an epoch's
cost is mostly the fixed cost of its NumPy calls, so four runs cost about four times one. A
frame while playing sends little (the pictures as bytes, the curves' new points: 9 kB for four
runs, against 66 kB for whole figures) but costs the server more than a whole page run: its
film has a picture per run per slice of training (4 × 5 pictures, each a forward pass over
80 × 80 grid points then, 56 × 56 since; cProfile: 85 % of the frame in `grid_probabilities`
at 80 × 80), where a whole page run draws one per run. On this loaded machine that is most of
a frame period (1/8 s). (Before the film, on 2026-11-25 at load 3-6, a frame drew whole
figures: 3.3 ms for one run, 12.7 ms for four.)
"""

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from scratchnet.threads import use_one_blas_thread  # noqa: E402
from ui.charts import live_chart  # noqa: E402
from ui.run.run_group import RunGroup  # noqa: E402
from ui.settings.compare_runs import QUICK_SETUPS, SharedSettings, make_config  # noqa: E402
from ui.views import compare as compare_view  # noqa: E402
from ui.views import films  # noqa: E402

FRAME_BUDGET = 0.1  # seconds of training per frame
EPOCHS = 2000
ROUNDS = 3
FRAMES = 30  # frames drawn while playing, per group
SETUP = "Learning rate 0.01 / 0.1 / 1 / 10"
TARGET_ACCURACY = 90  # percent, the page's "target accuracy" control


def train_to_the_end(configs):
    """Seconds to train every run to the group's epochs, frame by frame, as the page does."""
    group = RunGroup(configs)
    group.play()
    start = time.perf_counter()
    while group.playing:
        group.train_in_pictures(FRAME_BUDGET)
        group.pictures = []  # the page takes them when it draws the next frame
    seconds = time.perf_counter() - start
    assert all(run.epoch == group.total_epochs for run in group.runs), "a run did not finish"
    return seconds


def training(configs, rounds):
    """Each run alone, then the group, `rounds` times: the median seconds of each."""
    alone = {index: [] for index in range(len(configs))}
    together = []
    for round_number in range(rounds):
        for index, config in enumerate(configs):
            alone[index].append(train_to_the_end([config]))
        together.append(train_to_the_end(configs))
        print(f"training, round {round_number + 1}/{rounds} done", file=sys.stderr)
    return [statistics.median(times) for times in alone.values()], statistics.median(together)


class ChartData:
    """Counts the bytes of chart data a frame hands to the browser: every live chart's data,
    as JSON, on its way to the component."""

    def __init__(self):
        self.sizes = []
        self.component = live_chart._live_chart_component

    def __call__(self, **arguments):
        self.sizes.append(len(json.dumps(arguments["data"])))
        return self.component(**arguments)

    def take_kilobytes(self):
        kilobytes = sum(self.sizes) / 1024
        self.sizes = []
        return kilobytes


def drawing(configs, frames):
    """(ms, kB) medians of a frame's drawing while playing and of a whole page run."""
    chart_data = ChartData()
    group = RunGroup(configs)
    group.play()
    assert group.total_epochs > frames * 10_000, "the runs must play through every frame"
    playing, whole = [], []
    with mock.patch.object(live_chart, "_live_chart_component", chart_data):
        for _ in range(frames):
            group.train_in_pictures(FRAME_BUDGET)
            for is_whole_page_run, results in ((False, playing), (True, whole)):
                if is_whole_page_run:  # a Pause: the frame shows the run's true state
                    group.pictures, group.playing = [], False
                with mock.patch.object(films, "whole_page_run", lambda w=is_whole_page_run: w):
                    start = time.perf_counter()
                    compare_view.draw(group)
                    seconds = time.perf_counter() - start
                results.append((seconds * 1000, chart_data.take_kilobytes()))
            group.playing = True  # and Play again
    return [
        (statistics.median(ms for ms, _ in results), statistics.median(kb for _, kb in results))
        for results in (playing, whole)
    ]


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--epochs", type=int, default=EPOCHS, help="per run")
    arguments.add_argument("--rounds", type=int, default=ROUNDS)
    options = arguments.parse_args()
    use_one_blas_thread()  # as app.py does: the products are small
    logging.disable(logging.WARNING)  # "missing ScriptRunContext": no server here, on purpose
    st.session_state["cmp_target"] = TARGET_ACCURACY
    shared = SharedSettings(epochs=options.epochs)
    configs = [make_config(shared, row) for row in QUICK_SETUPS[SETUP]]

    train_to_the_end(configs[:1])  # a first run pays for what NumPy sets up once: not counted
    alone, together = training(configs, options.rounds)
    slowest = max(alone)
    print(f"Training {options.epochs:,} epochs per run, frames of {FRAME_BUDGET} s "
          f"with the film's pictures, median of {options.rounds}:")  # fmt: skip
    for config, seconds in zip(configs, alone):
        print(f"  alone, SGD lr {config.learning_rate:g}: {seconds:.2f} s")
    print(f"  the {len(configs)} together:     {together:.2f} s")
    print(f"  together / slowest alone: {together / slowest:.2f}")
    print(f"  together / sum of the {len(configs)} alone: {together / sum(alone):.2f}")

    print(f"\nA frame's drawing (ui.views.compare.draw), median of {FRAMES} frames:\n")
    print("| runs | while playing: ms | kB | a whole page run: ms | kB |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    # Runs that go on for as long as the frames are drawn.
    playing_configs = [
        make_config(SharedSettings(epochs=10**6), row) for row in QUICK_SETUPS[SETUP]
    ]
    for group_configs in (playing_configs[:1], playing_configs):
        (playing_ms, playing_kb), (whole_ms, whole_kb) = drawing(group_configs, FRAMES)
        print(
            f"| {len(group_configs)} | {playing_ms:.1f} | {playing_kb:.1f} "
            f"| {whole_ms:.1f} | {whole_kb:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
