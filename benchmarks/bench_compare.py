"""What does training several runs side by side cost, next to the slowest of them alone?

    python benchmarks/bench_compare.py        # about half a minute on a quiet 2-core machine

The Compare page's learning-rate set-up: 4 runs on the book's spiral (100 × 3 points, 2-64-3,
ReLU, SGD at learning rates 0.01 / 0.1 / 1 / 10, all from the same initial weights), 2,000 epochs
each, trained as the page trains them: frames of `FRAME_BUDGET` seconds of `RunGroup.train_for`
(a frame's training time on the page is between FIRST_BUDGET and LONGEST_BUDGET of
ui/run/animated_run.py), every run in lock step. Measured, in alternation so that background
load hits both alike:

- **alone**: each run by itself (a RunGroup of one), 2,000 epochs;
- **together**: the four in one RunGroup, 2,000 epochs each.

Then a frame's drawing, as the page does it after training: the curves figure, one grid forward
pass per run and the small-multiple maps, the summary table, and the figures' JSON (what is sent
to the browser), for the four runs against one.

Prints the medians over the rounds and the ratios: together / slowest alone (what the brief asks
to keep small) and together / the sum of the four alone (the overhead of training side by side).

Measured on 2026-11-25 (2 shared cores, load average 3-6 from other programs):

    alone: SGD lr 0.01 0.42 s, lr 0.1 0.45 s, lr 1 0.54 s, lr 10 0.57 s; the 4 together 2.26 s
    together / slowest alone: 3.95;  together / sum of the 4 alone: 1.14
    a frame's drawing: 1 run 3.3 ms, 4 runs 12.7 ms

Reading it: the engine trains one network at a time, and at 300 points × 64 neurons an epoch's
cost is mostly the fixed cost of its NumPy calls (~0.25 ms whatever the size), so four runs cost
about four times one: the ratio to the slowest run is the number of runs, by nature. Side by side
adds ~14 % to the sum (more, shorter `step` calls, each with its fixed cost). A frame's CPU time
stays the frame budget however many runs there are: more runs means fewer epochs each per frame.
The drawing grows with the runs too (one grid pass and one PNG per map) but stays ~10 % of a frame.
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui.figures.compare import (  # noqa: E402
    comparison_curves_figure,
    regions_grid_figure,
    summary_table_markdown,
)
from ui.run.run_group import RunGroup  # noqa: E402
from ui.settings.compare_runs import QUICK_SETUPS, SharedSettings, make_config  # noqa: E402

FRAME_BUDGET = 0.1  # seconds of training per frame

EPOCHS = 2000
ROUNDS = 3
DRAWS = 10


def train_to_the_end(configs):
    """Seconds to train every run to EPOCHS, frame by frame, as the page does."""
    group = RunGroup(configs)
    group.play()
    start = time.perf_counter()
    while group.playing:
        group.train_for(FRAME_BUDGET)
    seconds = time.perf_counter() - start
    assert all(run.epoch == EPOCHS for run in group.runs), "a run did not finish"
    return seconds, group


def draw_frame(group):
    """A frame's drawing work, without Streamlit: the figures, the table, their JSON."""
    target = 0.9
    data = group.runs[0].trainer
    curves = comparison_curves_figure(group.curves(), target, group.total_epochs)
    regions = regions_grid_figure(
        group.region_maps(), group.extent, data.X, data.y, titles=[r.label for r in group.runs]
    )
    table = summary_table_markdown(group.summary(target), target)
    return len(json.dumps(curves)) + len(json.dumps(regions)) + len(table)


def median_draw_seconds(group):
    times = []
    for _ in range(DRAWS):
        start = time.perf_counter()
        draw_frame(group)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    shared = SharedSettings(epochs=EPOCHS)
    configs = [
        make_config(shared, row) for row in QUICK_SETUPS["Learning rate 0.01 / 0.1 / 1 / 10"]
    ]
    alone = {index: [] for index in range(len(configs))}
    together = []
    for round_number in range(ROUNDS):
        for index, config in enumerate(configs):
            alone[index].append(train_to_the_end([config])[0])
        seconds, group = train_to_the_end(configs)
        together.append(seconds)
        print(f"round {round_number + 1}/{ROUNDS} done", file=sys.stderr)
    alone_medians = [statistics.median(times) for times in alone.values()]
    together_median = statistics.median(together)
    slowest = max(alone_medians)
    print(f"Training {EPOCHS:,} epochs per run, frames of {FRAME_BUDGET} s, median of {ROUNDS}:")
    for config, seconds in zip(configs, alone_medians):
        print(f"  alone, SGD lr {config.learning_rate:g}: {seconds:.2f} s")
    print(f"  the 4 together:     {together_median:.2f} s")
    print(f"  together / slowest alone: {together_median / slowest:.2f}")
    print(f"  together / sum of the 4 alone: {together_median / sum(alone_medians):.2f}")

    one = RunGroup(configs[:1])
    one.advance(EPOCHS)
    one.finish_step()
    one_draw = median_draw_seconds(one)
    four_draw = median_draw_seconds(group)
    print(f"A frame's drawing (figures, grids, table, JSON), median of {DRAWS}:")
    print(f"  1 run: {one_draw * 1000:.1f} ms, 4 runs: {four_draw * 1000:.1f} ms "
          f"(x{four_draw / one_draw:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
