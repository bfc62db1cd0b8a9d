"""A network: layers run in order forward, and in reverse order backward (the book's Model)."""

import numpy as np

from .activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, Linear, Sigmoid, Softmax
from .layers import Dense, Dropout, check_positive_int

# The arrays a pass leaves in a layer: what its backward pass needs, nothing else does.
PASS_ARRAYS = ("inputs", "output", "dinputs", "binary_mask")


class Network:
    """A sequence of layers. The last one is the output activation (Softmax, Sigmoid or Linear)."""

    def __init__(self, layers):
        if not layers:
            raise ValueError("a network needs at least one layer. Received: layers=[]")
        self.layers = list(layers)
        # The layers that have parameters, in order.
        self.dense_layers = [layer for layer in self.layers if isinstance(layer, Dense)]
        # Nobody needs the gradient with respect to the data: skip that matrix product.
        if isinstance(self.layers[0], Dense):
            self.layers[0].compute_dinputs = False

    def forward(self, inputs, training=False):
        """Run the inputs through every layer; returns the output layer's output."""
        for layer in self.layers:
            inputs = layer.forward(inputs, training)
        return inputs

    def backward(self, dvalues, skip_output_activation=False):
        """Run the gradient dL/d(output) back through every layer, last to first.

        With skip_output_activation, `dvalues` is already the gradient with respect to the
        output activation's *inputs* (the combined softmax + cross-entropy shortcut).
        """
        layers = self.layers[:-1] if skip_output_activation else self.layers
        for layer in reversed(layers):
            dvalues = layer.backward(dvalues)
        return dvalues

    def forget_pass(self):
        """Let go of the arrays the last forward and backward passes left in the layers (their
        inputs, outputs and input gradients, PASS_ARRAYS): only a backward pass needs them. The
        parameters, their gradients and the optimizer's state stay.

        A copy kept for its predictions (a snapshot of the weights the page draws) then holds
        its parameters only: a pass over the page's grid leaves about 1 MB in each.
        """
        for layer in self.layers:
            for name in PASS_ARRAYS:
                if name in vars(layer):
                    setattr(layer, name, None)

    @property
    def output_activation(self):
        return self.layers[-1]

    def parameters(self):
        """Every parameter array, in order: [W1, b1, W2, b2, ...]. The optimizer updates them."""
        return [array for layer in self.dense_layers for array in (layer.weights, layer.biases)]

    def gradients(self):
        """The gradients matching `parameters()`, from the last backward pass."""
        return [array for layer in self.dense_layers for array in (layer.dweights, layer.dbiases)]

    def regularization_loss(self):
        return sum(layer.regularization_loss() for layer in self.dense_layers)

    def predict_proba(self, inputs, batch_size=65536):
        """The output for many points, e.g. every cell of a grid over the input plane.

        Runs in prediction mode (no dropout) and in chunks, so a big grid needs little memory.
        A binary classifier's one sigmoid output p (the probability of class 1) comes back as
        two class probabilities, (1 - p, p), as scikit-learn's predict_proba does: every
        classifier then gives one column per class.
        """
        inputs = np.asarray(inputs, dtype=self.dtype)
        chunks = [
            self.forward(inputs[start : start + batch_size], training=False)
            for start in range(0, len(inputs), batch_size)
        ]
        outputs = np.concatenate(chunks) if chunks else np.empty((0, self.n_outputs), self.dtype)
        if self.is_binary_classifier:
            outputs = np.concatenate([1 - outputs, outputs], axis=1)
        return outputs

    @property
    def is_binary_classifier(self):
        """One sigmoid output: the probability of class 1 (the book's chapter 16)."""
        return isinstance(self.output_activation, Sigmoid) and self.n_outputs == 1

    def predictions(self, outputs):
        """Class indices (or regression values) from the output layer's outputs.

        A binary classifier's predictions are one class index per sample, shape (N,), as a
        softmax classifier's are; its `outputs` may be the sigmoid's column or predict_proba's
        two columns.
        """
        if self.is_binary_classifier:
            return self.output_activation.predictions(outputs[:, -1])
        return self.output_activation.predictions(outputs)

    @property
    def dtype(self):
        return self.dense_layers[0].weights.dtype

    @property
    def precision(self):
        """ "float32", "nnfs" or "float64" (scratchnet/layers.py PRECISIONS)."""
        return self.dense_layers[0].precision

    @property
    def n_inputs(self):
        return self.dense_layers[0].n_inputs

    @property
    def n_outputs(self):
        return self.dense_layers[-1].n_neurons

    def config(self):
        """The architecture, as plain data (JSON-ready)."""
        return [layer_config(layer) for layer in self.layers]


def layer_config(layer):
    if hasattr(layer, "config"):
        return layer.config()
    name = next(name for name, cls in ACTIVATIONS.items() if type(layer) is cls)
    settings = {"slope": layer.slope} if hasattr(layer, "slope") else {}
    return {"type": "activation", "name": name, **settings}


def network_from_config(config, rng):
    """Build a network from `Network.config()` (with fresh weights drawn from rng)."""
    layers = []
    for spec in config:
        spec = dict(spec)
        kind = spec.pop("type", None)
        if kind == "dense":
            layers.append(Dense(rng=rng, **spec))
        elif kind == "dropout":
            layers.append(Dropout(rng=rng, **spec))
        elif kind == "activation" and spec.get("name") in ACTIVATIONS:
            layers.append(ACTIVATIONS[spec.pop("name")](**spec))
        else:
            raise ValueError(f"unknown layer in the network's description: {spec!r}")
    return Network(layers)


OUTPUT_ACTIVATIONS = {"softmax": Softmax, "sigmoid": Sigmoid, "linear": Linear}


def build_network(
    n_inputs,
    hidden_layers,
    n_outputs,
    rng,
    activation="relu",
    output_activation="softmax",
    weight_regularizer_l1=0.0,
    weight_regularizer_l2=0.0,
    bias_regularizer_l1=0.0,
    bias_regularizer_l2=0.0,
    dropout=0.0,
    precision="float32",
    weight_init="0.01",
):
    """Dense → activation (→ dropout) for each hidden layer, then Dense → output activation.

    build_network(2, [64], 3, rng) is the book's spiral classifier: 2-64-3, ReLU, softmax.
    The L1/L2 penalties and dropout apply to the hidden layers, as in the book's chapter 14-15.
    """
    check_positive_int("n_inputs", n_inputs)
    check_positive_int("n_outputs", n_outputs)
    if not hidden_layers:
        raise ValueError(f"hidden_layers needs at least one size. Received: {hidden_layers!r}")
    for n_neurons in hidden_layers:
        check_positive_int("n_neurons", n_neurons)
    if activation not in HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {sorted(HIDDEN_ACTIVATIONS)}. Received: {activation!r}"
        )
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation must be one of {sorted(OUTPUT_ACTIVATIONS)}. "
            f"Received: {output_activation!r}"
        )
    penalties = {
        "weight_regularizer_l1": weight_regularizer_l1,
        "weight_regularizer_l2": weight_regularizer_l2,
        "bias_regularizer_l1": bias_regularizer_l1,
        "bias_regularizer_l2": bias_regularizer_l2,
    }
    layers = []
    sizes = [n_inputs, *hidden_layers]
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers.append(
            Dense(n_in, n_out, rng, precision=precision, weight_init=weight_init, **penalties)
        )
        layers.append(HIDDEN_ACTIVATIONS[activation]())
        if dropout > 0:
            layers.append(Dropout(dropout, rng, precision=precision))
    layers.append(Dense(sizes[-1], n_outputs, rng, precision=precision, weight_init=weight_init))
    layers.append(OUTPUT_ACTIVATIONS[output_activation]())
    return Network(layers)
