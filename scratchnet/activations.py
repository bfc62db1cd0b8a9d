"""Activation functions: each one a pair, the value (`forward`) and its derivative (`backward`).

Every class caches what its backward pass needs during `forward`, as the book does:
`inputs` (the pre-activations z) or `output` (the activations a). `backward(dvalues)` receives
dL/da, the gradient of the loss with respect to this layer's output, and stores dL/dz in
`dinputs`, applying the chain rule  dL/dz = dL/da · da/dz.
"""

import numpy as np


class ReLU:
    """Rectified linear unit:  a = max(0, z),   da/dz = 1 if z > 0 else 0."""

    def forward(self, inputs, training=False):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)
        return self.output

    def backward(self, dvalues):
        # The gradient passes where the neuron was active and is zero elsewhere.
        # (The book writes dvalues.copy() then dinputs[inputs <= 0] = 0: same numbers, 8x slower.)
        self.dinputs = dvalues * (self.inputs > 0)
        return self.dinputs


class LeakyReLU:
    """Leaky ReLU:  a = z if z > 0 else slope·z,   da/dz = 1 if z > 0 else slope.

    A small slope for negative inputs keeps "dead" neurons learning.
    """

    def __init__(self, slope=0.01):
        if not slope >= 0:
            raise ValueError(f"slope must be a non-negative number. Received: slope={slope}")
        self.slope = slope

    def forward(self, inputs, training=False):
        self.inputs = inputs
        self.output = np.where(inputs > 0, inputs, self.slope * inputs)
        return self.output

    def backward(self, dvalues):
        self.dinputs = np.where(self.inputs > 0, dvalues, self.slope * dvalues)
        return self.dinputs


class Tanh:
    """Hyperbolic tangent:  a = tanh(z),   da/dz = 1 - a²."""

    def forward(self, inputs, training=False):
        self.output = np.tanh(inputs)
        return self.output

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output**2)
        return self.dinputs


class Sigmoid:
    """Logistic sigmoid:  a = 1 / (1 + e^(-z)),   da/dz = a · (1 - a).

    The output layer of binary logistic regression (book chapter 16).
    """

    def forward(self, inputs, training=False):
        # For z below about -88, e^(-z) overflows float32 to infinity and 1 / (1 + inf) = 0:
        # the right limit, so NumPy's overflow warning is only noise.
        with np.errstate(over="ignore"):
            self.output = 1 / (1 + np.exp(-inputs))
        return self.output

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output
        return self.dinputs

    def predictions(self, outputs):
        """Class 1 where the probability is above one half."""
        return (outputs > 0.5) * 1


class Linear:
    """Identity:  a = z,   da/dz = 1. The output layer of a regression network (chapter 17)."""

    def forward(self, inputs, training=False):
        self.output = inputs
        return self.output

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        return self.dinputs

    def predictions(self, outputs):
        return outputs


class Softmax:
    """Softmax: turns a row of scores z into probabilities that sum to 1.

        a_i = e^(z_i - max(z)) / Σ_j e^(z_j - max(z))

    Subtracting the row's maximum changes nothing mathematically and keeps e^x from overflowing.

    Its derivative is a matrix per sample, the Jacobian  da_i/dz_j = a_i·(δ_ij - a_j),
    i.e.  J = diag(a) - a·aᵀ.  `backward` builds it sample by sample, as the book's first
    version does. (Paired with cross-entropy, the product collapses to a much cheaper
    formula: see `losses.SoftmaxCategoricalCrossentropy`.)
    """

    def forward(self, inputs, training=False):
        # Column-major order makes NumPy's row-wise max and sum over a few classes run as
        # whole-column operations: the same numbers, about twice as fast.
        inputs = np.asfortranarray(inputs)
        exp_values = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = exp_values / exp_values.sum(axis=1, keepdims=True)
        return self.output

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        # A probability that underflowed to 0 is taken as the smallest positive float, as
        # CategoricalCrossentropy.backward takes it: a_k·(-1/a_k) then stays -1 instead of
        # 0·∞ = NaN, and a saturated softmax gets its true, finite gradient. Nothing else moves.
        smallest = np.finfo(self.output.dtype).tiny
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            single_output = np.maximum(single_output, smallest).reshape(-1, 1)
            # J = diag(a) - a·aᵀ, then dL/dz = J · dL/da
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)
        return self.dinputs

    def predictions(self, outputs):
        """The class with the highest probability."""
        return outputs.argmax(axis=1)


# Names a user can type (CLI, app) for the hidden layers' activation.
HIDDEN_ACTIVATIONS = {
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "tanh": Tanh,
    "sigmoid": Sigmoid,
    "linear": Linear,
}

# Every activation by name, the output ones included.
ACTIVATIONS = {**HIDDEN_ACTIVATIONS, "softmax": Softmax}
