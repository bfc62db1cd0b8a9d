"""Every backward pass against central finite differences, in float64.

For a function L of an array x, the numerical gradient is, element by element,

    dL/dx_i ≈ (L(x + h·e_i) - L(x - h·e_i)) / 2h,    h = 1e-6

(`scratchnet.gradient_check.numerical_gradient`, which the Learn page uses too) and the
analytic gradient (the layer's `backward`) must agree with it to a relative error

    ‖analytic - numerical‖ / (‖analytic‖ + ‖numerical‖)  <  1e-6.

A layer is turned into a scalar function with a fixed random "upstream" gradient:
L = Σ upstream · output, so that dL/d(output) = upstream is what `backward` receives.
Points where a function has a kink (ReLU at 0, |x| at 0, the clip of the losses) are kept away
from, so that the finite difference is a derivative there.
"""

import numpy as np
import pytest

from scratchnet.activations import LeakyReLU, Linear, ReLU, Sigmoid, Softmax, Tanh
from scratchnet.gradient_check import (
    TOLERANCE,
    numerical_gradient,
    partial_derivative,
    relative_error,
)
from scratchnet.layers import Dense, Dropout
from scratchnet.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCategoricalCrossentropy,
)
from scratchnet.network import build_network
from scratchnet.optimizers import SGD
from scratchnet.trainer import Trainer

# (samples in the batch, inputs, outputs): a single sample and a single neuron included.
SHAPES = [(1, 1, 1), (1, 3, 5), (4, 3, 5), (7, 5, 3), (7, 1, 5), (4, 5, 1)]
# (samples, width) for layers that keep the shape of their input.
BATCHES = [(1, 1), (1, 5), (4, 3), (7, 5), (7, 1)]


def assert_gradient_matches(analytic, numerical):
    assert analytic.shape == numerical.shape
    assert analytic.dtype == np.float64
    error = relative_error(analytic, numerical)
    assert error < TOLERANCE, f"relative error {error:.2e}\n{analytic}\n{numerical}"


def away_from_zero(rng, shape, low=0.1, high=1.0):
    """Numbers with |x| in [low, high] and a random sign: no kink of |x| or max(0, x) nearby."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def test_the_check_itself_catches_a_wrong_gradient():
    """A gradient off by 1% must fail: the tolerance is strict enough to mean something."""
    rng = np.random.RandomState(0)
    inputs = rng.randn(4, 3)
    numerical = numerical_gradient(lambda: np.sum(np.sin(inputs)), inputs)
    assert_gradient_matches(np.cos(inputs), numerical)
    with pytest.raises(AssertionError, match="relative error"):
        assert_gradient_matches(np.cos(inputs) * 1.01, numerical)


def test_the_finite_differences_put_every_nudged_number_back():
    """d/dx Σ x³ = 3x², element by element, and the array is as it was afterwards."""
    inputs = np.random.RandomState(1).randn(3, 2)
    before = inputs.copy()

    gradient = numerical_gradient(lambda: np.sum(inputs**3), inputs)

    assert np.array_equal(inputs, before)
    np.testing.assert_allclose(gradient, 3 * before**2, rtol=1e-8)
    assert partial_derivative(lambda: np.sum(inputs**3), inputs, (1, 0)) == gradient[1, 0]


# ---------------------------------------------------------------------------------------
# Dense
# ---------------------------------------------------------------------------------------

PENALTIES = [
    {},
    {"weight_regularizer_l1": 0.3},
    {"weight_regularizer_l2": 0.4},
    {"bias_regularizer_l1": 0.2},
    {"bias_regularizer_l2": 0.5},
    {
        "weight_regularizer_l1": 0.01,
        "weight_regularizer_l2": 0.02,
        "bias_regularizer_l1": 0.03,
        "bias_regularizer_l2": 0.04,
    },
]


@pytest.mark.parametrize("penalties", PENALTIES)
@pytest.mark.parametrize(("n_samples", "n_inputs", "n_neurons"), SHAPES)
def test_dense_gradients(n_samples, n_inputs, n_neurons, penalties):
    rng = np.random.RandomState(n_samples * 100 + n_inputs * 10 + n_neurons)
    layer = Dense(n_inputs, n_neurons, rng, precision="float64", **penalties)
    # |w| and |b| kept away from 0, where the L1 penalty has its kink (biases start at 0).
    layer.weights[...] = away_from_zero(rng, layer.weights.shape)
    layer.biases[...] = away_from_zero(rng, layer.biases.shape)
    inputs = rng.randn(n_samples, n_inputs)
    upstream = rng.randn(n_samples, n_neurons)

    def loss():
        return np.sum(upstream * layer.forward(inputs)) + layer.regularization_loss()

    loss()
    layer.backward(upstream)
    dweights, dbiases, dinputs = layer.dweights, layer.dbiases, layer.dinputs

    assert_gradient_matches(dweights, numerical_gradient(loss, layer.weights))
    assert_gradient_matches(dbiases, numerical_gradient(loss, layer.biases))
    assert_gradient_matches(dinputs, numerical_gradient(loss, inputs))


# ---------------------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------------------

# (activation, how to draw its inputs): ReLU's kink at 0 is avoided.
ACTIVATIONS = [
    pytest.param(ReLU, away_from_zero, id="relu"),
    pytest.param(LeakyReLU, away_from_zero, id="leaky_relu"),
    pytest.param(lambda: LeakyReLU(slope=0.3), away_from_zero, id="leaky_relu_0.3"),
    pytest.param(Tanh, lambda rng, shape: 2 * rng.randn(*shape), id="tanh"),
    pytest.param(Sigmoid, lambda rng, shape: 3 * rng.randn(*shape), id="sigmoid"),
    pytest.param(Linear, lambda rng, shape: rng.randn(*shape), id="linear"),
    pytest.param(Softmax, lambda rng, shape: 2 * rng.randn(*shape), id="softmax"),
]


@pytest.mark.parametrize(("make_activation", "draw_inputs"), ACTIVATIONS)
@pytest.mark.parametrize(("n_samples", "width"), BATCHES)
def test_activation_gradients(make_activation, draw_inputs, n_samples, width):
    rng = np.random.RandomState(n_samples * 10 + width)
    activation = make_activation()
    inputs = draw_inputs(rng, (n_samples, width))
    upstream = rng.randn(n_samples, width)

    def loss():
        return np.sum(upstream * activation.forward(inputs))

    loss()
    analytic = activation.backward(upstream)

    assert_gradient_matches(analytic, numerical_gradient(loss, inputs))


@pytest.mark.parametrize(("make_activation", "draw_inputs"), ACTIVATIONS)
def test_activation_backward_leaves_the_upstream_gradient_unchanged(make_activation, draw_inputs):
    rng = np.random.RandomState(3)
    activation = make_activation()
    inputs = draw_inputs(rng, (4, 3))
    upstream = rng.randn(4, 3)
    upstream_before = upstream.copy()

    activation.forward(inputs)
    activation.backward(upstream)

    assert np.array_equal(upstream, upstream_before)


# ---------------------------------------------------------------------------------------
# Dropout: a random mask, fixed here by re-seeding its generator before every forward pass
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.9])
@pytest.mark.parametrize(("n_samples", "width"), BATCHES)
def test_dropout_gradient_with_a_fixed_mask(rate, n_samples, width):
    rng = np.random.RandomState(1)
    layer = Dropout(rate, np.random.RandomState(5))
    mask_state = layer.rng.get_state()
    inputs = rng.randn(n_samples, width)
    upstream = rng.randn(n_samples, width)

    def loss():
        layer.rng.set_state(mask_state)  # the same mask every time
        return np.sum(upstream * layer.forward(inputs, training=True))

    loss()
    analytic = layer.backward(upstream)

    assert_gradient_matches(analytic, numerical_gradient(loss, inputs))


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.9])
def test_dropout_backward_multiplies_by_the_forward_mask(rate):
    rng = np.random.RandomState(2)
    layer = Dropout(rate, np.random.RandomState(6))
    inputs = rng.randn(50, 20)
    upstream = rng.randn(50, 20)

    output = layer.forward(inputs, training=True)
    mask = layer.binary_mask.copy()
    layer.forward(rng.randn(50, 20), training=False)  # prediction mode draws no new mask
    dinputs = layer.backward(upstream)

    keep = 1 - rate
    # every entry is dropped (0) or kept and scaled by 1/keep, and both happen
    assert set(np.unique(mask)) == {0.0, 1 / keep}
    assert np.array_equal(output, inputs * mask)
    assert np.array_equal(dinputs, upstream * mask)


def test_dropout_lets_everything_through_when_not_training():
    inputs = np.random.RandomState(0).randn(4, 3)
    layer = Dropout(0.5, np.random.RandomState(0))

    assert layer.forward(inputs, training=False) is inputs


# ---------------------------------------------------------------------------------------
# Losses: the gradient of the mean loss with respect to the predictions
# ---------------------------------------------------------------------------------------

CLASS_SHAPES = [(1, 2), (1, 3), (4, 3), (7, 5), (7, 2)]


def probabilities(rng, n_samples, n_classes):
    """Rows that sum to 1, each entry in about [0.05, 0.95]: far from the clip at 1e-7."""
    weights = rng.uniform(0.5, 1.5, size=(n_samples, n_classes))
    rows = weights / weights.sum(axis=1, keepdims=True)
    return np.clip(rows, 0.05, 0.95)


def one_hot(labels, n_classes):
    return np.eye(n_classes)[labels]


@pytest.mark.parametrize("targets", ["labels", "one_hot"])
@pytest.mark.parametrize(("n_samples", "n_classes"), CLASS_SHAPES)
def test_categorical_crossentropy_gradient(n_samples, n_classes, targets):
    rng = np.random.RandomState(n_samples * 10 + n_classes)
    y_pred = probabilities(rng, n_samples, n_classes)
    labels = rng.randint(n_classes, size=n_samples)
    y_true = labels if targets == "labels" else one_hot(labels, n_classes)
    loss = CategoricalCrossentropy()

    analytic = loss.backward(y_pred, y_true)

    assert_gradient_matches(
        analytic, numerical_gradient(lambda: loss.calculate(y_pred, y_true), y_pred)
    )


@pytest.mark.parametrize(("n_samples", "n_classes"), CLASS_SHAPES)
def test_categorical_crossentropy_labels_and_one_hot_give_the_same_gradient(n_samples, n_classes):
    rng = np.random.RandomState(4)
    y_pred = probabilities(rng, n_samples, n_classes)
    labels = rng.randint(n_classes, size=n_samples)

    from_labels = CategoricalCrossentropy().backward(y_pred, labels)
    from_one_hot = CategoricalCrossentropy().backward(y_pred, one_hot(labels, n_classes))

    assert np.array_equal(from_labels, from_one_hot)


@pytest.mark.parametrize("targets", ["labels", "one_hot"])
@pytest.mark.parametrize(("n_samples", "n_classes"), CLASS_SHAPES)
def test_softmax_crossentropy_shortcut_equals_the_chain_rule(n_samples, n_classes, targets):
    """ŷ - y (the shortcut) = Softmax.backward(CategoricalCrossentropy.backward)."""
    rng = np.random.RandomState(n_samples * 10 + n_classes)
    scores = 2 * rng.randn(n_samples, n_classes)
    labels = rng.randint(n_classes, size=n_samples)
    y_true = labels if targets == "labels" else one_hot(labels, n_classes)
    softmax = Softmax()
    y_pred = softmax.forward(scores)

    shortcut = SoftmaxCategoricalCrossentropy().backward(y_pred, y_true)
    chain_rule = softmax.backward(CategoricalCrossentropy().backward(y_pred, y_true))

    np.testing.assert_allclose(shortcut, chain_rule, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("targets", ["labels", "one_hot"])
@pytest.mark.parametrize(("n_samples", "n_classes"), CLASS_SHAPES)
def test_softmax_crossentropy_gradient_with_respect_to_the_scores(n_samples, n_classes, targets):
    rng = np.random.RandomState(n_samples * 10 + n_classes + 1)
    scores = 2 * rng.randn(n_samples, n_classes)
    labels = rng.randint(n_classes, size=n_samples)
    y_true = labels if targets == "labels" else one_hot(labels, n_classes)
    loss = SoftmaxCategoricalCrossentropy()

    def mean_loss():
        return loss.calculate(Softmax().forward(scores), y_true)

    analytic = loss.backward(Softmax().forward(scores), y_true)

    assert_gradient_matches(analytic, numerical_gradient(mean_loss, scores))


def test_softmax_crossentropy_backward_leaves_the_probabilities_unchanged():
    y_pred = probabilities(np.random.RandomState(0), 4, 3)
    y_pred_before = y_pred.copy()

    SoftmaxCategoricalCrossentropy().backward(y_pred, np.array([0, 2, 1, 1]))

    assert np.array_equal(y_pred, y_pred_before)


# (samples, outputs)
REGRESSION_SHAPES = [(1, 1), (4, 1), (7, 3), (4, 5)]


def binary_targets(rng, shape):
    return rng.randint(2, size=shape).astype(float)


def soft_targets(rng, shape):
    return rng.uniform(0, 1, size=shape)


@pytest.mark.parametrize("draw_targets", [binary_targets, soft_targets])
@pytest.mark.parametrize(("n_samples", "n_outputs"), REGRESSION_SHAPES)
def test_binary_crossentropy_gradient(n_samples, n_outputs, draw_targets):
    rng = np.random.RandomState(n_samples * 10 + n_outputs)
    y_pred = rng.uniform(0.05, 0.95, size=(n_samples, n_outputs))
    y_true = draw_targets(rng, (n_samples, n_outputs))
    loss = BinaryCrossentropy()

    analytic = loss.backward(y_pred, y_true)

    assert_gradient_matches(
        analytic, numerical_gradient(lambda: loss.calculate(y_pred, y_true), y_pred)
    )


@pytest.mark.parametrize(("n_samples", "n_outputs"), REGRESSION_SHAPES)
def test_mean_squared_error_gradient(n_samples, n_outputs):
    rng = np.random.RandomState(n_samples * 10 + n_outputs)
    y_pred = rng.randn(n_samples, n_outputs)
    y_true = rng.randn(n_samples, n_outputs)
    loss = MeanSquaredError()

    analytic = loss.backward(y_pred, y_true)

    assert_gradient_matches(
        analytic, numerical_gradient(lambda: loss.calculate(y_pred, y_true), y_pred)
    )


@pytest.mark.parametrize(("n_samples", "n_outputs"), REGRESSION_SHAPES)
def test_mean_absolute_error_gradient(n_samples, n_outputs):
    rng = np.random.RandomState(n_samples * 10 + n_outputs)
    y_true = rng.randn(n_samples, n_outputs)
    # |y - ŷ| >= 0.1 everywhere: away from the kink of |x| at 0
    y_pred = y_true + away_from_zero(rng, (n_samples, n_outputs))
    loss = MeanAbsoluteError()

    analytic = loss.backward(y_pred, y_true)

    assert_gradient_matches(
        analytic, numerical_gradient(lambda: loss.calculate(y_pred, y_true), y_pred)
    )


# ---------------------------------------------------------------------------------------
# A whole network, through the trainer
# ---------------------------------------------------------------------------------------


class GradientRecorder(SGD):
    """An optimizer that keeps the gradients it is given and changes nothing."""

    def update_params(self, parameters, gradients):
        self.gradients = [gradient.copy() for gradient in gradients]


# (hidden layers, activation, output activation, loss, L1/L2 penalties)
NETWORKS = [
    pytest.param((5,), "relu", "softmax", CategoricalCrossentropy, {}, id="relu-softmax"),
    pytest.param((4, 3), "tanh", "softmax", CategoricalCrossentropy, {}, id="tanh-tanh-softmax"),
    pytest.param((1,), "sigmoid", "softmax", CategoricalCrossentropy, {}, id="one-neuron"),
    pytest.param(
        (5, 4),
        "relu",
        "softmax",
        CategoricalCrossentropy,
        {
            "weight_regularizer_l1": 0.01,
            "weight_regularizer_l2": 0.02,
            "bias_regularizer_l1": 0.03,
            "bias_regularizer_l2": 0.04,
        },
        id="relu-softmax-l1-l2",
    ),
    pytest.param((3,), "leaky_relu", "sigmoid", BinaryCrossentropy, {}, id="leaky-sigmoid-bce"),
    pytest.param((4, 4), "sigmoid", "linear", MeanSquaredError, {}, id="sigmoid-linear-mse"),
    pytest.param((4,), "tanh", "linear", MeanAbsoluteError, {}, id="tanh-linear-mae"),
    pytest.param(
        (3,), "linear", "linear", MeanSquaredError, {"weight_regularizer_l2": 0.1}, id="linear-l2"
    ),
]


def draw_targets(rng, output_activation, outputs, n_outputs):
    if output_activation == "softmax":
        return rng.randint(n_outputs, size=len(outputs))
    if output_activation == "sigmoid":
        return rng.randint(2, size=outputs.shape)
    # regression: targets 0.1 to 1 away from the outputs, far from the kink of |y - ŷ|
    return outputs + away_from_zero(rng, outputs.shape)


@pytest.mark.parametrize(
    ("hidden_layers", "activation", "output_activation", "make_loss", "penalties"), NETWORKS
)
@pytest.mark.parametrize("n_samples", [1, 4, 7])
def test_network_gradients_through_the_trainer(
    hidden_layers, activation, output_activation, make_loss, penalties, n_samples
):
    """Every parameter's gradient, as the trainer computes it (the softmax + cross-entropy
    shortcut included), against finite differences of the trainer's loss: data loss +
    regularization loss."""
    rng = np.random.RandomState(n_samples)
    n_inputs, n_outputs = 3, 2 if output_activation == "sigmoid" else 3
    network = build_network(
        n_inputs,
        hidden_layers,
        n_outputs,
        rng,
        activation=activation,
        output_activation=output_activation,
        precision="float64",
        **penalties,
    )
    # Parameters of size 0.2 to 1, not 0.01: every layer matters, and |w| stays off L1's kink.
    for parameter in network.parameters():
        parameter[...] = away_from_zero(rng, parameter.shape, low=0.2)
    X = rng.randn(n_samples, n_inputs)
    y = draw_targets(rng, output_activation, network.forward(X), n_outputs)
    recorder = GradientRecorder()
    trainer = Trainer(network, make_loss(), recorder, X, y)

    def trainer_loss():
        data_loss, _ = trainer.evaluate(trainer.X, trainer.y)
        return data_loss + network.regularization_loss()

    trainer.train_on_batch(trainer.X, trainer.y)
    # No hidden ReLU input is near its kink, or finite differences would not be a derivative.
    for layer in network.dense_layers[:-1]:
        assert np.abs(layer.output).min() > 1e-4

    assert trainer.softmax_shortcut == (output_activation == "softmax")
    assert len(recorder.gradients) == 2 * (len(hidden_layers) + 1)
    for parameter, analytic in zip(network.parameters(), recorder.gradients):
        assert_gradient_matches(analytic, numerical_gradient(trainer_loss, parameter))
