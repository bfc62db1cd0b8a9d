"""The Playground's run: a Trainer plus what the page needs around it. No Streamlit here.

One `PlaygroundRun` lives in each browser session's `st.session_state`; nothing is shared
between sessions.
"""

import time
from dataclasses import replace

import numpy as np

from scratchnet import apply_optimizer_settings, build_trainer
from ui.run.timeline import SnapshotTimeline, train_recording_snapshots

GRID_CELLS = 120  # the decision-region grid is GRID_CELLS × GRID_CELLS points
MARGIN = 0.1  # room around the data, as a share of its range

# Playing at "max" speed, a frame trains for as long as keeps the frames coming every
# FRAME_PERIOD seconds (8 a second), within bounds: see PlaygroundRun.frame_budget.
FRAME_PERIOD = 1 / 8
FIRST_BUDGET = 0.05  # the first frame after Play, before anything is measured
LONGEST_BUDGET = 0.14
# A frame at a fixed speed ("1000 epochs" a frame) stops early past this: a big network must not
# hold the server (and the Pause button) for a minute.
LONGEST_FIXED_SPEED_FRAME = 0.5
# A visible page asks for a frame 10 times a second; browsers slow a hidden tab's timers to about
# once a second. A frame asked this long after the last one ended is taken for a hidden tab, and
# trains only BACKGROUND_BUDGET: a forgotten tab still playing must not burn the server.
HIDDEN_TAB_GAP = 0.8
BACKGROUND_BUDGET = 0.01

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


class PlaygroundRun:
    """A run in progress: config, trainer, the grid for the decision regions, play state."""

    def __init__(self, config, data=None):
        self.config = config.validate()
        # data = (X, y, X_test, y_test): the learner's own points instead of config.dataset's
        # (the "Save & load" page); None trains on the built-in dataset.
        self.data = data
        self.trainer = build_trainer(config, data=data)
        self.playing = False
        self.message = None  # (kind, text) to show the user once, e.g. ("warning", "...")
        self.diverged_epoch = None
        self.last_frame_seconds = 0.0
        self.last_training_end = None  # when the last frame's training ended (perf_counter)
        self.in_background = False  # the browser asks for frames as rarely as a hidden tab
        # Measured while playing at "max" speed; None until then, so the first chunk is a single
        # epoch (a guess could be 100× too low for a big network, and the frame would run on).
        self.seconds_per_epoch = None
        self.slow = False  # one epoch took longer than the last frame's time budget
        self.grid_points, self.extent = make_grid(self.trainer.X, self.trainer.X_test)
        self.timeline = SnapshotTimeline()  # the parameters at evenly spaced epochs
        self.timeline.record(0, self.trainer.network.parameters())

    @classmethod
    def from_trainer(cls, trainer, config, data=None):
        """A run that goes on from `trainer` at its epoch (e.g. one loaded from a file)."""
        run = cls(config, data=data)  # epoch 0 of the same run: the timeline starts there
        run.trainer = trainer
        run.grid_points, run.extent = make_grid(trainer.X, trainer.X_test)
        run.timeline.record(trainer.epoch, trainer.network.parameters())
        return run

    # --- training --------------------------------------------------------------------------

    @property
    def epoch(self):
        return self.trainer.epoch

    @property
    def finished(self):
        return self.trainer.epoch >= self.config.epochs

    def train(self, n_epochs):
        """Train up to n_epochs (never past config.epochs). Returns the StepResult or None."""
        n_epochs = min(n_epochs, self.config.epochs - self.trainer.epoch)
        if n_epochs <= 0:
            self.playing = False
            return None
        result = train_recording_snapshots(self.trainer, self.timeline, n_epochs)
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

    def frame_asked(self):
        """Call when the browser's request for a frame arrives: notes whether it came as late
        as a hidden tab's does (see HIDDEN_TAB_GAP)."""
        since_last_frame = 0.0
        if self.last_training_end is not None:
            since_last_frame = time.perf_counter() - self.last_training_end
        self.in_background = since_last_frame > HIDDEN_TAB_GAP

    def frame_budget(self):
        """Seconds of training for this frame, so that a frame comes every FRAME_PERIOD seconds.

        A frame is drawing, Streamlit, the browser and the timer, then training. The time since
        the last frame's training ended measured all but the training; training fills what is
        left of the period. On a busy machine, where the rest alone takes most of a period,
        training still gets at least as long as the rest (half of each frame, so the run does
        not crawl), and never more than LONGEST_BUDGET (so the picture keeps moving).
        """
        if self.last_training_end is None:
            return FIRST_BUDGET
        rest_of_frame = time.perf_counter() - self.last_training_end
        return min(LONGEST_BUDGET, max(rest_of_frame, FRAME_PERIOD - rest_of_frame))

    def train_one_frame(self, epochs_per_frame=None, share=1.0):
        """One animation frame's training while playing: at "max" speed (None), as long as keeps
        the frames coming (frame_budget); at a fixed speed, that many epochs, cut short past
        LONGEST_FIXED_SPEED_FRAME seconds. `share` < 1 shortens both, when other sessions wait
        for their turn (ui/run/frame_gate.py); a hidden tab trains BACKGROUND_BUDGET only. Returns
        the epochs trained."""
        if self.in_background:
            trained = self.train_for(BACKGROUND_BUDGET, max_epochs=epochs_per_frame)
            self.slow = False  # the budget is small on purpose: no "training is slow" note
            return trained
        if epochs_per_frame is None:
            return self.train_for(self.frame_budget() * share)
        return self.train_for(LONGEST_FIXED_SPEED_FRAME * share, max_epochs=epochs_per_frame)

    def train_for(self, seconds, max_epochs=None):
        """Train as many epochs as fit in `seconds` (the frame's time budget), and at most
        `max_epochs` (the fixed speeds: "100 epochs" a frame, unless a big network needs
        longer than the frame can last).

        Each chunk is sized from the measured time per epoch to fill the time left, so a small
        network and a big one both use the budget without overrunning it.
        """
        start = time.perf_counter()
        trained = 0
        while self.playing and (max_epochs is None or trained < max_epochs):
            time_left = seconds - (time.perf_counter() - start)
            if time_left <= 0:
                break
            epochs = 1
            if self.seconds_per_epoch is not None:
                epochs = max(1, int(time_left / self.seconds_per_epoch))
            if max_epochs is not None:
                epochs = min(epochs, max_epochs - trained)
            chunk_start = time.perf_counter()
            result = self.train(epochs)
            if result is None or result.diverged:
                break
            trained += len(result)
            self.seconds_per_epoch = (time.perf_counter() - chunk_start) / len(result)
        self.last_training_end = time.perf_counter()
        self.last_frame_seconds = self.last_training_end - start
        self.slow = self.seconds_per_epoch is not None and self.seconds_per_epoch > seconds
        return trained

    # --- the buttons -------------------------------------------------------------------------

    def play(self):
        if self.finished:
            self.message = ("info", FINISHED_TEXT)
            return
        self.playing = True
        self.message = None
        self.last_training_end = None

    def pause(self):
        self.playing = False

    def step(self, n_epochs):
        """The Step buttons: pause, then train exactly n_epochs (fewer at the very end)."""
        self.playing = False
        self.message = None
        if self.finished:
            self.message = ("info", FINISHED_TEXT)
            return
        self.train(n_epochs)

    def reset(self):
        """Back to epoch 0 with the same initial weights (same seed, same settings)."""
        self.trainer = build_trainer(self.config, data=self.data)
        self.seconds_per_epoch = None  # the network may have changed: measure it again
        self.slow = False
        self.timeline.clear()
        self.timeline.record(0, self.trainer.network.parameters())
        self.playing = False
        self.diverged_epoch = None
        self.message = None

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
        self.grid_points, self.extent = make_grid(self.trainer.X, self.trainer.X_test)
        return "reset"

    # --- what the page draws -------------------------------------------------------------------

    def grid_probabilities(self):
        """Class probabilities on the grid, shape (GRID_CELLS, GRID_CELLS, K)."""
        probabilities = self.trainer.network.predict_proba(self.grid_points)
        return probabilities.reshape(GRID_CELLS, GRID_CELLS, -1)

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
        """Plain words when a single epoch takes longer than a frame's time budget."""
        if not self.slow:
            return None
        return (
            f"Training is slow: one epoch of this network on {len(self.trainer.X):,} points takes "
            f"{self.seconds_per_epoch:.2f} s, longer than a frame, so the picture moves one "
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
