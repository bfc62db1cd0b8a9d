"""Losses: how wrong the predictions are (`forward`), and which way to move them (`backward`).

`forward(y_pred, y_true)` returns one loss per sample; `calculate` averages them into the data
loss. `backward(dvalues, y_true)` returns dL/dy_pred for the mean loss, which is why every
gradient is divided by the number of samples.
"""

import numpy as np

# Probabilities are kept inside [CLIP, 1 - CLIP] so that log never sees 0.
CLIP = 1e-7


class Loss:
    def calculate(self, output, y_true):
        """The data loss: the mean of the per-sample losses.

        (sum / count is what np.mean computes, to the bit, without its call overhead.)
        """
        sample_losses = self.forward(output, y_true)
        return sample_losses.sum() / len(sample_losses)


class CategoricalCrossentropy(Loss):
    """L = -log(ŷ_k), the negative log-probability of the true class k (chapter 5).

    `y_true` is either class indices, shape (N,), or one-hot rows, shape (N, K).
    Gradient:  dL/dŷ = -y / ŷ  (y one-hot).
    """

    def forward(self, y_pred, y_true):
        if y_true.ndim == 1:
            correct_confidences = y_pred[np.arange(len(y_pred)), y_true]
        else:
            correct_confidences = np.sum(y_pred * y_true, axis=1)
        # Clipping after picking gives the book's numbers (it clips all of y_pred first);
        # np.clip(x, low, high) is np.minimum(np.maximum(x, low), high), minus its overhead.
        correct_confidences = np.minimum(np.maximum(correct_confidences, CLIP), 1 - CLIP)
        return -np.log(correct_confidences)

    def backward(self, dvalues, y_true):
        samples, labels = dvalues.shape
        if y_true.ndim == 1:
            y_true = np.eye(labels, dtype=dvalues.dtype)[y_true]
        # -y/ŷ, computed only where y ≠ 0: elsewhere the gradient is 0, also where a saturated
        # softmax gave ŷ = 0 (the book's -y/ŷ gives 0/0 = NaN there). A true class whose ŷ
        # underflowed to 0 is taken at the smallest positive float (Softmax.backward does the
        # same), which keeps -y/ŷ finite; everywhere else these are the book's numbers.
        smallest = np.finfo(dvalues.dtype).tiny
        shape = np.broadcast_shapes(y_true.shape, dvalues.shape)
        self.dinputs = np.zeros(shape, np.result_type(y_true, dvalues))
        np.divide(-y_true, np.maximum(dvalues, smallest), out=self.dinputs, where=y_true != 0)
        self.dinputs = self.dinputs / samples
        return self.dinputs


class SoftmaxCategoricalCrossentropy(Loss):
    """Softmax followed by categorical cross-entropy, differentiated as one step (chapter 9).

    Through the softmax Jacobian, the gradient of  L = -log(softmax(z)_k)  with respect to the
    scores z collapses to
        dL/dz = ŷ - y        (ŷ the probabilities, y the one-hot truth)
    which costs one subtraction instead of a K×K matrix per sample.
    `forward` takes the probabilities the network's Softmax layer already computed.
    """

    def forward(self, y_pred, y_true):
        return CategoricalCrossentropy().forward(y_pred, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        if y_true.ndim == 2:
            y_true = np.argmax(y_true, axis=1)
        self.dinputs = dvalues.copy()
        # ŷ - y: subtract 1 at the true class of every sample
        self.dinputs[np.arange(samples), y_true] -= 1
        self.dinputs /= samples
        return self.dinputs


def binary_targets(y_true, y_pred):
    """0/1 labels in the outputs' shape and float type: (N,) class indices -> (N, 1).

    The book's labels are uint8 (spiral_data), which NumPy multiplies with float32 into
    float32; int64 labels would turn the loss float64 and part from the book's numbers.
    As floats of the outputs' own type, 0 and 1 give the book's numbers exactly.
    """
    if y_true.ndim == 1:
        y_true = y_true.reshape(-1, 1)
    if y_true.dtype.kind != "f":
        y_true = y_true.astype(y_pred.dtype)
    return y_true


class BinaryCrossentropy(Loss):
    """L = -mean over outputs of  y·log(ŷ) + (1 - y)·log(1 - ŷ)  (chapter 16; sigmoid outputs).

    Gradient:  dL/dŷ = -(y/ŷ - (1 - y)/(1 - ŷ)) / n_outputs.
    `y_true` is zeros and ones, shape (N, n_outputs), or class indices (N,) for one output.
    """

    def forward(self, y_pred, y_true):
        y_true = binary_targets(y_true, y_pred)
        y_pred_clipped = np.clip(y_pred, CLIP, 1 - CLIP)
        sample_losses = -(
            y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped)
        )
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        y_true = binary_targets(y_true, dvalues)
        samples, outputs = dvalues.shape
        clipped_dvalues = np.clip(dvalues, CLIP, 1 - CLIP)
        self.dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        self.dinputs = self.dinputs / samples
        return self.dinputs


class MeanSquaredError(Loss):
    """L = mean over outputs of (y - ŷ)²  (chapter 17, regression).

    Gradient:  dL/dŷ = -2·(y - ŷ) / n_outputs.
    """

    def forward(self, y_pred, y_true):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples
        return self.dinputs


class MeanAbsoluteError(Loss):
    """L = mean over outputs of |y - ŷ|  (chapter 17).   dL/dŷ = -sign(y - ŷ) / n_outputs.

    (The book's code leaves out the minus sign; the finite-difference test catches it.)
    """

    def forward(self, y_pred, y_true):
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        self.dinputs = -np.sign(y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples
        return self.dinputs


LOSSES = {
    "categorical_crossentropy": CategoricalCrossentropy,
    "binary_crossentropy": BinaryCrossentropy,
    "mean_squared_error": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError,
}
