"""Layers with parameters (Dense) or with randomness (Dropout).

Shapes, for a batch of N samples:  inputs (N, n_inputs),  weights (n_inputs, n_neurons),
biases (1, n_neurons),  output (N, n_neurons).
"""

import numpy as np


def nnfs_dot(a, b):
    """np.dot exactly as `nnfs.init()` patches it: multiply in float64, round the result to float32.

    The book's printed numbers come out of this product; use precision="nnfs" to get them.
    """
    return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)


# precision name -> (dtype of data and parameters, matrix product)
PRECISIONS = {
    "float32": (np.float32, np.dot),  # fast: what the app uses
    "nnfs": (np.float32, nnfs_dot),  # the same numbers as the book's code after nnfs.init()
    "float64": (np.float64, np.dot),  # exact enough for gradient checks
}


# How a Dense layer's first weights are drawn: name -> (one line on it, the scale that multiplies
# N(0, 1) numbers, from the layer's sizes). Biases always start at 0.
WEIGHT_INITIALIZATIONS = {
    "0.01": (
        "the book's: 0.01·N(0, 1), small weights that start every neuron near zero (chapters 3-16)",
        lambda n_inputs, n_neurons: 0.01,
    ),
    "0.1": (
        "the book's for regression: 0.1·N(0, 1), ten times larger, so that a deep regression "
        "network does not start stuck on a flat line (chapter 17)",
        lambda n_inputs, n_neurons: 0.1,
    ),
    "glorot": (
        "Glorot/Xavier: N(0, 1)·√(2 / (n_inputs + n_neurons)), keeps the signal's size from "
        "layer to layer for tanh and sigmoid",
        lambda n_inputs, n_neurons: (2 / (n_inputs + n_neurons)) ** 0.5,
    ),
    "he": (
        "He: N(0, 1)·√(2 / n_inputs), keeps the signal's size through ReLU layers, which zero "
        "half of it",
        lambda n_inputs, n_neurons: (2 / n_inputs) ** 0.5,
    ),
}


def check_precision(precision):
    if precision not in PRECISIONS:
        raise ValueError(
            f"precision must be one of {sorted(PRECISIONS)}. Received: precision={precision!r}"
        )
    return PRECISIONS[precision]


def check_positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer. Received: {name}={value!r}")


def check_non_negative(name, value):
    if not (isinstance(value, (int, float, np.floating, np.integer)) and 0 <= value < np.inf):
        raise ValueError(f"{name} must be a finite number >= 0. Received: {name}={value!r}")


class Dense:
    """A fully connected layer:  z = x·W + b.

    Weights start as scale·N(0, 1) and biases at 0, drawn from `rng` (a np.random.RandomState),
    so that with the same seed the weights are the book's; the scale is the book's 0.01 unless
    `weight_init` names another (WEIGHT_INITIALIZATIONS). Optional L1/L2 penalties
    (chapter 14) add  λ1·Σ|w| + λ2·Σw²  to the loss and their derivative to the gradients.
    """

    def __init__(
        self,
        n_inputs,
        n_neurons,
        rng,
        weight_regularizer_l1=0.0,
        weight_regularizer_l2=0.0,
        bias_regularizer_l1=0.0,
        bias_regularizer_l2=0.0,
        precision="float32",
        weight_init="0.01",
    ):
        check_positive_int("n_inputs", n_inputs)
        if weight_init not in WEIGHT_INITIALIZATIONS:
            raise ValueError(
                f"weight_init must be one of {', '.join(WEIGHT_INITIALIZATIONS)}. "
                f"Received: weight_init={weight_init!r}"
            )
        check_positive_int("n_neurons", n_neurons)
        for name, value in [
            ("weight_regularizer_l1", weight_regularizer_l1),
            ("weight_regularizer_l2", weight_regularizer_l2),
            ("bias_regularizer_l1", bias_regularizer_l1),
            ("bias_regularizer_l2", bias_regularizer_l2),
        ]:
            check_non_negative(name, value)
        dtype, self.dot = check_precision(precision)
        self.precision = precision
        self.weight_init = weight_init
        scale = WEIGHT_INITIALIZATIONS[weight_init][1](n_inputs, n_neurons)
        # rng.randn draws the same numbers as the book's np.random.randn after np.random.seed.
        self.weights = scale * rng.randn(n_inputs, n_neurons).astype(dtype)
        self.biases = np.zeros((1, n_neurons), dtype=dtype)
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2
        self.compute_dinputs = True
        self.dinputs = None

    def forward(self, inputs, training=False):
        self.inputs = inputs
        self.output = self.dot(inputs, self.weights)
        self.output += self.biases
        return self.output

    def backward(self, dvalues):
        # z = x·W + b, so:
        # dL/dW = xᵀ · dL/dz
        self.dweights = self.dot(self.inputs.T, dvalues)
        # dL/db = Σ over the samples of dL/dz
        self.dbiases = dvalues.sum(axis=0, keepdims=True)
        # The penalties' derivatives: d(λ1·|w|)/dw = λ1·sign(w),  d(λ2·w²)/dw = 2·λ2·w
        if self.weight_regularizer_l1 > 0:
            self.dweights += self.weight_regularizer_l1 * l1_sign(self.weights)
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            self.dbiases += self.bias_regularizer_l1 * l1_sign(self.biases)
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases
        # dL/dx = dL/dz · Wᵀ, handed to the layer before. The first layer's inputs are the data,
        # which nothing learns from: the network switches this product off there.
        if self.compute_dinputs:
            self.dinputs = self.dot(dvalues, self.weights.T)
        return self.dinputs

    def regularization_loss(self):
        """λ1·Σ|w| + λ2·Σw² (and the same for the biases): the penalty added to the data loss."""
        loss = 0
        if self.weight_regularizer_l1 > 0:
            loss += self.weight_regularizer_l1 * np.sum(np.abs(self.weights))
        if self.weight_regularizer_l2 > 0:
            loss += self.weight_regularizer_l2 * np.sum(self.weights * self.weights)
        if self.bias_regularizer_l1 > 0:
            loss += self.bias_regularizer_l1 * np.sum(np.abs(self.biases))
        if self.bias_regularizer_l2 > 0:
            loss += self.bias_regularizer_l2 * np.sum(self.biases * self.biases)
        return loss

    @property
    def n_inputs(self):
        return self.weights.shape[0]

    @property
    def n_neurons(self):
        return self.weights.shape[1]

    def config(self):
        """What it takes to build this layer again (the parameters themselves are saved apart)."""
        return {
            "type": "dense",
            "n_inputs": self.n_inputs,
            "n_neurons": self.n_neurons,
            "weight_regularizer_l1": self.weight_regularizer_l1,
            "weight_regularizer_l2": self.weight_regularizer_l2,
            "bias_regularizer_l1": self.bias_regularizer_l1,
            "bias_regularizer_l2": self.bias_regularizer_l2,
            "precision": self.precision,
            "weight_init": self.weight_init,
        }


def l1_sign(values):
    """The book's derivative of |w|: +1, or -1 where w < 0 (it takes +1 at w = 0)."""
    sign = np.ones_like(values)
    sign[values < 0] = -1
    return sign


class Dropout:
    """Dropout (chapter 15): while training, each output is zeroed with probability `rate`
    and the survivors are scaled by 1/(1 - rate), so the expected sum stays the same.

        mask = Bernoulli(1 - rate) / (1 - rate),   a = x · mask,   dL/dx = dL/da · mask

    At prediction time (training=False) it lets everything through unchanged.

    With precision="nnfs" the mask is float64, as the book's is (integers divided by a float),
    so the outputs and the gradients behind it turn float64 as in the book; otherwise the mask
    keeps the inputs' float type, so float32 stays fast.
    """

    def __init__(self, rate, rng, precision="float32"):
        if not (isinstance(rate, (int, float, np.floating)) and 0 <= rate < 1):
            raise ValueError(f"dropout rate must be in [0, 1). Received: rate={rate!r}")
        check_precision(precision)
        self.rate = rate
        self.rng = rng
        self.precision = precision

    def forward(self, inputs, training=False):
        self.inputs = inputs
        if not training:
            self.output = inputs
            return self.output
        keep = 1 - self.rate
        self.binary_mask = self.rng.binomial(1, keep, size=inputs.shape) / keep
        if self.precision != "nnfs":
            self.binary_mask = self.binary_mask.astype(inputs.dtype)
        self.output = inputs * self.binary_mask
        return self.output

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask
        return self.dinputs

    def config(self):
        return {"type": "dropout", "rate": self.rate, "precision": self.precision}
