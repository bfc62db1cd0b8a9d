"""How fast is the engine, next to the book's own training loop? One run, side by side.

    python benchmarks/bench_engine.py            # about 2 minutes on a quiet 2-core machine
    python benchmarks/bench_engine.py --quick    # a smoke run of a few seconds (numbers not useful)

It trains the same network on the same data, in four ways:

    book float64          the book's classes (from book/) and chapter-10 loop, with plain NumPy
                          (what the book's code does without `nnfs.init()`)
    book + nnfs.init()    the same code after `nnfs.init()`, as printed in the book: float32
                          data and weights, every np.dot done in float64 and rounded to float32.
                          nnfs.init() patches NumPy for the whole process, so this one runs in a
                          subprocess of its own, which reports its timings back.
    engine float32        build_trainer(RunConfig(...)) then trainer.step(epochs), with
                          precision="float32" (the app's default)
    engine nnfs           the same with precision="nnfs": the book's numbers, bit for bit

Only training is timed: making the data and the first weights is left out. The engine does more
per epoch than the book's loop: `Trainer.step` also records, every epoch, the loss, the accuracy,
the learning rate and the norm of each layer's weight gradient.

Fair on a small, noisy machine: each variant trains its full epoch count once, but in chunks
(250 epochs on workload a, 25 on b), and the four variants take turns chunk by chunk, in an
order that rotates every round. A burst of background load then hits every variant alike, and
each variant gets 40 timings; the table shows their median. A busy machine also slows
OpenBLAS's threads a lot: `OPENBLAS_NUM_THREADS=1 python benchmarks/bench_engine.py` then helps.

Then it measures what the app pays per call: `trainer.step(1)` called 1,000 times against
`trainer.step(1000)` once, and `network.predict_proba` on a 150 × 150 grid (the decision
regions the app draws every frame).
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Run from anywhere: `python benchmarks/bench_engine.py` puts benchmarks/ first on the path,
# not the repository root where the scratchnet and book packages live.
REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY_ROOT))

from book_loop import BookRun  # noqa: E402  (benchmarks/: the book's loop on book/'s classes)
from machine import load_average, machine_info  # noqa: E402

from scratchnet import RunConfig, build_trainer  # noqa: E402

# ---------------------------------------------------------------------------------------------
# The workloads, and the four ways to train them.
# ---------------------------------------------------------------------------------------------


@dataclass
class Workload:
    label: str
    samples: int  # per class; 3 classes
    n_neurons: int  # hidden layer: 2-n_neurons-3
    epochs: int  # trained once in full by every variant
    chunk: int  # epochs per timing; the variants take turns after each chunk


WORKLOADS = {
    "a": Workload("(a) spiral 100×3 = 300 points, 2-64-3", 100, 64, 10_001, 250),
    "b": Workload("(b) spiral 1000×3 = 3,000 points, 2-512-3", 1000, 512, 1_001, 25),
}

VARIANTS = ["book float64", "book + nnfs.init()", "engine float32", "engine nnfs"]

VARIANT_LABELS = {
    "book float64": "book loop, plain NumPy float64",
    "book + nnfs.init()": "book loop under `nnfs.init()` (subprocess)",
    "engine float32": 'engine `precision="float32"` (app default)',
    "engine nnfs": 'engine `precision="nnfs"` (bit-exact with the book)',
}


@dataclass
class Measurement:
    epochs: int
    seconds: float
    loss: float  # the data loss of the last epoch, before its update (what the book prints)
    accuracy: float

    @property
    def epochs_per_second(self):
        return self.epochs / self.seconds


def engine_config(workload, precision):
    """The workload as the app describes it: full-batch SGD, lr 1.0, ReLU, softmax + CE."""
    return RunConfig(
        dataset="spiral",
        samples=workload.samples,
        classes=3,
        hidden_layers=(workload.n_neurons,),
        activation="relu",
        optimizer="sgd",
        learning_rate=1.0,
        epochs=workload.epochs,
        seed=0,
        precision=precision,
    )


class EngineRunner:
    """The engine, as the app drives it: one Trainer, `step(epochs)` again and again."""

    def __init__(self, workload, precision):
        self.trainer = build_trainer(engine_config(workload, precision))

    def train(self, epochs):
        start = time.perf_counter()
        result = self.trainer.step(epochs)
        seconds = time.perf_counter() - start
        return Measurement(epochs, seconds, float(result.data_loss[-1]), float(result.accuracy[-1]))

    def close(self):
        pass


class BookRunner:
    """The book's loop in this process, with NumPy as it is: float64."""

    def __init__(self, workload):
        self.run = BookRun(workload.samples, workload.n_neurons)

    def train(self, epochs):
        start = time.perf_counter()
        loss, accuracy = self.run.train(epochs)
        seconds = time.perf_counter() - start
        return Measurement(epochs, seconds, loss, accuracy)

    def close(self):
        pass


class BookNnfsRunner:
    """The book's loop under nnfs.init(), in a subprocess (see `book_nnfs_worker`).

    We send it an epoch count per line; it trains and answers with one line of JSON, timed on
    its side, so starting Python and talking through the pipe are not counted.
    """

    def __init__(self, workload_key):
        command = [sys.executable, __file__, "--book-nnfs-worker", workload_key]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def train(self, epochs):
        self.process.stdin.write(f"{epochs}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the nnfs.init() subprocess stopped; see its error above")
        report = json.loads(answer)
        return Measurement(epochs, report["seconds"], report["loss"], report["accuracy"])

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def book_nnfs_worker(workload_key):
    """Inside the subprocess: patch NumPy the book's way, then train on request."""
    import nnfs

    nnfs.init()  # float32 zeros and randn, np.dot in float64 rounded to float32, seed 0
    workload = WORKLOADS[workload_key]
    run = BookRun(workload.samples, workload.n_neurons)
    for line in sys.stdin:
        start = time.perf_counter()
        loss, accuracy = run.train(int(line))
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "loss": loss, "accuracy": accuracy}), flush=True)


def make_runner(variant, workload_key):
    workload = WORKLOADS[workload_key]
    if variant == "book float64":
        return BookRunner(workload)
    if variant == "book + nnfs.init()":
        return BookNnfsRunner(workload_key)
    if variant == "engine float32":
        return EngineRunner(workload, "float32")
    if variant == "engine nnfs":
        return EngineRunner(workload, "nnfs")
    raise ValueError(f"unknown variant: {variant!r}")


def chunk_sizes(epochs, chunk):
    """Split `epochs` into chunks of `chunk`; the first one also takes the remainder.

    chunk_sizes(10_001, 250) -> [251, 250, 250, ...] (40 chunks)
    """
    sizes = [chunk] * (epochs // chunk)
    sizes[0] += epochs - chunk * len(sizes)
    return sizes


def run_workload(workload_key, log):
    """Train every variant through the full epoch count, taking turns chunk by chunk.

    Returns {variant: [Measurement per chunk]}. The order of the variants rotates each round,
    so none of them always runs first, or right after another.
    """
    workload = WORKLOADS[workload_key]
    runners = {variant: make_runner(variant, workload_key) for variant in VARIANTS}
    measurements = {variant: [] for variant in VARIANTS}
    sizes = chunk_sizes(workload.epochs, workload.chunk)
    try:
        for round_number, epochs in enumerate(sizes):
            shift = round_number % len(VARIANTS)
            for variant in VARIANTS[shift:] + VARIANTS[:shift]:
                measurements[variant].append(runners[variant].train(epochs))
            if (round_number + 1) % 10 == 0 or round_number + 1 == len(sizes):
                speeds = ", ".join(
                    f"{variant} {measurements[variant][-1].epochs_per_second:,.0f}"
                    for variant in VARIANTS
                )
                log(f"  {workload_key} round {round_number + 1}/{len(sizes)} (epochs/s): {speeds}")
    finally:
        for runner in runners.values():
            runner.close()
    return measurements


# ---------------------------------------------------------------------------------------------
# What the app pays per call.
# ---------------------------------------------------------------------------------------------


def measure_step_overhead(rounds, epochs):
    """Seconds per epoch of step(1) called `epochs` times, and of step(epochs) once.

    Workload (a), engine float32, the two ways taking turns. Returns two lists of seconds per
    epoch, one value per round.
    """
    trainer = build_trainer(engine_config(WORKLOADS["a"], "float32"))
    trainer.step(100)  # warm up: first allocations, caches
    many_calls = []
    one_call = []
    for round_number in range(rounds):
        for kind in ("many", "one") if round_number % 2 == 0 else ("one", "many"):
            start = time.perf_counter()
            if kind == "many":
                for _ in range(epochs):
                    trainer.step(1)
            else:
                trainer.step(epochs)
            seconds = time.perf_counter() - start
            if kind == "many":
                many_calls.append(seconds / epochs)
            else:
                one_call.append(seconds / epochs)
    return many_calls, one_call


def decision_grid(resolution=150, extent=1.2):
    """resolution² points covering the square [-extent, extent]², as (N, 2) float64."""
    axis = np.linspace(-extent, extent, resolution)
    grid_x, grid_y = np.meshgrid(axis, axis)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


def measure_predict_proba(precision, rounds, calls):
    """Seconds per `network.predict_proba(grid)` call, one median per round, 2-64-3 network."""
    trainer = build_trainer(engine_config(WORKLOADS["a"], precision))
    trainer.step(100)
    grid = decision_grid()
    trainer.network.predict_proba(grid)  # warm up
    per_call = []
    for _ in range(rounds):
        call_seconds = []
        for _ in range(calls):
            start = time.perf_counter()
            trainer.network.predict_proba(grid)
            call_seconds.append(time.perf_counter() - start)
        per_call.append(statistics.median(call_seconds))
    return per_call


# ---------------------------------------------------------------------------------------------
# The report.
# ---------------------------------------------------------------------------------------------


def format_count(value):
    return f"{value:,.0f}"


def quartiles(values):
    """(25th percentile, median, 75th percentile)."""
    lower, middle, upper = statistics.quantiles(values, n=4, method="inclusive")
    return lower, middle, upper


def training_table(results):
    """Markdown: per workload and variant, median epochs/s, its spread, ratios, final loss."""
    lines = [
        "| workload | variant | epochs/s (median) | middle half of the chunks | × book float64 | "
        "× book + nnfs.init() | loss at the last epoch |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    targets = {"a": 2.0, "b": 1.5}
    for workload_key, measurements in results.items():
        workload = WORKLOADS[workload_key]
        speeds = {
            variant: [m.epochs_per_second for m in runs] for variant, runs in measurements.items()
        }
        medians = {variant: statistics.median(values) for variant, values in speeds.items()}
        for row, variant in enumerate(VARIANTS):
            lower, _, upper = quartiles(speeds[variant])
            versus_plain = medians[variant] / medians["book float64"]
            versus_nnfs = medians[variant] / medians["book + nnfs.init()"]
            versus_plain_text = f"{versus_plain:.2f}"
            if variant == "engine float32":
                target = targets[workload_key]
                verdict = "meets" if versus_plain >= target else "MISSES"
                versus_plain_text = f"**{versus_plain:.2f}** ({verdict} ≥ {target})"
            workload_cell = ""
            if row == 0:
                workload_cell = f"{workload.label}, {workload.epochs:,} epochs"
            lines.append(
                f"| {workload_cell} | {VARIANT_LABELS[variant]} | "
                f"{format_count(medians[variant])} | "
                f"{format_count(lower)} – {format_count(upper)} | "
                f"{versus_plain_text} | {versus_nnfs:.2f} | "
                f"{measurements[variant][-1].loss:.7f} |"
            )
    return lines


def bit_exact_lines(results):
    """Does precision="nnfs" reproduce the book under nnfs.init()? (the last epoch compared)"""
    lines = []
    for workload_key, measurements in results.items():
        book = measurements["book + nnfs.init()"][-1]
        engine = measurements["engine nnfs"][-1]
        same = book.loss == engine.loss and book.accuracy == engine.accuracy
        lines.append(
            f"- ({workload_key}) engine nnfs vs book + nnfs.init() at epoch "
            f"{WORKLOADS[workload_key].epochs - 1:,}: loss {engine.loss!r} vs {book.loss!r}, "
            f"accuracy {engine.accuracy:.4f} vs {book.accuracy:.4f} → "
            f"{'identical' if same else 'DIFFERENT'}"
        )
    return lines


def app_table(step_many, step_one, step_epochs, predict_float32, predict_nnfs):
    many = statistics.median(step_many)
    one = statistics.median(step_one)
    overhead = many - one
    return [
        "| what (2-64-3, 300 points, engine float32 unless said) | median | per epoch | epochs/s |",
        "|---|---:|---:|---:|",
        f"| `trainer.step(1)` called {step_epochs:,} times | {many * step_epochs * 1e3:.1f} ms "
        f"| {many * 1e6:.1f} µs | {format_count(1 / many)} |",
        f"| `trainer.step({step_epochs})` once | {one * step_epochs * 1e3:.1f} ms "
        f"| {one * 1e6:.1f} µs | {format_count(1 / one)} |",
        f"| → cost of one more `step()` call | {overhead * 1e6:.1f} µs per call | | |",
        "| `network.predict_proba` on a 150×150 grid (22,500 points), float32 "
        f"| {statistics.median(predict_float32) * 1e3:.2f} ms per call | | |",
        '| `network.predict_proba` on a 150×150 grid, precision="nnfs" '
        f"| {statistics.median(predict_nnfs) * 1e3:.2f} ms per call | | |",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny epoch counts, to smoke-test")
    # Internal: the subprocess that runs the book's loop under nnfs.init().
    parser.add_argument("--book-nnfs-worker", metavar="WORKLOAD", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.book_nnfs_worker:
        book_nnfs_worker(arguments.book_nnfs_worker)
        return

    step_epochs = 1000
    if arguments.quick:
        WORKLOADS["a"].epochs = 501
        WORKLOADS["a"].chunk = 50
        WORKLOADS["b"].epochs = 21
        WORKLOADS["b"].chunk = 3
        step_epochs = 50

    def log(message):
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    load_at_start = load_average()
    results = {}
    for workload_key in WORKLOADS:
        results[workload_key] = run_workload(workload_key, log)
    log("  step(1) vs step(n), predict_proba ...")
    step_many, step_one = measure_step_overhead(rounds=7, epochs=step_epochs)
    predict_float32 = measure_predict_proba("float32", rounds=5, calls=20)
    predict_nnfs = measure_predict_proba("nnfs", rounds=5, calls=20)
    elapsed = time.perf_counter() - started

    chunks = {key: len(chunk_sizes(w.epochs, w.chunk)) for key, w in WORKLOADS.items()}
    report = [
        "## Machine",
        "",
        *machine_info(),
        f"- load average (1 min) at start / end: {load_at_start} / {load_average()}",
        "",
        "## Training speed (full-batch SGD, lr 1.0, ReLU, softmax + cross-entropy)",
        "",
        "Every variant trains the full epoch count once, in chunks of "
        f"{WORKLOADS['a'].chunk:,} epochs on (a) ({chunks['a']} chunks) and "
        f"{WORKLOADS['b'].chunk:,} on (b) ({chunks['b']} chunks), the variants taking turns "
        "chunk by chunk. epochs/s is the median over the chunks; ratios are between medians. "
        "The engine also records loss, accuracy, learning rate and per-layer gradient norms "
        "every epoch.",
        "",
        *training_table(results),
        "",
        *bit_exact_lines(results),
        "",
        "## What the app pays per call",
        "",
        *app_table(step_many, step_one, step_epochs, predict_float32, predict_nnfs),
        "",
        f"Total time: {elapsed:.0f} s.",
    ]
    print("\n".join(report))


if __name__ == "__main__":
    main()
