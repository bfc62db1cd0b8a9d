"""What the app does that the book has no code for, written in the book's style so that an
exported script (ui/files/script_classes.py) can carry it:

- train_test_split: the app's train/test split (scratchnet.datasets.train_test_split, without
  its argument checks): a share of each class held back, chosen at random.
- _check_classification_arguments, _check_two_classes: stand-ins for the argument checks of
  scratchnet's dataset functions, which a script embeds when nnfs has no such dataset.
- Layer_Dropout_Float32: the book's Layer_Dropout with its mask in float32, as the app's
  fast float32 runs keep it.
"""

# Written in the book's style: not reformatted.
# fmt: off
# ruff: noqa: N801

import numpy as np

from .layers import Layer_Dropout


# The app's train/test split: a share of each class (of all the points, for
# regression) is held back to test on, chosen at random; both sets keep the
# points in their original order.
def train_test_split(X, y, test_fraction, rng):
    if y.ndim == 1:
        groups = [np.flatnonzero(y == label) for label in np.unique(y)]
    else:
        groups = [np.arange(len(X))]
    train_parts = []
    test_parts = []
    for group in groups:
        test_count = round(test_fraction * len(group))
        shuffled = rng.permutation(group)
        test_parts.append(shuffled[:test_count])
        train_parts.append(shuffled[test_count:])
    train_indices = np.sort(np.concatenate(train_parts))
    test_indices = np.sort(np.concatenate(test_parts))
    return X[train_indices], y[train_indices], X[test_indices], y[test_indices]


# scratchnet's datasets check their arguments first (a clear error for a bad value);
# the values in this script are known to be good, so here the check only converts them
# as scratchnet's does: noise to a Python float, dtype to a NumPy dtype.
def _check_classification_arguments(samples, classes, noise, rng, dtype):
    return float(noise), np.dtype(dtype)


def _check_two_classes(dataset_name, classes):
    pass


# The app's float32 runs keep the dropout mask in the inputs' float type
# (the book's mask is float64, which would turn the next layers float64)
class Layer_Dropout_Float32(Layer_Dropout):

    # Forward pass
    def forward(self, inputs):
        super().forward(inputs)
        self.binary_mask = self.binary_mask.astype(inputs.dtype)
        self.output = inputs * self.binary_mask
