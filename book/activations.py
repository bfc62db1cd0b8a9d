"""The book's activations: ReLU (chapter 9), Softmax (chapter 9), Sigmoid (chapter 16) and
Linear (chapter 17). Two more, not in the book, are written the same way: Leaky ReLU and Tanh
(the app offers them as hidden activations).

Activation_Softmax has only its forward pass here: its backward pass (the Jacobian) is replaced
by the combined softmax + cross-entropy class in book/losses.py, as the book's training loops
do.
"""

# Kept as the book prints it: not reformatted, and with the book's class names.
# fmt: off
# ruff: noqa: N801

import numpy as np


# ReLU activation
class Activation_ReLU:

    # Forward pass
    def forward(self, inputs):
        # Remember input values
        self.inputs = inputs
        # Calculate output values from inputs
        self.output = np.maximum(0, inputs)

    # Backward pass
    def backward(self, dvalues):
        # Since we need to modify original variable,
        # let's make a copy of values first
        self.dinputs = dvalues.copy()

        # Zero gradient where input values were negative
        self.dinputs[self.inputs <= 0] = 0


# Softmax activation
class Activation_Softmax:

    # Forward pass
    def forward(self, inputs):
        # Remember input values
        self.inputs = inputs

        # Get unnormalized probabilities
        exp_values = np.exp(inputs - np.max(inputs, axis=1,
                                            keepdims=True))
        # Normalize them for each sample
        probabilities = exp_values / np.sum(exp_values, axis=1,
                                            keepdims=True)

        self.output = probabilities


# Sigmoid activation
class Activation_Sigmoid:

    # Forward pass
    def forward(self, inputs):
        # Save input and calculate/save output
        # of the sigmoid function
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    # Backward pass
    def backward(self, dvalues):
        # Derivative - calculates from output of the sigmoid function
        self.dinputs = dvalues * (1 - self.output) * self.output


# Linear activation
class Activation_Linear:

    # Forward pass
    def forward(self, inputs):
        # Just remember values
        self.inputs = inputs
        self.output = inputs

    # Backward pass
    def backward(self, dvalues):
        # derivative is 1, 1 * dvalues = dvalues - the chain rule
        self.dinputs = dvalues.copy()


# Leaky ReLU activation (not in the book): ReLU with a small slope
# below zero, so that a neuron that is off still passes a gradient
class Activation_LeakyReLU:

    def __init__(self, slope=0.01):
        self.slope = slope

    # Forward pass
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.where(inputs > 0, inputs, self.slope * inputs)

    # Backward pass: the derivative is 1 above zero, slope below
    def backward(self, dvalues):
        self.dinputs = np.where(self.inputs > 0, dvalues,
                                self.slope * dvalues)


# Tanh activation (not in the book): outputs between -1 and 1
class Activation_Tanh:

    # Forward pass
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.tanh(inputs)

    # Backward pass: the derivative of tanh(z) is 1 - tanh(z)**2
    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output ** 2)
