"""The training timeline: copies of the network's parameters at evenly spaced epochs.

A run of 10,000 epochs cannot keep 10,000 copies of its weights, so the timeline keeps at most
`max_snapshots` of them, the way scratchnet/history.py keeps its curves: every epoch at first;
when full, every other snapshot is dropped and from then on only epochs that are multiples of 2
(then 4, 8, ...) are recorded. The snapshots stay evenly spaced from epoch 0 to the latest one.

A big network also has a memory budget (`max_bytes`): fewer snapshots, never more memory.

No Streamlit here: `PlaygroundRun` records into a timeline as it trains, the Network page reads
it back (`network_at`) on a temporary network, never touching the live one.
"""

import numpy as np

from scratchnet.network import Network

MAX_SNAPSHOTS = 200
MAX_BYTES = 16 * 2**20  # 16 MiB per run: a class of 30 sessions stays under half a gigabyte
MIN_SNAPSHOTS = 8  # even the biggest network keeps a few


class SnapshotTimeline:
    """Epochs and copies of the parameters [W1, b1, W2, b2, ...] at those epochs.

    `epochs[i]` is the number of epochs trained when `parameters[i]` was copied: epoch 0 holds
    the initial weights.
    """

    def __init__(self, max_snapshots=MAX_SNAPSHOTS, max_bytes=MAX_BYTES):
        if max_snapshots < 2:
            raise ValueError(
                f"max_snapshots must be at least 2. Received: max_snapshots={max_snapshots}"
            )
        self.max_snapshots = max_snapshots
        self.max_bytes = max_bytes
        self.stride = 1
        self.epochs = []
        self.parameters = []

    def __len__(self):
        return len(self.epochs)

    def capacity(self, parameters):
        """How many snapshots of these parameters fit: max_snapshots, fewer for a big network."""
        snapshot_bytes = sum(array.nbytes for array in parameters)
        fitting = self.max_bytes // max(snapshot_bytes, 1)
        return int(min(self.max_snapshots, max(MIN_SNAPSHOTS, fitting)))

    def record(self, epoch, parameters):
        """Copy the parameters if `epoch` is on the stride. Returns whether it was recorded.

        An epoch at or before the latest snapshot replaces the snapshots from there on (a
        diverged step that was undone, a run that went back): the timeline never goes
        backwards.
        """
        if epoch % self.stride != 0:
            return False
        while self.epochs and self.epochs[-1] >= epoch:
            self.epochs.pop()
            self.parameters.pop()
        self.epochs.append(int(epoch))
        self.parameters.append([array.copy() for array in parameters])
        capacity = self.capacity(parameters)
        while len(self.epochs) > capacity:
            self.stride *= 2
            kept = [
                index
                for index, kept_epoch in enumerate(self.epochs)
                if kept_epoch % self.stride == 0
            ]
            self.epochs = [self.epochs[index] for index in kept]
            self.parameters = [self.parameters[index] for index in kept]
        return epoch in self.epochs

    def forget_after(self, epoch):
        """Drop the snapshots taken after `epoch` (training went back there)."""
        while self.epochs and self.epochs[-1] > epoch:
            self.epochs.pop()
            self.parameters.pop()

    def clear(self):
        self.stride = 1
        self.epochs = []
        self.parameters = []

    def index_of(self, epoch):
        """The index of the snapshot taken at `epoch`; ValueError when there is none."""
        if epoch not in self.epochs:
            raise ValueError(f"no snapshot at epoch {epoch}. Recorded epochs: {self.epochs}")
        return self.epochs.index(epoch)

    def network_at(self, epoch, network):
        """A new network shaped like `network`, with the parameters recorded at `epoch`.

        Built from the network's description (fresh arrays), so drawing an old epoch can never
        change the live run.
        """
        recorded = self.parameters[self.index_of(epoch)]
        try:
            return network_with_parameters(network, recorded)
        except ValueError as error:
            raise ValueError(f"the snapshot at epoch {epoch} does not fit: {error}") from None

    def update_sizes(self):
        """How much each layer's weights moved between consecutive snapshots, per epoch.

        For dense layer j between snapshots i-1 and i (Δe epochs apart):

            update size = ‖W_i − W_(i−1)‖ / (‖W_(i−1)‖ · Δe)

        the relative change of the weights per epoch (a rule of thumb: about 1e-3 per update is
        healthy; much smaller learns slowly, much bigger is unstable). Returns (epochs of the
        later snapshots, array of shape (snapshots − 1, layers)).
        """
        epochs = np.array(self.epochs[1:], dtype=int)
        sizes = np.empty((len(epochs), len(self.parameters[0]) // 2 if self.parameters else 0))
        for row in range(len(epochs)):
            before = self.parameters[row][0::2]
            after = self.parameters[row + 1][0::2]
            gap = self.epochs[row + 1] - self.epochs[row]
            for layer, (old, new) in enumerate(zip(before, after)):
                norm = np.linalg.norm(old)
                change = np.linalg.norm(new - old)
                sizes[row, layer] = change / (norm * gap) if norm > 0 else np.nan
        return epochs, sizes


def network_with_parameters(network, parameters):
    """A new network shaped like `network`, holding copies of `parameters` (its own arrays, in
    `network.parameters()` order): what a snapshot draws, without touching the live network.

    Its layers are the live network's layers without their arrays (`settings_only`), given the
    snapshot's parameters. (Built anew from the network's config, each copy first drew random
    weights only to overwrite them: half the drawing of a film of 48 pictures.)"""
    for saved, live in zip(parameters, network.parameters()):
        if saved.shape != live.shape:
            raise ValueError(f"parameter of shape {saved.shape}, expected {live.shape}")
    copy = Network([settings_only(layer) for layer in network.layers])
    for layer, weights, biases in zip(copy.dense_layers, parameters[0::2], parameters[1::2]):
        layer.weights, layer.biases = weights.copy(), biases.copy()
    return copy


def settings_only(layer):
    """A copy of `layer` with its settings (sizes, precision, activation) and none of its
    arrays: no weights, nothing from the last forward or backward pass, no optimizer state."""
    copy = object.__new__(type(layer))
    copy.__dict__.update(
        (name, value) for name, value in vars(layer).items() if not isinstance(value, np.ndarray)
    )
    return copy


def train_recording_snapshots(trainer, timeline, n_epochs, after_each_epoch=None):
    """`trainer.step(n_epochs)`, recording the parameters into `timeline` in passing, and
    calling `after_each_epoch()` if given.

    After each epoch's update the trainer calls back (`on_epoch`), and the parameters are
    copied when the epoch is on the timeline's stride. When the loss diverges, the trainer goes
    back to where this call started, and so does the timeline.
    """

    def on_epoch(trained):
        timeline.record(trained.epoch, trained.network.parameters())
        if after_each_epoch is not None:
            after_each_epoch()

    result = trainer.step(n_epochs, on_epoch=on_epoch)
    if result.diverged:
        timeline.forget_after(trainer.epoch)
    return result
