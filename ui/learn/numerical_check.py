"""Check 2 of the Learn page: one dense layer's analytic gradients against finite differences.

The engine's `backward` gives ∂L/∂W and ∂L/∂b of every weight and bias; nudging each weight
and measuring the loss gives them again (`scratchnet.gradient_check`, where the maths is).
Here that is done on the Playground's own network, for the batch the learner chose: on a
float64 copy of it, with the same dropout masks for every evaluation of the loss, on a sample
of at most 48 entries per array, and leaving out the entries whose nudge crosses a ReLU kink.
"""

import copy
from dataclasses import dataclass

import numpy as np

from scratchnet.activations import LeakyReLU, ReLU
from scratchnet.gradient_check import (
    FINITE_DIFFERENCE_STEP,
    TOLERANCE,
    partial_derivative,
    relative_error,
)
from ui.learn.stage import source_of
from ui.learn.walkthrough import random_generators

MAX_CHECKED_ENTRIES = 48  # weights of one layer checked numerically (a sample when it has more)


@dataclass
class GradientCheck:
    """Analytic gradients of one dense layer beside central finite differences (float64)."""

    labels: list  # "W2[12, 0]", "b2[0, 1]", ...
    analytic: np.ndarray
    numerical: np.ndarray
    relative_errors: np.ndarray  # per entry, |a - n| / (|a| + |n|)
    at_kink: np.ndarray  # per entry: the nudge crossed a kink, so the entry is left out
    relative_error: float  # ‖a - n‖ / (‖a‖ + ‖n‖) over the entries not at a kink
    n_weights: int  # how many weights and biases the layer has
    tolerance: float = TOLERANCE

    @property
    def passed(self):
        return bool(self.relative_error < self.tolerance)


def float64_copy(network):
    """A copy of the network that computes in float64 (the original is not touched)."""
    network = copy.deepcopy(network)
    for layer in network.dense_layers:
        layer.weights = layer.weights.astype(np.float64)
        layer.biases = layer.biases.astype(np.float64)
        layer.dot = np.dot
        layer.precision = "float64"
    return network


def checked_entries(shape, max_entries=MAX_CHECKED_ENTRIES):
    """The entries of an array to check: all of them, or `max_entries` spread evenly."""
    size = int(np.prod(shape))
    if size <= max_entries:
        flat = np.arange(size)
    else:
        flat = np.unique(np.linspace(0, size - 1, max_entries).round().astype(int))
    return [np.unravel_index(index, shape) for index in flat]


KINKED_ACTIVATIONS = (ReLU, LeakyReLU)  # their slope jumps at z = 0


def activation_pattern(network):
    """Which side of its kink every ReLU input is on, after the last forward pass."""
    return [layer.inputs > 0 for layer in network.layers if isinstance(layer, KINKED_ACTIVATIONS)]


def kinks_crossed(run_forward, network, array, entries, step=FINITE_DIFFERENCE_STEP, l1=0.0):
    """For each entry: does nudging it by ±step move some ReLU input across 0, or the weight
    itself across 0 under an L1 penalty |w|? Across a kink the slope jumps, and the finite
    difference measures the average of two slopes, not the derivative."""
    crossed = []
    for index in entries:
        original = array[index]
        patterns = []
        for nudged in (original + step, original - step):
            array[index] = nudged
            run_forward()
            patterns.append(activation_pattern(network))
        array[index] = original
        flipped = any(np.any(plus != minus) for plus, minus in zip(*patterns))
        crossed.append(flipped or (l1 > 0 and abs(original) < step))
    return np.array(crossed, dtype=bool)


def numerical_gradient_check(trainer, X, y, layer_number, max_entries=MAX_CHECKED_ENTRIES):
    """Check the backward pass of dense layer `layer_number` (1 = first) by finite differences.

    Both gradients are computed on a float64 copy of the network (float32 rounding would drown
    a finite difference), with the same dropout masks for every evaluation of the loss.
    """
    network = float64_copy(trainer.network)
    if not 1 <= layer_number <= len(network.dense_layers):
        raise ValueError(
            f"layer_number must be between 1 and {len(network.dense_layers)}. "
            f"Received: layer_number={layer_number!r}"
        )
    loss = copy.deepcopy(trainer.loss)
    X = np.asarray(X, dtype=np.float64)
    if y.dtype.kind == "f":
        y = y.astype(np.float64)
    generators = random_generators(network)
    states = [generator.get_state() for generator in generators]

    def batch_loss_now():
        for generator, state in zip(generators, states):
            generator.set_state(state)
        output = network.forward(X, training=True)
        return loss.calculate(output, y) + network.regularization_loss()

    batch_loss_now()
    output = network.layers[-1].output
    network.backward(loss.backward(output, y), skip_output_activation=trainer.softmax_shortcut)
    layer = network.dense_layers[layer_number - 1]
    labels, analytic, numerical, at_kink = [], [], [], []
    for name, array, gradient, l1 in [
        ("W", layer.weights, layer.dweights, layer.weight_regularizer_l1),
        ("b", layer.biases, layer.dbiases, layer.bias_regularizer_l1),
    ]:
        entries = checked_entries(array.shape, max_entries)
        labels += [f"{name}{layer_number}[{row}, {column}]" for row, column in entries]
        analytic += [gradient[index] for index in entries]
        numerical += [partial_derivative(batch_loss_now, array, index) for index in entries]
        at_kink += list(kinks_crossed(batch_loss_now, network, array, entries, l1=l1))
    analytic, numerical, at_kink = np.array(analytic), np.array(numerical), np.array(at_kink)
    scale = np.abs(analytic) + np.abs(numerical)
    safe_scale = np.where(scale > 0, scale, 1.0)
    smooth = ~at_kink
    return GradientCheck(
        labels=labels,
        analytic=analytic,
        numerical=numerical,
        relative_errors=np.abs(analytic - numerical) / safe_scale,
        at_kink=at_kink,
        relative_error=relative_error(analytic[smooth], numerical[smooth]),
        n_weights=layer.weights.size + layer.biases.size,
    )


GRADIENT_CHECK_EXPLANATION = (
    "Each weight is nudged up and down by a tiny $h$ and the batch loss measured both times: if "
    "the slope found this way matches the gradient that `backward` computed, the chain rule in "
    "the code is right for this layer. (Both on a float64 copy, where rounding is negligible.)"
)
FINITE_DIFFERENCE_FORMULA = (
    r"\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h}, \qquad h = 10^{-6}"
    r"\qquad \text{relative error} = \frac{\lVert g_{\text{analytic}} - g_{\text{numerical}}"
    r"\rVert}{\lVert g_{\text{analytic}} \rVert + \lVert g_{\text{numerical}} \rVert}"
)


def finite_difference_source():
    """The engine's code of one central difference, as the page shows it."""
    return source_of(partial_derivative)


def gradient_check_verdict(check):
    checked = f"{len(check.labels)} of the layer's {check.n_weights} weights and biases"
    n_kinks = int(check.at_kink.sum())
    if n_kinks:
        checked += (
            f" ({n_kinks} left out: nudging them moves a ReLU input across 0, where the slope "
            "jumps and a finite difference cannot measure it)"
        )
    if check.passed:
        return (
            f"Checked {checked}. Relative error {check.relative_error:.1e}, below "
            f"{check.tolerance:g}: the analytic gradients are right."
        )
    return (
        f"Checked {checked}. Relative error {check.relative_error:.1e}, above "
        f"{check.tolerance:g}: the two gradients disagree, something in backward is wrong."
    )


def gradient_check_table(check):
    lines = [
        "| parameter | analytic ∂L/∂w | numerical ∂L/∂w | difference | relative error |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, analytic, numerical, error, at_kink in zip(
        check.labels, check.analytic, check.numerical, check.relative_errors, check.at_kink
    ):
        error_text = "at a kink: left out" if at_kink else f"{error:.1e}"
        lines.append(
            f"| {label} | {analytic:.8g} | {numerical:.8g} | {abs(analytic - numerical):.1e} "
            f"| {error_text} |"
        )
    return "\n".join(lines)
