"""Accuracy: the share of predictions counted as right (chapters 11 and 17)."""

import numpy as np


class CategoricalAccuracy:
    """Share of samples whose predicted class is the true class (labels or one-hot rows).

    For sigmoid outputs, (N, K) zeros and ones, it is the share of the N·K outputs that are
    right, as the book's binary accuracy (np.mean of the comparisons).
    """

    def calculate(self, predictions, y_true):
        if y_true.ndim == 2 and predictions.ndim == 1:
            # one-hot rows, or a binary classifier's (N, 1) column of zeros and ones
            y_true = y_true[:, 0] if y_true.shape[1] == 1 else np.argmax(y_true, axis=1)
        comparisons = predictions == y_true
        return np.count_nonzero(comparisons) / comparisons.size


class RegressionAccuracy:
    """Share of predictions within `precision` of the truth.

    The book's rule: precision = std(y) / 250, fixed from the training targets once.
    """

    def __init__(self, y_true, strictness=250):
        self.precision = float(np.std(y_true) / strictness)

    def calculate(self, predictions, y_true):
        return np.mean(np.absolute(predictions - y_true) < self.precision)
