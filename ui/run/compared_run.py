"""One run of a comparison (Compare, Regression): a trainer, its history and what the page shows
of it. No Streamlit. `RunGroup` (ui/run/run_group.py) trains several of them in lock step."""

import numpy as np

from scratchnet import build_trainer


class ComparedRun:
    """One run of a comparison: its config, its trainer, whether it diverged, and the epochs
    at which its training accuracy reached a new best (enough to answer "when did it first
    reach 90 %?" for any target, exactly, however long the history grows)."""

    def __init__(self, config, label, data=None):
        self.config = config
        self.label = label
        self.trainer = build_trainer(config, data=data)
        self.diverged_epoch = None
        self.last_epochs = None  # a diverged run's epochs after its history stopped
        self.best_epochs = []
        self.best_accuracies = []

    @property
    def epoch(self):
        return self.trainer.epoch

    @property
    def training(self):
        """Still to train: not diverged and short of the epochs asked for."""
        return self.diverged_epoch is None and self.trainer.epoch < self.config.epochs

    def train(self, n_epochs):
        """Train up to n_epochs (never past config.epochs); returns the epochs trained."""
        n_epochs = min(n_epochs, self.config.epochs - self.trainer.epoch)
        if n_epochs <= 0 or self.diverged_epoch is not None:
            return 0
        result = self.trainer.step(n_epochs)
        if result.diverged:
            # The trainer put itself back as it was before this call, and stays there. Its
            # history stops there too; keep the finite epochs of this call to show the blow-up.
            self.diverged_epoch = result.diverged_epoch
            finite = np.isfinite(result.loss)
            self.last_epochs = {
                "epochs": result.epoch[finite],
                "loss": result.loss[finite],
                "accuracy": result.accuracy[finite],
            }
            self.record_best_accuracies(result.epoch[finite], result.accuracy[finite])
            return 0
        self.record_best_accuracies(result.epoch, result.accuracy)
        return len(result)

    def record_best_accuracies(self, epochs, accuracies):
        """Keep the (epoch, accuracy) pairs where the accuracy beat every earlier epoch."""
        best_so_far = self.best_accuracies[-1] if self.best_accuracies else -np.inf
        # Epoch i is a new best when it beats the best before this call and every earlier
        # epoch of this call (running_best[i - 1]).
        running_best = np.maximum.accumulate(accuracies)
        previous_best = np.concatenate([[best_so_far], running_best[:-1]])
        new_best = accuracies > np.maximum(previous_best, best_so_far)
        self.best_epochs.extend(int(epoch) for epoch in epochs[new_best])
        self.best_accuracies.extend(float(value) for value in accuracies[new_best])

    def epochs_to_reach(self, target_accuracy):
        """The first epoch whose training accuracy was >= target, or None."""
        return epochs_to_reach(self.best_epochs, self.best_accuracies, target_accuracy)

    def curves(self):
        """The loss and accuracy curves, as plain arrays (what the figures draw)."""
        history = self.trainer.history
        test_history = self.trainer.test_history
        has_test = len(test_history) > 0
        epochs = history["epoch"]
        loss = history["data_loss"] + history["regularization_loss"]
        accuracy = history["accuracy"]
        if self.last_epochs is not None:
            epochs = np.concatenate([epochs, self.last_epochs["epochs"]])
            loss = np.concatenate([loss, self.last_epochs["loss"]])
            accuracy = np.concatenate([accuracy, self.last_epochs["accuracy"]])
        return {
            "label": self.label,
            "epochs": epochs,
            "loss": loss,
            "accuracy": accuracy,
            "test_epochs": test_history["epoch"] if has_test else None,
            "test_loss": test_history["test_loss"] if has_test else None,
            "test_accuracy": test_history["test_accuracy"] if has_test else None,
            "diverged_epoch": self.diverged_epoch,
        }

    def summary(self, target_accuracy):
        """The latest numbers of the run, for the summary table (None where not known yet)."""
        last = self.trainer.history.last()
        test = self.trainer.test_history.last()
        history = self.trainer.history
        loss = None if last is None else last["data_loss"] + last["regularization_loss"]
        start_loss = None
        if len(history):
            start_loss = float(history["data_loss"][0] + history["regularization_loss"][0])
        return {
            "label": self.label,
            "epoch": self.trainer.epoch,
            "loss": loss,
            "accuracy": None if last is None else last["accuracy"],
            "test_loss": None if test is None else test["test_loss"],
            "test_accuracy": None if test is None else test["test_accuracy"],
            "epochs_to_target": self.epochs_to_reach(target_accuracy),
            "diverged_epoch": self.diverged_epoch,
            # Finite but well above where it started: the steps overshoot (too high a rate).
            "overshooting": bool(
                loss is not None and self.trainer.epoch >= 50 and loss > 1.5 * start_loss
            ),
        }


def epochs_to_reach(epochs, accuracies, target_accuracy):
    """The first epoch at which the accuracy was at least `target_accuracy`, or None.

    `epochs` and `accuracies` are matching sequences in epoch order: a whole history, or only
    the epochs where the accuracy reached a new best (the first one >= target is the same).
    """
    reached = np.flatnonzero(np.asarray(accuracies, dtype=float) >= target_accuracy)
    return None if len(reached) == 0 else int(np.asarray(epochs)[reached[0]])


# --- the group --------------------------------------------------------------------------------
