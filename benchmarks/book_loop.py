"""The book's chapter-10 training loop, cut in two for timing: the set-up, then `train(epochs)`.

Used by bench_engine.py. The classes are the book's own, from the reference package book/
(chapter 14's Layer_Dense and Loss: with no penalty given, they compute what chapter 10's do).
The repository root must be on sys.path (bench_engine.py puts it there).
"""

import numpy as np
from nnfs.datasets import spiral_data

from book.activations import Activation_ReLU
from book.layers import Layer_Dense
from book.losses import Activation_Softmax_Loss_CategoricalCrossentropy
from book.optimizers import Optimizer_SGD


class BookRun:
    """The book's chapter-10 script, cut in two: the set-up here, the training loop in `train`.

    The book prints a progress line every 100 epochs; here the last epoch's loss and accuracy
    are returned instead (they are computed every epoch all the same).
    """

    def __init__(self, samples, n_neurons):
        np.random.seed(0)  # what nnfs.init() does; the book's data and weights need it
        # Create dataset
        self.X, self.y = spiral_data(samples=samples, classes=3)
        # Create Dense layer with 2 input features and n_neurons output values
        self.dense1 = Layer_Dense(2, n_neurons)
        # Create ReLU activation (to be used with Dense layer):
        self.activation1 = Activation_ReLU()
        # Create second Dense layer with n_neurons input features and 3 output values
        self.dense2 = Layer_Dense(n_neurons, 3)
        # Create Softmax classifier's combined loss and activation
        self.loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
        # Create optimizer
        self.optimizer = Optimizer_SGD(learning_rate=1.0)

    def train(self, epochs):
        """`epochs` more turns of the book's loop. Returns the last epoch's (loss, accuracy)."""
        X = self.X
        y = self.y
        dense1 = self.dense1
        activation1 = self.activation1
        dense2 = self.dense2
        loss_activation = self.loss_activation
        optimizer = self.optimizer
        # Train in loop
        for _epoch in range(epochs):
            # Perform a forward pass of our training data through this layer
            dense1.forward(X)
            # Perform a forward pass through activation function
            # takes the output of first dense layer here
            activation1.forward(dense1.output)
            # Perform a forward pass through second Dense layer
            # takes outputs of activation function of first layer as inputs
            dense2.forward(activation1.output)
            # Perform a forward pass through the activation/loss function
            # takes the output of second dense layer here and returns loss
            loss = loss_activation.forward(dense2.output, y)
            # Calculate accuracy from output of activation2 and targets
            # calculate values along first axis
            predictions = np.argmax(loss_activation.output, axis=1)
            if len(y.shape) == 2:
                y = np.argmax(y, axis=1)
            accuracy = np.mean(predictions == y)
            # Backward pass
            loss_activation.backward(loss_activation.output, y)
            dense2.backward(loss_activation.dinputs)
            activation1.backward(dense2.dinputs)
            dense1.backward(activation1.dinputs)
            # Update weights and biases
            optimizer.pre_update_params()
            optimizer.update_params(dense1)
            optimizer.update_params(dense2)
            optimizer.post_update_params()
        return float(loss), float(accuracy)
