"""The Learn page's state in one browser session: a copy of the Playground's trainer, the
batch, and the steps taken on the page.
"""

from dataclasses import dataclass

import numpy as np

from scratchnet.trainer import Trainer
from ui.learn.batch import MAX_BATCH, default_batch
from ui.learn.formulas import optimizer_name
from ui.learn.stage import source_of
from ui.learn.update import update_learning_rate
from ui.learn.walkthrough import batch_loss, walk_through


@dataclass
class StepRecord:
    """One step taken on the Learn page."""

    step: int
    batch: tuple
    loss_before: float
    loss_after: float
    learning_rate: float


class LearnSession:
    """The Learn page's state in one browser session.

    It owns a copy of the Playground's trainer, so stepping here never changes the
    Playground's training, the batch the learner chose, and the steps taken so far.
    """

    def __init__(self, run, seed=0):
        self.batch_rng = np.random.default_rng(seed)  # for "random batch"
        self.batch = []
        self.message = None
        self.take(run)

    # --- the copy ---

    def take(self, run):
        """Copy the Playground's trainer as it is now, and start counting steps again.

        The batch is kept when the data is the same, and chosen afresh when it is not.
        """
        same_data = bool(self.batch) and np.array_equal(self.original.X, run.trainer.X)
        self.original = run.trainer.copy()
        self.config = run.config
        self.source_epoch = run.trainer.epoch
        self.reset()
        if not same_data:
            self.batch = default_batch(self.trainer.y)

    def reset(self):
        """Back to the copy as it was taken."""
        self.trainer = self.original.copy()
        self.steps = []
        self.message = None

    def is_behind(self, run):
        """Whether the Playground has moved on (other epoch or settings) since the copy."""
        return run.trainer.epoch != self.source_epoch or run.config != self.config

    # --- the batch ---

    def set_batch(self, indices):
        """Choose the batch's points; at most MAX_BATCH, each once, in range."""
        chosen = []
        for index in indices:
            index = int(index)
            if not 0 <= index < len(self.trainer.X):
                raise ValueError(
                    f"point index must be between 0 and {len(self.trainer.X) - 1}. "
                    f"Received: {index}"
                )
            if index not in chosen:
                chosen.append(index)
        self.message = None
        if len(chosen) > MAX_BATCH:
            self.message = (
                "info",
                f"{len(chosen)} points were selected; the batch keeps the first {MAX_BATCH}.",
            )
        self.batch = chosen[:MAX_BATCH]
        return self.batch

    def random_batch(self):
        """A new batch of the same size (3 to 6 points), drawn from the seeded generator."""
        size = min(MAX_BATCH, max(3, len(self.batch)), len(self.trainer.X))
        chosen = self.batch_rng.choice(len(self.trainer.X), size=size, replace=False)
        return self.set_batch(sorted(int(index) for index in chosen))

    def apply_selection(self, indices):
        """Points picked on the chart: one click adds or removes that point, a box or lasso
        selection of several points becomes the batch."""
        if len(indices) == 1:
            index = indices[0]
            if index in self.batch:
                return self.set_batch([i for i in self.batch if i != index])
            if len(self.batch) >= MAX_BATCH:
                self.message = (
                    "info",
                    f"The batch is full ({MAX_BATCH} points): remove one first.",
                )
                return self.batch
            return self.set_batch([*self.batch, index])
        if indices:
            return self.set_batch(indices)
        return self.batch

    @property
    def inputs(self):
        """The batch's rows of the training data X."""
        return self.trainer.X[self.batch]

    @property
    def targets(self):
        """The batch's labels (or regression targets) y."""
        return self.trainer.y[self.batch]

    def point_labels(self):
        return [f"#{index}" for index in self.batch]

    # --- the step ---

    def walkthrough(self):
        return walk_through(self.trainer, self.inputs, self.targets)

    def next_step(self):
        """One update on the batch: `Trainer.train_on_batch`, what the Playground does per
        batch. Returns the StepRecord, or None (with a message) when the loss is not finite."""
        if not self.batch:
            self.message = ("warning", "Choose at least one point for the batch first.")
            return None
        X, y = self.inputs, self.targets
        loss_before = batch_loss(self.trainer, X, y)
        learning_rate = update_learning_rate(self.trainer.optimizer)
        with np.errstate(over="ignore", invalid="ignore"):
            data_loss, regularization, _ = self.trainer.train_on_batch(X, y)
        if not np.isfinite(data_loss + regularization):
            self.message = (
                "error",
                "The loss on this batch is not a finite number, so no update was made. "
                "Press 'Reset copy' or take the Playground's network again.",
            )
            return None
        record = StepRecord(
            step=len(self.steps) + 1,
            batch=tuple(self.batch),
            loss_before=loss_before,
            loss_after=batch_loss(self.trainer, X, y),
            learning_rate=learning_rate,
        )
        self.steps.append(record)
        self.message = None
        return record


def describe_trainer(trainer):
    """A line about the network and its optimizer, e.g.
    "2 → 64 → 3 neurons; optimizer SGD (learning rate 1, decay 0, momentum 0)"."""
    sizes = [trainer.network.n_inputs] + [layer.n_neurons for layer in trainer.network.dense_layers]
    optimizer = trainer.optimizer
    settings = ", ".join(
        f"{key.replace('_', ' ')} {value:g}" for key, value in optimizer.hyperparameters().items()
    )
    name = optimizer_name(optimizer)
    return f"{' → '.join(map(str, sizes))} neurons; optimizer {name} ({settings})"


def trainer_step_source():
    """The trainer's one step on a batch: what the stages take apart."""
    return source_of(Trainer.train_on_batch)
