"""The Playground's run: a Trainer plus what the page needs around it. No Streamlit here.

One `PlaygroundRun` lives in each browser session's `st.session_state`; nothing is shared
between sessions.
"""

import math
from dataclasses import replace

import numpy as np

from scratchnet import apply_optimizer_settings, build_trainer
from ui.figures.region_pictures import region_codes
from ui.run.animated_run import AnimatedRun
from ui.run.timeline import (
    SnapshotTimeline,
    network_with_parameters,
    train_recording_snapshots,
)

GRID_CELLS = 120  # the decision-region grid is GRID_CELLS × GRID_CELLS points
# While the run plays, the film's pictures use a coarser grid, FILM_CELLS × FILM_CELLS: each
# costs half the time to compute and two thirds of the bytes to send, and the browser scales it
# up smoothly. Paused, the picture is on the full grid.
FILM_CELLS = 80
# In a crowded server a frame comes every second or two and brings a long clip, up to
# MOST_FILM_PICTURES pictures, so that the picture keeps moving between frames. The longer the
# clip, the coarser its grid: a clip costs about as much to draw and to send as 16 pictures of
# FILM_CELLS² cells (FILM_CELLS_PER_CLIP), never coarser than SMALLEST_FILM_CELLS (`film_cells`).
MOST_FILM_PICTURES = 48
FILM_CELLS_PER_CLIP = 16 * FILM_CELLS**2
SMALLEST_FILM_CELLS = 40
# Pictures kept for the browser when no page takes them (another page plays the run).
MAX_PICTURES_KEPT = MOST_FILM_PICTURES
MARGIN = 0.1  # room around the data, as a share of its range

# Settings that change how the run goes on, not what it is: applied without a reset.
LIVE_SETTINGS = (
    "optimizer",
    "learning_rate",
    "decay",
    "momentum",
    "epsilon",
    "rho",
    "beta_1",
    "beta_2",
    "epochs",
)


FINISHED_TEXT = "Training is complete. Raise 'Epochs to train' or press Reset."


class PlaygroundRun(AnimatedRun):
    """A run in progress: config, trainer, the grid for the decision regions, the timeline.

    Play / Pause / Step / Reset and the frame timing come from AnimatedRun.
    """

    most_pictures_per_frame = MOST_FILM_PICTURES  # its film's grid gets coarser (`film_cells`)

    def __init__(self, config, data=None):
        super().__init__()
        self.config = config.validate()
        # data = (X, y, X_test, y_test): the learner's own points instead of config.dataset's
        # (the "Save & load" page); None trains on the built-in dataset.
        self.data = data
        self.trainer = build_trainer(config, data=data)
        self.diverged_epoch = None
        self.make_grids()
        self.timeline = SnapshotTimeline()  # the parameters at evenly spaced epochs
        self.timeline.record(0, self.trainer.network.parameters())
        # (epoch, parameters) kept while training for the film, not yet sent to the browser.
        self.snapshots = []

    @classmethod
    def from_trainer(cls, trainer, config, data=None):
        """A run that goes on from `trainer` at its epoch (e.g. one loaded from a file)."""
        run = cls(config, data=data)  # epoch 0 of the same run: the timeline starts there
        run.trainer = trainer
        run.make_grids()
        run.timeline.record(trainer.epoch, trainer.network.parameters())
        return run

    # --- training --------------------------------------------------------------------------

    @property
    def epoch(self):
        return self.trainer.epoch

    @property
    def finished(self):
        return self.trainer.epoch >= self.config.epochs

    def train(self, n_epochs, after_each_epoch=None):
        """Train up to n_epochs (never past config.epochs), calling `after_each_epoch()`, if
        given, after each. Returns the StepResult or None."""
        n_epochs = min(n_epochs, self.config.epochs - self.trainer.epoch)
        if n_epochs <= 0:
            self.playing = False
            return None
        result = train_recording_snapshots(self.trainer, self.timeline, n_epochs, after_each_epoch)
        if result.diverged:
            self.playing = False
            self.diverged_epoch = result.diverged_epoch
            self.message = (
                "error",
                divergence_explanation(self.config, result.diverged_epoch, self.trainer.epoch),
            )
        elif self.finished:
            self.playing = False
        return result

    def train_chunk(self, n_epochs, after_each_epoch=None):
        """AnimatedRun's way to train: the epochs trained, 0 when it stopped (end, divergence)."""
        result = self.train(n_epochs, after_each_epoch)
        if result is None or result.diverged:
            return 0
        return len(result)

    def train_a_picture_an_epoch(self, n_epochs):
        """AnimatedRun's: `n_epochs` in one call to the trainer, a picture after each epoch
        (the pictures of epochs that a diverging loss undid are dropped: `take_film`)."""
        return self.train_chunk(n_epochs, after_each_epoch=self.take_picture)

    def finished_text(self):
        return FINISHED_TEXT

    def record_picture(self):
        """Keep the network's parameters as they are now: the page makes its pictures of them
        when it draws the next frame (`take_film`)."""
        parameters = [values.copy() for values in self.trainer.network.parameters()]
        self.snapshots.append((self.epoch, parameters))
        del self.snapshots[:-MAX_PICTURES_KEPT]

    def take_film(self):
        """The networks this frame's film shows, oldest first, as [(epoch, network)]: one per
        picture recorded since the last call, then the run's own network as it is now (only
        that one when the run does not play: Pause, Step and Reset show the true state).

        The networks before the last are copies: drawing them never changes the run.
        """
        # A step that diverged went back: pictures taken past where it went back are not the run.
        kept = [(epoch, values) for epoch, values in self.snapshots if epoch < self.epoch]
        self.snapshots = []
        if not self.playing:
            kept = []
        network = self.trainer.network
        film = [(epoch, network_with_parameters(network, values)) for epoch, values in kept]
        return film + [(self.epoch, network)]

    def take_pictures(self):
        """The decision regions of `take_film`'s networks, [(epoch, (H, W) codes)]: on the
        film's grid while the run plays, on the full grid otherwise (`picture_grid`)."""
        film = self.take_film()
        points, cells = self.picture_grid(len(film))
        return [(epoch, region_picture(network, points, cells)) for epoch, network in film]

    def picture_grid(self, pictures):
        """(points, cells) of the grid for a film of `pictures` pictures: the full grid when the
        run does not play (a still: the true state, as sharp as it gets), else the film's grid,
        coarser for a longer clip (`film_cells`)."""
        if not self.playing:
            return self.grid_points, GRID_CELLS
        cells = film_cells(pictures)
        if cells not in self.film_grids:
            self.film_grids[cells], _ = make_grid(self.trainer.X, self.trainer.X_test, cells)
        return self.film_grids[cells], cells

    def rebuild(self):
        """Epoch 0 again: the same initial weights (same seed, same settings)."""
        self.trainer = build_trainer(self.config, data=self.data)
        self.timeline.clear()
        self.timeline.record(0, self.trainer.network.parameters())
        self.snapshots = []
        self.diverged_epoch = None

    # --- settings --------------------------------------------------------------------------

    def update_config(self, new_config):
        """Apply new settings. Returns "unchanged", "live" (applied as the run goes on) or
        "reset" (the data or the network changed, so the run starts over)."""
        new_config.validate()
        if new_config == self.config:
            return "unchanged"
        structural_old = replace(self.config, **{name: None for name in LIVE_SETTINGS})
        structural_new = replace(new_config, **{name: None for name in LIVE_SETTINGS})
        if structural_old == structural_new:
            apply_optimizer_settings(self.trainer, new_config)
            self.config = new_config
            if self.diverged_epoch is not None:
                self.message = None
                self.diverged_epoch = None
            return "live"
        self.config = new_config
        self.reset()
        self.make_grids()
        return "reset"

    # --- what the page draws -------------------------------------------------------------------

    def make_grids(self):
        """The full grid over the data for the decision regions, and its extent; the film's
        coarser grids are made when first used (`picture_grid`)."""
        self.grid_points, self.extent = make_grid(self.trainer.X, self.trainer.X_test)
        self.film_grids = {}  # cells -> the points of the film's grids, made when first used

    def grid_probabilities(self):
        """Class probabilities on the grid, shape (GRID_CELLS, GRID_CELLS, K)."""
        return grid_probabilities(self.trainer.network, self.grid_points, GRID_CELLS)

    def predictions(self):
        """(train predictions, test predictions or None) of the current network."""
        network = self.trainer.network
        train = network.predictions(network.predict_proba(self.trainer.X))
        test = None
        if self.trainer.X_test is not None:
            test = network.predictions(network.predict_proba(self.trainer.X_test))
        return train, test

    def loss_warning(self):
        """Plain words when the loss ends up well above where it started (but is still finite)."""
        history = self.trainer.history
        if len(history) < 2 or self.trainer.epoch < 50:
            return None
        start_loss = history["data_loss"][0] + history["regularization_loss"][0]
        loss = history["data_loss"][-1] + history["regularization_loss"][-1]
        if loss < 1.5 * start_loss:
            return None
        return (
            f"The loss ({loss:.3g}) is higher than at the start ({start_loss:.3g}): the steps "
            f"overshoot. The learning rate ({self.config.learning_rate:g}) is probably too high "
            "for this setup; try a smaller one."
        )

    def slow_warning(self):
        """Plain words when even the fastest epoch takes longer than a frame's time budget."""
        if not self.slow:
            return None
        return (
            f"Training is slow: one epoch of this network on {len(self.trainer.X):,} points takes "
            f"{self.fastest_epoch_seconds:.2f} s, longer than a frame, so the picture moves one "
            "epoch at a time. Fewer neurons or points, or Book-exact numbers off, make it faster."
        )

    def latest(self):
        """The latest numbers: epoch, train loss/accuracy, test loss/accuracy, learning rate."""
        last = self.trainer.history.last()
        test = self.trainer.test_history.last()
        return {
            "epoch": self.trainer.epoch,
            "loss": None if last is None else last["data_loss"] + last["regularization_loss"],
            "accuracy": None if last is None else last["accuracy"],
            "test_loss": None if test is None else test["test_loss"],
            "test_accuracy": None if test is None else test["test_accuracy"],
            "learning_rate": self.trainer.optimizer.current_learning_rate,
        }


def film_cells(pictures):
    """The film's grid for a clip of `pictures` pictures, cells × cells, so that the clip has
    about FILM_CELLS_PER_CLIP cells in all:

        cells = min(FILM_CELLS, max(SMALLEST_FILM_CELLS, ⌊√(FILM_CELLS_PER_CLIP / pictures)⌋))

    Up to 16 pictures (a frame 8 times a second alone on the server: 5), FILM_CELLS; 48 (a
    crowded server), 46."""
    return min(FILM_CELLS, max(SMALLEST_FILM_CELLS, math.isqrt(FILM_CELLS_PER_CLIP // pictures)))


def region_picture(network, points, cells):
    """`network`'s decision regions on a cells × cells grid's `points`, as `region_codes`; the
    network then forgets the pass (`Network.forget_pass`).

    A film draws up to 48 networks, one picture each. Each pass over the grid leaves about 1 MB
    of arrays in its network: kept until the frame ended, they made the system hand out ~50 MB
    of fresh memory a frame, page by page, and 48 pictures took twice as long (23 ms, not 11).
    """
    codes = region_codes(grid_probabilities(network, points, cells))
    network.forget_pass()
    return codes


def grid_probabilities(network, points, cells):
    """`network`'s class probabilities at a cells × cells grid's `points`, (cells, cells, K)."""
    return network.predict_proba(points).reshape(cells, cells, -1)


def make_grid(X, X_test=None, cells=GRID_CELLS):
    """Points of a cells × cells grid over the data's range (plus a margin), row 0 at the bottom.

    Returns (points of shape (cells², 2), extent (x_min, x_max, y_min, y_max)).
    """
    all_points = X if X_test is None or len(X_test) == 0 else np.concatenate([X, X_test])
    low = all_points.min(axis=0)
    high = all_points.max(axis=0)
    span = np.maximum(high - low, 1e-6)
    low, high = low - MARGIN * span, high + MARGIN * span
    xs = np.linspace(low[0], high[0], cells, dtype=np.float32)
    ys = np.linspace(low[1], high[1], cells, dtype=np.float32)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    extent = (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
    return points, extent


def divergence_explanation(config, diverged_epoch, kept_epoch):
    """Plain words for a loss that turned NaN or infinite."""
    suggestion = config.learning_rate / 10
    return (
        f"Training diverged at epoch {diverged_epoch}: the loss became NaN or infinite. "
        f"With learning rate {config.learning_rate:g} the steps are too big for this setup: "
        f"each update overshoots the minimum and the weights grow until the numbers overflow. "
        f"The network was put back as it was at epoch {kept_epoch}. Lower the learning rate "
        f"(try {suggestion:g}) and press Play to go on from there, or press Reset."
    )
