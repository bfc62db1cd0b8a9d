"""Several runs trained side by side, in lock step: the logic of the Compare page. No Streamlit.

A comparison is only fair when the runs differ in the one thing being compared. So every run of
a `RunGroup` is built by `build_trainer` from the same shared settings (dataset, points, noise,
test share, seed): the data is drawn first from the seed, then the initial weights, in the
book's order. Two runs whose networks have the same shape therefore start from the very same
weights; `shared_weight_groups` checks it number by number rather than assuming it.

Training goes in lock step: in each animation frame every run that is still training gets the
*same number of epochs*, sized so that all of them together fit the frame's time budget. Each
run's share of the time is then what its epochs cost, and the curves stay side by side at the
same epoch. A run whose loss turns NaN or infinite is marked diverged and left where it was; the
others go on.

The Regression page uses a group of one run: the same Play / Pause / Step / Reset machinery.
"""

from dataclasses import replace

import numpy as np

from ui.run.animated_run import AnimatedRun
from ui.run.compared_run import ComparedRun
from ui.run.playground_run import MAX_PICTURES_KEPT, make_grid
from ui.settings.compare_runs import MAX_RUNS, run_labels

# Each small decision-region map is REGION_CELLS × REGION_CELLS points. The maps are 180-280 px
# wide on a screen and the browser upscales them smoothly: 56 cells look as smooth as 80 did,
# and a playing frame (4 runs × 5 pictures, each a forward pass over the grid) costs 0.42 times
# the 80 × 80 maps' (measured side by side, 2026-12-07).
REGION_CELLS = 56


def checked_run_count(configs):
    """The configs as a list, if there are 1 to MAX_RUNS of them; ValueError otherwise."""
    configs = list(configs)
    if not 1 <= len(configs) <= MAX_RUNS:
        raise ValueError(f"a comparison needs 1 to {MAX_RUNS} runs. Received: {len(configs)} runs")
    return configs


def shared_weight_groups(trainers):
    """Which trainers hold exactly the same parameters, checked number by number.

    Returns lists of indices, e.g. [[0, 1], [2]]: trainers 0 and 1 have equal weights and
    biases, trainer 2 has its own. Call it before training to know who starts from the same
    initial weights.
    """
    groups = []
    for index, trainer in enumerate(trainers):
        for group in groups:
            if same_arrays(trainers[group[0]].network.parameters(), trainer.network.parameters()):
                group.append(index)
                break
        else:
            groups.append([index])
    return groups


def same_arrays(arrays, other_arrays):
    return len(arrays) == len(other_arrays) and all(
        a.shape == b.shape and np.array_equal(a, b) for a, b in zip(arrays, other_arrays)
    )


def network_shape(trainer):
    """The network's layer sizes, e.g. "2-64-3"."""
    layers = trainer.network.dense_layers
    sizes = [layers[0].n_inputs] + [layer.n_neurons for layer in layers]
    return "-".join(str(size) for size in sizes)


class RunGroup(AnimatedRun):
    """Runs trained side by side: Play / Pause / Step / Reset for all of them at once (the
    buttons and the frame timing come from AnimatedRun; one epoch of the group is one epoch of
    every run still training)."""

    def __init__(self, configs, data=None):
        """`data` = (X, y, X_test, y_test): the learner's own points for every run, instead of
        the configs' built-in dataset."""
        super().__init__()
        self.configs = checked_run_count(configs)
        self.data = data
        self.rebuild()

    def rebuild(self):
        """Fresh trainers at epoch 0 (the same initial weights as before: same seeds)."""
        self.runs = [
            ComparedRun(config, label, self.data)
            for config, label in zip(self.configs, run_labels(self.configs))
        ]
        trainers = [run.trainer for run in self.runs]
        self.weight_groups = shared_weight_groups(trainers)
        self.same_data = all(
            np.array_equal(trainer.X, trainers[0].X) and np.array_equal(trainer.y, trainers[0].y)
            for trainer in trainers
        )
        self._grid = None
        self.pictures = []  # the film's snapshots: see record_picture

    # --- state ---------------------------------------------------------------------------

    @property
    def epoch(self):
        """The furthest epoch reached (the runs still training are all there)."""
        return max(run.epoch for run in self.runs)

    @property
    def total_epochs(self):
        return self.configs[0].epochs

    @property
    def finished(self):
        return not any(run.training for run in self.runs)

    # --- training, for AnimatedRun ------------------------------------------------------

    def train_chunk(self, n_epochs):
        """Every run still training trains n_epochs more (fewer at the end), in lock step.

        Returns n_epochs, or 0 when no run had anything left to train. A diverging run is
        marked and skipped; the others go on. Playing stops by itself when every run is done.
        """
        active = [run for run in self.runs if run.training]
        for run in active:
            run.train(n_epochs)
        self.after_training()
        return n_epochs if active else 0

    def after_training(self):
        """Say what happened: a run diverged, or everything is done."""
        diverged = [run for run in self.runs if run.diverged_epoch is not None]
        if diverged:
            self.message = ("warning", divergence_text(diverged, len(self.runs)))
        if self.finished:
            self.playing = False
            if not diverged:
                self.message = ("success", self.finished_text())

    def finished_text(self):
        return (
            f"Training is complete ({self.total_epochs:,} epochs). Raise 'Epochs to train' "
            "to go on, or press Reset."
        )

    # --- settings ------------------------------------------------------------------------

    def update(self, configs, data=None):
        """New settings: "unchanged", "live" (only the epochs to train changed: go on), or
        "reset" (anything else, other data included: every run starts over, so all stay
        comparable). `data` is the learner's own points, as given to the constructor."""
        configs = list(configs)
        if data is self.data and configs == self.configs:
            return "unchanged"
        if (
            data is self.data
            and len(configs) == len(self.configs)
            and all(
                replace(new, epochs=0) == replace(old, epochs=0)
                for new, old in zip(configs, self.configs)
            )
        ):
            self.configs = configs
            for run, config in zip(self.runs, configs):
                run.config = config
            self.message = None
            return "live"
        self.configs = checked_run_count(configs)
        self.data = data
        self.reset()
        return "reset"

    # --- what the page shows -------------------------------------------------------------

    def curves(self):
        return [run.curves() for run in self.runs]

    def summary(self, target_accuracy):
        return [run.summary(target_accuracy) for run in self.runs]

    def region_maps(self):
        """Per run: (class probabilities on the grid (H, W, K), train predictions, test
        predictions or None). One grid, made once, serves every run: they share the data."""
        first = self.runs[0].trainer
        if self._grid is None:
            self._grid = make_grid(first.X, first.X_test, cells=REGION_CELLS)
        points, _ = self._grid
        maps = []
        for run in self.runs:
            network = run.trainer.network
            probabilities = network.predict_proba(points).reshape(REGION_CELLS, REGION_CELLS, -1)
            train = network.predictions(network.predict_proba(run.trainer.X))
            test = None
            if run.trainer.X_test is not None:
                test = network.predictions(network.predict_proba(run.trainer.X_test))
            maps.append((probabilities, train, test))
        return maps

    @property
    def extent(self):
        if self._grid is None:
            self.region_maps()
        return self._grid[1]

    def weight_sharing_text(self):
        """One sentence saying which runs start from the same initial weights (as checked)."""
        return weight_sharing_text(
            self.weight_groups,
            [network_shape(run.trainer) for run in self.runs],
            len(self.runs[0].trainer.X),
            self.same_data,
        )

    # --- the film (ui/views/films.py plays it) ----------------------------------------------

    def record_picture(self):
        """Keep every run's parameters as they are now, with the epoch: the page makes its
        pictures of them (small maps, the fitted curve) when it draws the next frame."""
        parameters = [
            [values.copy() for values in run.trainer.network.parameters()] for run in self.runs
        ]
        self.pictures.append((self.epoch, parameters))
        del self.pictures[:-MAX_PICTURES_KEPT]


def weight_sharing_text(groups, shapes, n_points, same_data=True):
    """Plain words for `shared_weight_groups`: who starts from the same initial weights."""
    n_runs = sum(len(group) for group in groups)
    data = (
        f"train on the same {n_points:,} points"
        if same_data
        else "do NOT train on the same points (this should not happen: please report it)"
    )
    if n_runs == 1:
        return f"One run: a {shapes[0]} network on {n_points:,} training points."
    if len(groups) == 1:
        return (
            f"All {n_runs} runs start from the very same initial weights ({shapes[0]}, checked "
            f"number by number) and {data}: what differs is only their settings in the table."
        )
    if len(groups) == n_runs:
        return (
            f"The runs have networks of different shapes ({', '.join(shapes)}), so none can "
            f"start from the same weights as another; all draw them from the same seed and "
            f"{data}."
        )
    parts = []
    for group in groups:
        numbers = [index + 1 for index in group]
        shape = shapes[group[0]]
        if len(group) == 1:
            parts.append(f"run {numbers[0]} ({shape}) starts from weights of its own")
        else:
            parts.append(f"runs {join_numbers(numbers)} share their initial weights ({shape})")
    sentence = "; ".join(parts)
    return (
        sentence[0].upper()
        + sentence[1:]
        + ". A network of another shape cannot have the same weights, but every run draws "
        f"them from the same seed, and all {data}."
    )


def join_numbers(numbers):
    """[1, 2, 4] -> "1, 2 and 4"."""
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def divergence_text(diverged_runs, n_runs):
    """Plain words for runs whose loss turned NaN or infinite."""
    names = "; ".join(f"{run.label} at epoch {run.diverged_epoch}" for run in diverged_runs)
    others = n_runs - len(diverged_runs)
    go_on = f" The other {others} go on." if others else ""
    return (
        f"Diverged ({names}): the loss became NaN or infinite, because each step overshot and "
        f"the weights grew until the numbers overflowed. That run stopped where it last had a "
        f"finite loss.{go_on} A smaller learning rate avoids it."
    )


def fitted_curve(trainer, n_points=200):
    """A one-input network's output along its input range: (x, prediction), for drawing.

    x runs evenly over the training inputs' range, so the line is smooth whatever the data.
    """
    low, high = float(trainer.X.min()), float(trainer.X.max())
    x = np.linspace(low, high, n_points, dtype=trainer.X.dtype).reshape(-1, 1)
    return x, trainer.network.predict_proba(x)
