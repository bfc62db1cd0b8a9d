"""The Digits page's run: a Trainer on scikit-learn's 8 x 8 digits, and what the page asks of it.

Play / Pause / Step / Reset and the frame timing come from AnimatedRun, so the page moves as
the Playground does. No Streamlit here; one DigitsRun lives in each session's
`st.session_state`.
"""

import time
from dataclasses import replace

import numpy as np

from scratchnet import apply_optimizer_settings, build_trainer
from scratchnet.datasets import DIGIT_SIDE, scale_digit_pixels
from ui.run.animated_run import AnimatedRun
from ui.run.playground_run import (
    FINISHED_TEXT,
    LIVE_SETTINGS,
    PlaygroundRun,
    divergence_explanation,
)

N_DIGITS = 10
# Seconds of training per animation frame at most (the Playground's frames train up to 0.14 s).
LONGEST_BUDGET = 0.08


class DigitsRun(AnimatedRun):
    """A run on the digits: its settings, its Trainer, and the network's answers."""

    data = None  # always the built-in digits (a PlaygroundRun's `data` may be the learner's)

    def __init__(self, config):
        super().__init__()
        if config.dataset != "digits":
            raise ValueError(f"a DigitsRun trains the digits. Received: dataset={config.dataset!r}")
        self.config = config.validate()
        self.trainer = build_trainer(config)
        # Set by the page's frame when a drawing waits to be read: that frame trains nothing.
        self.make_way_for_drawing = False

    @classmethod
    def from_trainer(cls, trainer, config):
        """A run that goes on from `trainer` at its epoch (a run loaded from a file)."""
        run = cls(config)
        run.trainer = trainer
        return run

    # --- training: what AnimatedRun asks for ---------------------------------------------

    # The epoch reached, and whether it is config.epochs: read as the Playground's run reads them.
    epoch = PlaygroundRun.epoch
    finished = PlaygroundRun.finished

    def train_chunk(self, n_epochs):
        """Train up to n_epochs, one `step` each so the test set is measured after every epoch
        (450 images: a fraction of an epoch's cost). Returns the epochs trained, 0 at the end
        or when the loss diverged (the run is then paused and put back, with a message)."""
        n_epochs = min(n_epochs, self.config.epochs - self.trainer.epoch)
        trained = 0
        for _ in range(max(n_epochs, 0)):
            result = self.trainer.step(1)
            if result.diverged:
                self.message = (
                    "error",
                    divergence_explanation(self.config, result.diverged_epoch, self.epoch),
                )
                self.playing = False
                return 0
            trained += 1
        if self.finished:
            self.playing = False
        return trained

    def train_one_frame(self, epochs_per_frame=None, share=1.0, between_chunks=None):
        """AnimatedRun's frame of training, unless the frame makes way for a drawing: then
        nothing is trained and the frame ends at once, so the drawing's rerun, queued behind
        it, comes now (the next frame trains on)."""
        if not self.make_way_for_drawing:
            return super().train_one_frame(epochs_per_frame, share, between_chunks)
        self.make_way_for_drawing = False
        self.last_training_end = time.perf_counter()  # the frame's end, for the next budget
        return 0

    def frame_budget(self):
        """AnimatedRun's budget, but at most LONGEST_BUDGET: a stroke's rerun waits for the
        frame in progress, so a shorter frame reads a drawing sooner."""
        return min(super().frame_budget(), LONGEST_BUDGET)

    def train_in_pictures(
        self, seconds, max_epochs=None, pictures=1, between_chunks=None, whole_clip=False
    ):
        """In one slice: this page takes no pictures between slices, and each slice trains at
        least one whole epoch, so more slices could only make the frame longer (and a clip of
        one picture is always whole)."""
        return super().train_in_pictures(seconds, max_epochs, 1, between_chunks)

    def finished_text(self):
        return FINISHED_TEXT

    def rebuild(self):
        self.trainer = build_trainer(self.config)

    def update_config(self, new_config):
        """Apply new settings: "unchanged"; "live" when only the optimizer's settings or the
        epochs changed (applied as the run goes on); "reset" when the network or the data did
        (the run starts over from epoch 0)."""
        new_config.validate()
        if new_config == self.config:
            return "unchanged"
        live_settings_only = replace(new_config, **dict.fromkeys(LIVE_SETTINGS)) == replace(
            self.config, **dict.fromkeys(LIVE_SETTINGS)
        )
        self.config = new_config
        if not live_settings_only:
            self.reset()
            return "reset"
        apply_optimizer_settings(self.trainer, new_config)
        return "live"

    # --- the network's answers -----------------------------------------------------------

    def test_probabilities(self):
        """The softmax outputs for every test image, shape (n_test, 10)."""
        return self.trainer.network.predict_proba(self.trainer.X_test)

    def probabilities_of(self, pixel_counts):
        """The ten probabilities for one 8 x 8 image of pixel counts 0..16 (a drawing)."""
        inputs = scale_digit_pixels(
            np.reshape(pixel_counts, (1, DIGIT_SIDE * DIGIT_SIDE)), self.trainer.X.dtype
        )
        return self.trainer.network.predict_proba(inputs)[0]

    def first_layer_weights(self):
        """The first dense layer's weights, shape (64 inputs, n_neurons): column j is what
        neuron j looks for in the image."""
        return self.trainer.network.dense_layers[0].weights

    # The latest numbers (epoch, loss, accuracy, test loss and accuracy, learning rate): read
    # from the trainer exactly as the Playground's run reads them.
    latest = PlaygroundRun.latest


def confusion_matrix(y_true, y_predicted, n_classes=N_DIGITS):
    """counts[i, j] = how many images of digit i the network read as j; the diagonal is right.

    Rows sum to how many images of each digit there are.
    """
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(y_true), np.asarray(y_predicted)), 1)
    return counts
