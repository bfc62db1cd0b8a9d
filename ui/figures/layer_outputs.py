"""Each layer's outputs, computed from a network (NumPy in, NumPy out): what the Network page's
figures draw. No figure here, and no Streamlit.

- `layer_outputs`: every dense layer's output after its activation, for many points at once.
- `dead_neurons`: the hidden neurons that output 0 for every training point.
- `decision_regions`: the output layer's class probabilities over the input grid, and the
  classes it predicts for the data points.
- `layer_names`: "hidden layer 1", ..., "output layer", as every figure of the page labels them.
- `grid_every`: every n-th point of the square input grid, for smaller pictures.
"""

import numpy as np

from scratchnet.layers import Dense, Dropout

MAX_NEURONS_SHOWN = 64  # per layer, in the graph and the activation maps


def layer_outputs(network, inputs):
    """The output of every dense layer *after its activation*, for many points at once.

    Returns [a1, a2, ..., output]: a_j has shape (points, neurons of layer j); the last one is
    the output layer's (class probabilities for a softmax network). Runs in prediction mode, so
    dropout lets everything through.
    """
    values = np.asarray(inputs, dtype=network.dtype)
    outputs = []
    for layer in network.layers:
        values = layer.forward(values, training=False)
        if not isinstance(layer, (Dense, Dropout)):
            outputs.append(values)
    return outputs


def dead_neurons(network, X):
    """For each hidden layer, which neurons output 0 for every training point.

    A ReLU neuron with z = x·w + b < 0 for every input outputs 0 and passes back a zero
    gradient (da/dz = 0): it never learns again, it is "dead".
    """
    return [np.all(outputs == 0, axis=0) for outputs in layer_outputs(network, X)[:-1]]


def decision_regions(network, grid_points, cells, X, X_test=None):
    """(class probabilities (cells, cells, K) on a cells × cells grid, predicted classes of the
    training points X, of the test points X_test or None): what `decision_regions_figure` draws."""
    probabilities = network.predict_proba(grid_points).reshape(cells, cells, -1)
    train_predictions = network.predictions(network.predict_proba(X))
    test_predictions = None
    if X_test is not None:
        test_predictions = network.predictions(network.predict_proba(X_test))
    return probabilities, train_predictions, test_predictions


def layer_names(sizes):
    """["hidden layer 1", ..., "output layer"] for layer sizes [inputs, h1, ..., outputs]."""
    n_hidden = len(sizes) - 2
    return [f"hidden layer {index + 1}" for index in range(n_hidden)] + ["output layer"]


def network_layer_names(network):
    """`layer_names` of a network's dense layers."""
    return layer_names([network.n_inputs, *[layer.n_neurons for layer in network.dense_layers]])


def grid_every(grid_points, cells, step):
    """Every step-th point, across and up, of a cells × cells grid of points (cells² × 2, row
    by row): a (cells // step)² × 2 grid over the same plane, for a smaller picture of it."""
    square = np.asarray(grid_points).reshape(cells, cells, 2)
    return square[::step, ::step].reshape(-1, 2)
