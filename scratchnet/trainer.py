"""Training, one call at a time: `Trainer.step(n_epochs)` is what the app calls many times a second.

One epoch = forward pass → loss → accuracy → backward pass → optimizer update, over the whole
training set (full batch, as in the book's chapters 2-14) or over shuffled mini-batches.
"""

import copy
from dataclasses import dataclass

import numpy as np

from .accuracy import CategoricalAccuracy, RegressionAccuracy
from .activations import Softmax
from .history import History
from .layers import Dropout, check_positive_int
from .losses import CategoricalCrossentropy, SoftmaxCategoricalCrossentropy


@dataclass
class StepResult:
    """What happened during one `Trainer.step` call: one entry per epoch trained.

    `learning_rate` is the optimizer's current_learning_rate when the epoch began, which is the
    number the book prints. `gradient_norms[i, j]` is ‖dL/dW‖ of dense layer j at epoch i (the
    last mini-batch's). If the loss turned NaN or infinite, `diverged` is True, `diverged_epoch`
    says when (it can be the epoch after the last one recorded, when the call's last update is
    what broke the weights), and the trainer was put back as it was before this call.

    `test_loss` and `test_accuracy` are measured at the end of the call, after its last update:
    the test history files them under the last epoch trained (the epoch whose update made the
    weights tested), and so do the history CSV and the exported script's printed lines.
    """

    epoch: np.ndarray
    data_loss: np.ndarray
    regularization_loss: np.ndarray
    accuracy: np.ndarray
    learning_rate: np.ndarray
    gradient_norms: np.ndarray
    diverged: bool = False
    diverged_epoch: int | None = None
    test_loss: float | None = None
    test_accuracy: float | None = None

    @property
    def loss(self):
        """Data loss + regularization loss."""
        return self.data_loss + self.regularization_loss

    def __len__(self):
        return len(self.epoch)


TRAIN_COLUMNS = ["epoch", "data_loss", "regularization_loss", "accuracy", "learning_rate"]
TEST_COLUMNS = ["epoch", "test_loss", "test_accuracy"]


class Trainer:
    """Trains `network` on (X, y) with `loss` and `optimizer`, keeping a bounded history.

    batch_size=None trains on the full batch each epoch (the book's loop). With a batch size, each
    epoch visits every sample once, in an order shuffled by `rng` when shuffle is True. `rng`
    (a np.random.RandomState) also draws the dropout masks: give it the generator that drew the
    data and the weights, and a seeded run repeats exactly.
    """

    def __init__(
        self,
        network,
        loss,
        optimizer,
        X,
        y,
        X_test=None,
        y_test=None,
        batch_size=None,
        shuffle=True,
        rng=None,
        history_max_points=4096,
    ):
        self.network = network
        self.optimizer = optimizer
        self.X, self.y = check_data(network, X, y, "X", "y")
        if X_test is not None and len(X_test) > 0:
            self.X_test, self.y_test = check_data(network, X_test, y_test, "X_test", "y_test")
        else:
            self.X_test, self.y_test = None, None
        if batch_size is not None:
            check_positive_int("batch_size", batch_size)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.rng = rng if rng is not None else np.random.RandomState(0)
        self.classification = is_classifier(network)
        # Softmax followed by cross-entropy: use the combined, fast gradient (the book's chapter 9).
        self.softmax_shortcut = isinstance(loss, CategoricalCrossentropy) and isinstance(
            network.output_activation, Softmax
        )
        self.loss = SoftmaxCategoricalCrossentropy() if self.softmax_shortcut else loss
        if self.classification:
            self.accuracy = CategoricalAccuracy()
        else:
            self.accuracy = RegressionAccuracy(self.y)
        self.epoch = 0
        n_layers = len(network.dense_layers)
        self.gradient_columns = [f"gradient_norm_{index}" for index in range(n_layers)]
        self.history = History(TRAIN_COLUMNS + self.gradient_columns, history_max_points)
        self.test_history = History(TEST_COLUMNS, history_max_points)

    # --- one epoch -------------------------------------------------------------------------

    def train_on_batch(self, X, y):
        """Forward, loss, accuracy, backward, update on one batch.

        Returns (data_loss, regularization_loss, accuracy), measured before the update.
        When the loss is not finite, nothing is updated.
        """
        output = self.network.forward(X, training=True)
        data_loss = self.loss.calculate(output, y)
        regularization_loss = self.network.regularization_loss()
        accuracy = self.accuracy.calculate(self.network.predictions(output), y)
        if not np.isfinite(data_loss + regularization_loss):
            return data_loss, regularization_loss, accuracy
        dvalues = self.loss.backward(output, y)
        self.network.backward(dvalues, skip_output_activation=self.softmax_shortcut)
        self.optimizer.update_params(self.network.parameters(), self.network.gradients())
        return data_loss, regularization_loss, accuracy

    def train_one_epoch(self):
        """Returns (data_loss, regularization_loss, accuracy) of the epoch.

        With mini-batches: the data loss and accuracy are means over all samples, the
        regularization loss is the last batch's.
        """
        if self.batch_size is None or self.batch_size >= len(self.X):
            return self.train_on_batch(self.X, self.y)
        order = self.rng.permutation(len(self.X)) if self.shuffle else np.arange(len(self.X))
        loss_sum = accuracy_sum = 0.0
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            data_loss, regularization_loss, accuracy = self.train_on_batch(
                self.X[batch], self.y[batch]
            )
            loss_sum += data_loss * len(batch)
            accuracy_sum += accuracy * len(batch)
            if not np.isfinite(data_loss + regularization_loss):
                break
        return loss_sum / len(self.X), regularization_loss, accuracy_sum / len(self.X)

    # --- many epochs -----------------------------------------------------------------------

    def step(self, n_epochs=1, on_epoch=None):
        """Train `n_epochs` more epochs and return what happened (a StepResult).

        Stops early when the loss turns NaN or infinite: the trainer is then restored to where
        it was before this call, so the run stays usable (lower the learning rate, go on).

        `on_epoch(trainer)`, if given, is called after each epoch's update, with `trainer.epoch`
        already counting it: a way to look at the network in passing (the Playground records
        its weights for the training timeline) without cutting the call into pieces.
        """
        check_positive_int("n_epochs", n_epochs)
        # What to go back to if the loss diverges. Reading the generator's state costs as much
        # as an epoch of the book's network: skip it when training draws no random numbers.
        saved = self.snapshot(include_rng=self.draws_random_numbers)
        n_layers = len(self.gradient_columns)
        records = np.empty((n_epochs, len(TRAIN_COLUMNS) + n_layers))
        dense_layers = self.network.dense_layers
        diverged_epoch = None
        # When a run diverges, its numbers overflow: that is detected below and undone, so
        # NumPy's overflow warnings would only be noise.
        with np.errstate(over="ignore", invalid="ignore"):
            for row in range(n_epochs):
                learning_rate = self.optimizer.current_learning_rate
                data_loss, regularization_loss, accuracy = self.train_one_epoch()
                measured = (self.epoch, data_loss, regularization_loss, accuracy)
                if not np.isfinite(data_loss + regularization_loss):
                    diverged_epoch = self.epoch
                    records = records[: row + 1]
                    records[row] = np.nan
                    records[row, :4] = measured
                    break
                records[row, :5] = (*measured, learning_rate)
                for column, layer in enumerate(dense_layers, start=5):
                    records[row, column] = np.sqrt(np.vdot(layer.dweights, layer.dweights))
                self.epoch += 1
                if on_epoch is not None:
                    on_epoch(self)
            if diverged_epoch is None and not self.loss_is_finite():
                # Each epoch measures its loss before its update, so an update that blows the
                # weights up only shows in the next epoch's loss. Look at it now, while the
                # start of this call can still be restored; a later call could only go back here.
                diverged_epoch = self.epoch
        if diverged_epoch is not None:
            self.restore(*saved)
        else:
            self.history.extend(records)
        result = StepResult(
            epoch=records[:, 0].astype(int),
            data_loss=records[:, 1],
            regularization_loss=records[:, 2],
            accuracy=records[:, 3],
            learning_rate=records[:, 4],
            gradient_norms=records[:, 5:],
            diverged=diverged_epoch is not None,
            diverged_epoch=diverged_epoch,
        )
        if self.X_test is not None and diverged_epoch is None:
            result.test_loss, result.test_accuracy = self.evaluate(self.X_test, self.y_test)
            last_epoch_trained = self.epoch - 1
            self.test_history.extend([[last_epoch_trained, result.test_loss, result.test_accuracy]])
        return result

    def loss_is_finite(self):
        """Whether the current weights give a finite loss on the training data."""
        data_loss, _ = self.evaluate(self.X, self.y)
        return bool(np.isfinite(data_loss + self.network.regularization_loss()))

    def evaluate(self, X, y):
        """(data loss, accuracy) on other data, in prediction mode (no dropout, no update)."""
        output = self.network.forward(X, training=False)
        data_loss = float(self.loss.calculate(output, y))
        accuracy = float(self.accuracy.calculate(self.network.predictions(output), y))
        return data_loss, accuracy

    # --- state: copy, save, resume -----------------------------------------------------------

    @property
    def draws_random_numbers(self):
        """Whether an epoch uses `rng`: to shuffle mini-batches, or for dropout masks."""
        shuffles = self.shuffle and self.batch_size is not None and self.batch_size < len(self.X)
        return shuffles or any(isinstance(layer, Dropout) for layer in self.network.layers)

    def snapshot(self, include_rng=True):
        """The state that training changes, as (arrays, JSON-ready dict); history not included.

        include_rng=False leaves out the random generator's state, which restore() then keeps.
        """
        arrays = {}
        for index, parameter in enumerate(self.network.parameters()):
            arrays[f"parameter/{index}"] = parameter.copy()
        for name, per_parameter in self.optimizer.slots.items():
            for index, array in per_parameter.items():
                arrays[f"optimizer/{name}/{index}"] = array.copy()
        meta = {
            "epoch": self.epoch,
            "optimizer_iterations": self.optimizer.iterations,
            "optimizer_current_learning_rate": self.optimizer.current_learning_rate,
        }
        if include_rng:
            generator, keys, position, has_gauss, cached_gaussian = self.rng.get_state()
            arrays["rng/keys"] = keys
            meta["rng"] = [generator, position, has_gauss, cached_gaussian]
        return arrays, meta

    def restore(self, arrays, meta):
        """Put back a `snapshot()` (its arrays are copied in, not shared)."""
        parameters = self.network.parameters()
        for index, parameter in enumerate(parameters):
            saved = arrays[f"parameter/{index}"]
            if saved.shape != parameter.shape:
                raise ValueError(
                    f"parameter {index} must have shape {parameter.shape}. Received: {saved.shape}"
                )
            parameter[...] = saved
        slots = {}
        for key, array in arrays.items():
            if key.startswith("optimizer/"):
                _, name, index = key.split("/")
                if parameters[int(index)].shape != array.shape:
                    raise ValueError(f"optimizer state {key} has the wrong shape {array.shape}")
                # float64 memory stays float64 (the book's, behind float64 gradients)
                dtype = np.float64 if array.dtype == np.float64 else self.network.dtype
                slots.setdefault(name, {})[int(index)] = array.astype(dtype)
        self.optimizer.slots = slots
        if "rng" in meta:
            generator, position, has_gauss, cached_gaussian = meta["rng"]
            keys = arrays["rng/keys"]
            self.rng.set_state((generator, keys, position, has_gauss, cached_gaussian))
        self.epoch = int(meta["epoch"])
        self.optimizer.iterations = int(meta["optimizer_iterations"])
        self.optimizer.current_learning_rate = float(meta["optimizer_current_learning_rate"])

    def copy(self):
        """An independent trainer in the same state: training one does not touch the other."""
        return copy.deepcopy(self)


def is_classifier(network):
    return network.output_activation.__class__.__name__ in ("Softmax", "Sigmoid")


def check_data(network, X, y, x_name, y_name):
    """Validate a dataset against the network before any work is done."""
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != network.n_inputs:
        raise ValueError(
            f"{x_name} must have shape (samples, {network.n_inputs}). Received: shape {X.shape}"
        )
    if len(X) == 0 or len(y) != len(X):
        raise ValueError(
            f"{x_name} and {y_name} must hold the same number (> 0) of samples. "
            f"Received: {len(X)} and {len(y)}"
        )
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{x_name} must hold finite numbers only. Received: NaN or infinity")
    # Under "nnfs", float64 data stays float64, as the book's sine_data does after nnfs.init();
    # otherwise the data takes the network's float type.
    keeps_float64 = network.precision == "nnfs"
    if not (keeps_float64 and X.dtype == np.float64):
        X = X.astype(network.dtype, copy=False)
    labelled = isinstance(network.output_activation, Softmax) or network.is_binary_classifier
    if labelled and y.ndim == 1:
        n_classes = 2 if network.is_binary_classifier else network.n_outputs
        if not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"{y_name} must hold integer class labels. Received: {y.dtype}")
        if y.min() < 0 or y.max() >= n_classes:
            raise ValueError(
                f"{y_name} labels must be in [0, {n_classes - 1}] for a network with "
                f"{n_classes} classes. Received: labels from {y.min()} to {y.max()}"
            )
        y = y.astype(np.intp, copy=False)
    elif y.ndim == 1 or y.shape[1:] != (network.n_outputs,):
        if y.ndim == 1 and network.n_outputs == 1:
            y = y.reshape(-1, 1)
        else:
            raise ValueError(
                f"{y_name} must have shape (samples, {network.n_outputs}). Received: {y.shape}"
            )
    if y.dtype.kind == "f" and not (keeps_float64 and y.dtype == np.float64):
        y = y.astype(network.dtype, copy=False)
    return X, y
