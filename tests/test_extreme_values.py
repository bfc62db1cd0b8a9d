"""No NaN where the mathematics is finite: extreme logits (±1e4) through every activation and every
loss, forward and backward, in every precision.

A logit of ±1e4 saturates every squashing function: softmax gives probabilities of exactly 0 and
1, sigmoid's e^(-z) overflows to infinity. The true values stay finite (a probability, a
clipped loss, a gradient), and so must the engine's; a saturated softmax's gradient through its
Jacobian must equal the combined shortcut ŷ - y (the book's code gives 0/0 = NaN there).
"""

import numpy as np
import pytest

from scratchnet.activations import ACTIVATIONS, Softmax
from scratchnet.layers import PRECISIONS
from scratchnet.losses import LOSSES, CategoricalCrossentropy, SoftmaxCategoricalCrossentropy
from ui.learn.jacobian import jacobian_check

# Rows of logits: saturated either way, mixed with ordinary values, and all equal.
EXTREME_LOGITS = [
    [1e4, -1e4, 0.0],
    [-1e4, 1e4, -1e4],
    [-1e4, -1e4, 1e4],
    [1e4, 1e4, -1e4],
    [0.5, -0.25, 2.0],
    [-1e4, -1e4, -1e4],
]
LABELS = np.array([0, 0, 1, 2, 1, 2])  # right, wrong, wrong, wrong, ordinary, all equal
DTYPES = sorted({np.dtype(dtype).name for dtype, _ in PRECISIONS.values()})


def logits(dtype):
    return np.array(EXTREME_LOGITS, dtype=dtype)


def one_hot(labels, dtype):
    return np.eye(3, dtype=dtype)[labels]


@pytest.mark.filterwarnings("error")  # an overflow or invalid-value warning fails the test too
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_stays_finite_forward_and_backward(name, dtype):
    activation = ACTIVATIONS[name]()
    output = activation.forward(logits(dtype))
    assert np.all(np.isfinite(output)), f"{name} forward"
    dinputs = activation.backward(np.ones_like(output))
    assert np.all(np.isfinite(dinputs)), f"{name} backward"
    if name in ("sigmoid", "softmax"):
        assert np.all((output >= 0) & (output <= 1))


def loss_inputs(name, dtype):
    """(y_pred, y_true) for a loss: probabilities for the cross-entropies, logits otherwise."""
    if name == "categorical_crossentropy":
        return Softmax().forward(logits(dtype)), LABELS
    if name == "binary_crossentropy":
        probabilities = ACTIVATIONS["sigmoid"]().forward(logits(dtype))
        return probabilities, one_hot(LABELS, dtype)
    return logits(dtype), one_hot(LABELS, dtype)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(LOSSES))
def test_every_loss_stays_finite_forward_and_backward(name, dtype):
    loss = LOSSES[name]()
    y_pred, y_true = loss_inputs(name, dtype)
    assert np.all(np.isfinite(loss.forward(y_pred, y_true))), f"{name} forward"
    assert np.isfinite(loss.calculate(y_pred, y_true))
    assert np.all(np.isfinite(loss.backward(y_pred, y_true))), f"{name} backward"


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("dtype", DTYPES)
def test_a_saturated_softmax_gets_its_true_gradient_both_ways(dtype):
    """Through the Jacobian (cross-entropy, then softmax) and by the shortcut: ŷ - y, finite."""
    softmax = Softmax()
    probabilities = softmax.forward(logits(dtype))
    combined = SoftmaxCategoricalCrossentropy().backward(probabilities, LABELS)
    dprobabilities = CategoricalCrossentropy().backward(probabilities, LABELS)
    through_jacobian = softmax.backward(dprobabilities)
    assert np.all(np.isfinite(dprobabilities))
    np.testing.assert_allclose(through_jacobian, combined, atol=1e-6)
    # The saturated wrong rows: -1 at the true class, +1 at the winner (divided by N = 6).
    np.testing.assert_allclose(combined[1], np.array([-1, 1, 0]) / 6, atol=1e-7)


def test_the_cross_entropy_gradient_is_zero_where_the_class_is_not_the_true_one():
    """The issue's case: ŷ = (1, 0, 0) for class 0 gave [-1, nan, nan]."""
    gradient = CategoricalCrossentropy().backward(np.array([[1.0, 0.0, 0.0]]), np.array([0]))
    assert gradient.tolist() == [[-1.0, 0.0, 0.0]]


@pytest.mark.filterwarnings("error")
def test_the_learn_pages_comparison_agrees_on_saturated_scores():
    check = jacobian_check(np.array(EXTREME_LOGITS), LABELS)
    assert np.all(np.isfinite(check.through_jacobian))
    assert check.max_difference < 1e-12
