"""The Learn page's logic: one training step of the Playground's network, stage by stage.

No Streamlit here. A step is what `Trainer.train_on_batch` does, taken apart:

    forward:   X → Dense → activation → … → Dense → output activation → ŷ
    loss:      L = mean over the batch of the per-point losses (+ the L1/L2 penalties)
    backward:  ∂L/∂ŷ (or ∂L/∂z straight away for softmax + cross-entropy) → … → ∂L/∂W⁽¹⁾
    update:    every parameter moves against its gradient, as the optimizer says

Each part is a `Stage`: its maths in LaTeX, the arrays that went in and came out, and the
engine's own source code for it, read with `inspect.getsource` when the page is drawn, so
what the page shows is what runs. The stages call the layers' own `forward` and `backward`
in the order `Network.forward` and `Network.backward` do, so their numbers are the
trainer's, to the bit.

Two checks sit beside the step: the two ways the book differentiates softmax + cross-entropy
give the same gradient (`jacobian_check`), and the analytic gradients agree with central
finite differences of the loss (`numerical_gradient_check`).
"""

import copy
import inspect
import textwrap
from dataclasses import dataclass, field
from string import Template

import numpy as np

from scratchnet.activations import LeakyReLU, Linear, ReLU, Sigmoid, Softmax, Tanh
from scratchnet.layers import Dense, Dropout
from scratchnet.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    Loss,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCategoricalCrossentropy,
)
from scratchnet.network import Network
from scratchnet.optimizers import SGD, Adagrad, Adam, Optimizer, RMSprop
from scratchnet.trainer import Trainer

MAX_BATCH = 6  # a batch small enough to read every number of it
MAX_ROWS = 6  # rows and columns of an array shown before it is cut short
MAX_COLUMNS = 8
FINITE_DIFFERENCE_STEP = 1e-6  # h in (L(w + h) - L(w - h)) / 2h
GRADIENT_TOLERANCE = 1e-6  # the relative error under which a gradient counts as right
MAX_CHECKED_ENTRIES = 48  # weights of one layer checked numerically (a sample when it has more)


# --- what the page shows -------------------------------------------------------------------


@dataclass
class Matrix:
    """An array shown on the page: its symbol (LaTeX, without $), its values, and whether its
    rows are the batch's points (then they are labelled with the points' indices)."""

    symbol: str
    values: np.ndarray
    per_point: bool = False

    def __post_init__(self):
        self.values = np.array(self.values, copy=True)


@dataclass
class Stage:
    """One stage of the step: its maths, the numbers that went in and out, the code that ran."""

    key: str  # unique on the page, for widget keys: "forward-2"
    title: str
    formula: str  # LaTeX for st.latex
    explanation: str  # one or two sentences, Markdown (may hold $maths$)
    inputs: list = field(default_factory=list)  # of Matrix
    outputs: list = field(default_factory=list)  # of Matrix
    source: str = ""  # the engine's code for this stage


def source_of(*functions):
    """The source code of functions and methods, dedented, one after the other."""
    return "\n\n".join(textwrap.dedent(inspect.getsource(function)) for function in functions)


def partial(symbol):
    """∂L/∂symbol in LaTeX."""
    return r"\frac{\partial L}{\partial " + symbol + "}"


def inline_partial(symbol):
    """∂L/∂symbol for running text and table headings."""
    return r"\partial L / \partial " + symbol


def latex(template, **symbols):
    """Fill a LaTeX template's ${name} slots; LaTeX's own braces are left alone."""
    return Template(template).substitute(**symbols)


def shape_text(values):
    return " × ".join(str(size) for size in np.shape(values)) or "a single number"


# --- the symbols of the layers ---------------------------------------------------------------


def layer_symbols(network):
    """(input symbol, output symbol, dense layer number) of every layer, in LaTeX.

    The data is X, dense layer l computes z⁽ˡ⁾, the activation after it a⁽ˡ⁾ (ŷ for the
    output activation), dropout after it ã⁽ˡ⁾.
    """
    symbols = []
    current = "X"
    dense_number = 0
    last = len(network.layers) - 1
    for position, layer in enumerate(network.layers):
        if isinstance(layer, Dense):
            dense_number += 1
            output = f"z^{{({dense_number})}}"
        elif isinstance(layer, Dropout):
            output = rf"\tilde{{a}}^{{({dense_number})}}"
        elif position == last:
            output = r"\hat{y}"
        else:
            output = f"a^{{({dense_number})}}"
        symbols.append((current, output, dense_number))
        current = output
    return symbols


# --- activations: (name, forward formula, backward formula, what it does) --------------------

ACTIVATION_MATHS = {
    ReLU: (
        "ReLU",
        r"${a} = \max(0,\ ${z})",
        r"${dz} = ${da} \odot \mathbb{1}[${z} > 0]",
        "Negative scores become 0, positive ones pass unchanged. Backward, the gradient flows "
        "only through the neurons that were active ($z > 0$) for that point.",
    ),
    LeakyReLU: (
        "Leaky ReLU",
        r"${a} = \begin{cases} ${z} & ${z} > 0 \\ \alpha\, ${z} & \text{otherwise}\end{cases}"
        r"\qquad \alpha = ${slope}",
        r"${dz} = ${da} \odot \begin{cases} 1 & ${z} > 0 \\ \alpha & \text{otherwise}\end{cases}",
        "Like ReLU, but negative scores are kept small (times $\\alpha$) instead of zeroed, so "
        "the gradient never stops completely.",
    ),
    Tanh: (
        "tanh",
        r"${a} = \tanh(${z})",
        r"${dz} = ${da} \odot \left(1 - (${a})^{2}\right)",
        "Squashes every score into (-1, 1). Its slope, $1 - a^2$, is largest near 0 and "
        "vanishes for big scores.",
    ),
    Sigmoid: (
        "sigmoid",
        r"${a} = \frac{1}{1 + e^{-${z}}}",
        r"${dz} = ${da} \odot ${a} \odot (1 - ${a})",
        "Squashes every score into (0, 1). Its slope, $a(1 - a)$, is at most 1/4.",
    ),
    Linear: (
        "linear (identity)",
        r"${a} = ${z}",
        r"${dz} = ${da}",
        "Passes the scores through unchanged, as a regression network's output does.",
    ),
    Softmax: (
        "softmax",
        r"${a}_{ik} = \frac{e^{${z}_{ik} - \max_j ${z}_{ij}}}"
        r"{\sum_j e^{${z}_{ij} - \max_j ${z}_{ij}}}",
        r"${dz}_{i} = J_i\, ${da}_{i} \qquad"
        r" J_i = \operatorname{diag}(${a}_i) - ${a}_i ${a}_i^{\top}",
        "Exponentiates each point's scores and divides by their sum: every row becomes "
        "probabilities that add up to 1. (Subtracting the row's maximum first changes nothing "
        "but keeps $e^z$ from overflowing.)",
    ),
}

DROPOUT_FORWARD = (
    r"${a} = ${x} \odot m \qquad m_{ij} = \frac{\mathrm{Bernoulli}(1 - p)}{1 - p},\ p = ${rate}"
)
DROPOUT_BACKWARD = r"${dx} = ${da} \odot m"


# --- losses: (name, forward formula, backward formula, what it measures) --------------------

CROSS_ENTROPY_FORWARD = r"L_{\text{data}} = -\frac{1}{N} \sum_{i=1}^{N} \log \hat{y}_{i,\,y_i}"
LOSS_MATHS = {
    CategoricalCrossentropy: (
        "categorical cross-entropy",
        CROSS_ENTROPY_FORWARD,
        r"\frac{\partial L}{\partial \hat{y}_{ik}} = -\frac{1}{N} \frac{y_{ik}}{\hat{y}_{ik}}",
        "The mean over the batch of $-\\log$ of the probability the network gave to each "
        "point's true class: 0 when it is sure and right, large when it is sure and wrong.",
    ),
    SoftmaxCategoricalCrossentropy: (
        "categorical cross-entropy",
        CROSS_ENTROPY_FORWARD,
        r"\frac{\partial L}{\partial z^{(${last})}} = \frac{1}{N}\left(\hat{y} - y\right)",
        "The mean over the batch of $-\\log$ of the probability the network gave to each "
        "point's true class: 0 when it is sure and right, large when it is sure and wrong.",
    ),
    MeanSquaredError: (
        "mean squared error",
        r"L_{\text{data}} = \frac{1}{N} \sum_{i=1}^{N} \frac{1}{K} \sum_{k=1}^{K}"
        r" (y_{ik} - \hat{y}_{ik})^2",
        r"\frac{\partial L}{\partial \hat{y}_{ik}} = -\frac{2}{N K} (y_{ik} - \hat{y}_{ik})",
        "The mean of the squared distances between the targets and the predictions.",
    ),
    MeanAbsoluteError: (
        "mean absolute error",
        r"L_{\text{data}} = \frac{1}{N} \sum_{i=1}^{N} \frac{1}{K} \sum_{k=1}^{K}"
        r" |y_{ik} - \hat{y}_{ik}|",
        r"\frac{\partial L}{\partial \hat{y}_{ik}} = -\frac{1}{N K}"
        r" \operatorname{sign}(y_{ik} - \hat{y}_{ik})",
        "The mean of the distances between the targets and the predictions.",
    ),
    BinaryCrossentropy: (
        "binary cross-entropy",
        r"L_{\text{data}} = -\frac{1}{N} \sum_{i} \frac{1}{K} \sum_{k}"
        r" \left(y_{ik} \log \hat{y}_{ik} + (1 - y_{ik}) \log (1 - \hat{y}_{ik})\right)",
        r"\frac{\partial L}{\partial \hat{y}_{ik}} = -\frac{1}{N K}"
        r" \left(\frac{y_{ik}}{\hat{y}_{ik}} - \frac{1 - y_{ik}}{1 - \hat{y}_{ik}}\right)",
        "For every output, $-\\log$ of the probability given to the right answer (1 or 0).",
    ),
}

# --- optimizers: the update rule, with the optimizer's own numbers -----------------------------

OPTIMIZER_NAMES = {SGD: "SGD", Adagrad: "Adagrad", RMSprop: "RMSprop", Adam: "Adam"}


def update_formula(optimizer, symbol, gradient):
    """The optimizer's update of one parameter `symbol` in LaTeX, its settings filled in."""
    eta = f"{optimizer.current_learning_rate:.4g}"
    lines = []
    if optimizer.decay:
        lines.append(
            rf"\eta = \frac{{\eta_0}}{{1 + \text{{decay}} \cdot t}} = {eta}"
            rf" \quad (\eta_0 = {optimizer.learning_rate:g},\ t = {optimizer.iterations})"
        )
    else:
        lines.append(rf"\eta = {eta}")
    if isinstance(optimizer, SGD) and optimizer.momentum:
        lines.append(rf"v \leftarrow {optimizer.momentum:g}\, v - \eta\, {gradient}")
        lines.append(rf"{symbol} \leftarrow {symbol} + v")
    elif isinstance(optimizer, SGD):
        lines.append(rf"{symbol} \leftarrow {symbol} - \eta\, {gradient}")
    elif isinstance(optimizer, Adagrad):
        lines.append(rf"c \leftarrow c + \left({gradient}\right)^2")
        lines.append(
            rf"{symbol} \leftarrow {symbol} - \eta\, \frac{{{gradient}}}{{\sqrt{{c}} + \epsilon}}"
        )
    elif isinstance(optimizer, RMSprop):
        rho = f"{optimizer.rho:g}"
        lines.append(rf"c \leftarrow {rho}\, c + (1 - {rho}) \left({gradient}\right)^2")
        lines.append(
            rf"{symbol} \leftarrow {symbol} - \eta\, \frac{{{gradient}}}{{\sqrt{{c}} + \epsilon}}"
        )
    elif isinstance(optimizer, Adam):
        beta_1, beta_2 = f"{optimizer.beta_1:g}", f"{optimizer.beta_2:g}"
        t = optimizer.iterations + 1
        lines.append(rf"m \leftarrow {beta_1}\, m + (1 - {beta_1})\, {gradient}")
        lines.append(rf"c \leftarrow {beta_2}\, c + (1 - {beta_2}) \left({gradient}\right)^2")
        lines.append(
            rf"\hat{{m}} = \frac{{m}}{{1 - {beta_1}^{{{t}}}}} \qquad"
            rf" \hat{{c}} = \frac{{c}}{{1 - {beta_2}^{{{t}}}}}"
        )
        lines.append(
            rf"{symbol} \leftarrow {symbol} - \eta\,"
            rf" \frac{{\hat{{m}}}}{{\sqrt{{\hat{{c}}}} + \epsilon}}"
        )
    else:
        lines.append(rf"{symbol} \leftarrow \text{{{type(optimizer).__name__}}}({gradient})")
    return r"\begin{gathered}" + r" \\ ".join(lines) + r"\end{gathered}"


# --- the forward stages ------------------------------------------------------------------------


def input_stage(X, y):
    y_shown = y.reshape(len(y), -1)
    return Stage(
        key="forward-input",
        title=f"The batch: {len(X)} points, {X.shape[1]} input(s) each",
        formula=rf"X \in \mathbb{{R}}^{{{X.shape[0]} \times {X.shape[1]}}}"
        r" \qquad \text{one row per point}",
        explanation="Every point of the batch is one row of $X$; $y$ holds its true answer. "
        "`Network.forward` hands the batch to each layer in turn, each layer's output "
        "becoming the next one's input.",
        inputs=[Matrix("X", X, per_point=True), Matrix("y", y_shown, per_point=True)],
        source=source_of(Network.forward),
    )


def forward_stage(position, layer, symbols, inputs, output, is_last, training=True):
    """Describe what `layer.forward` just did: inputs → output."""
    x, out, number = symbols
    key = f"forward-{position}"
    if isinstance(layer, Dense):
        return Stage(
            key=key,
            title=f"Dense layer {number}: {layer.n_inputs} → {layer.n_neurons} neurons",
            formula=rf"{out} = {x}\, W^{{({number})}} + b^{{({number})}}"
            rf"\qquad ({shape_text(inputs)})({shape_text(layer.weights)})"
            rf" + ({shape_text(layer.biases)})".replace("×", r"\times"),
            explanation=f"Each of the {layer.n_neurons} neurons takes a weighted sum of the "
            f"{layer.n_inputs} inputs of every point and adds its bias: one matrix product for "
            "the whole batch. Row $i$ of the result is point $i$, column $j$ is neuron $j$.",
            inputs=[
                Matrix(x, inputs, per_point=True),
                Matrix(f"W^{{({number})}}", layer.weights),
                Matrix(f"b^{{({number})}}", layer.biases),
            ],
            outputs=[Matrix(out, output, per_point=True)],
            source=source_of(type(layer).forward),
        )
    if isinstance(layer, Dropout) and not training:
        return Stage(
            key=key,
            title=f"Dropout after layer {number}: off (not training)",
            formula=rf"{out} = {x}",
            explanation="Dropout only acts while training; otherwise it lets everything through.",
            inputs=[Matrix(x, inputs, per_point=True)],
            outputs=[Matrix(out, output, per_point=True)],
            source=source_of(type(layer).forward),
        )
    if isinstance(layer, Dropout):
        return Stage(
            key=key,
            title=f"Dropout after layer {number} (rate {layer.rate:g})",
            formula=latex(DROPOUT_FORWARD, a=out, x=x, rate=f"{layer.rate:g}"),
            explanation="While training, each activation is zeroed with probability $p$ and "
            "the others are scaled up by $1/(1-p)$. The mask $m$ below is the one this step "
            "uses (drawn from the run's random generator).",
            inputs=[Matrix(x, inputs, per_point=True), Matrix("m", layer.binary_mask, True)],
            outputs=[Matrix(out, output, per_point=True)],
            source=source_of(type(layer).forward),
        )
    name, forward_formula, _, words = activation_maths(layer)
    z = x
    title = f"{name} of layer {number}" if not is_last else f"Output activation: {name}"
    slope = f"{getattr(layer, 'slope', 0):g}"
    return Stage(
        key=key,
        title=title,
        formula=latex(forward_formula, a=out, z=z, slope=slope),
        explanation=words,
        inputs=[Matrix(z, inputs, per_point=True)],
        outputs=[Matrix(out, output, per_point=True)],
        source=source_of(type(layer).forward),
    )


def activation_maths(layer):
    """(name, forward, backward, words) for an activation; a plain fallback for others."""
    if type(layer) in ACTIVATION_MATHS:
        return ACTIVATION_MATHS[type(layer)]
    name = type(layer).__name__
    return (name, r"${a} = f(${z})", r"${dz} = ${da} \odot f'(${z})", f"The {name} layer.")


def forward_stages(network, X, y, training=True):
    """Run the batch through the network's layers one at a time; (stages, output).

    `training=True` is how the trainer runs it (dropout on). The output is the network's,
    the same numbers `network.forward(X, training)` gives.
    """
    symbols = layer_symbols(network)
    stages = [input_stage(X, y)]
    inputs = X
    last = len(network.layers) - 1
    for position, layer in enumerate(network.layers):
        output = layer.forward(inputs, training)
        is_last = position == last
        stages.append(
            forward_stage(position, layer, symbols[position], inputs, output, is_last, training)
        )
        inputs = output
    return stages, inputs


# --- the loss ----------------------------------------------------------------------------------


def loss_maths(loss):
    if type(loss) in LOSS_MATHS:
        return LOSS_MATHS[type(loss)]
    name = type(loss).__name__
    return (name, r"L_{\text{data}} = \ell(\hat{y}, y)", r"\partial L / \partial \hat{y}", name)


def regularization_formula(network):
    """The L1/L2 penalties in LaTeX, or "" when the network has none."""
    terms = []
    for number, layer in enumerate(network.dense_layers, start=1):
        for value, template in [
            (layer.weight_regularizer_l1, r"{v}\sum|W^{{({n})}}|"),
            (layer.weight_regularizer_l2, r"{v}\sum (W^{{({n})}})^2"),
            (layer.bias_regularizer_l1, r"{v}\sum|b^{{({n})}}|"),
            (layer.bias_regularizer_l2, r"{v}\sum (b^{{({n})}})^2"),
        ]:
            if value > 0:
                terms.append(template.format(v=f"{value:g}", n=number))
    return " + ".join(terms)


def loss_stage(loss, network, output, y):
    """The data loss (+ the penalties) of the batch: one number that training makes smaller."""
    name, forward_formula, _, words = loss_maths(loss)
    sample_losses = loss.forward(output, y)
    data_loss = loss.calculate(output, y)
    penalties = regularization_formula(network)
    formula = forward_formula
    outputs = [Matrix(r"\ell_i", sample_losses, per_point=True)]
    functions = [type(loss).forward, Loss.calculate]
    if isinstance(loss, SoftmaxCategoricalCrossentropy):
        functions.insert(1, CategoricalCrossentropy.forward)
    if penalties:
        formula = r"\begin{aligned}" + formula + r" \\ L = L_{\text{data}} + " + penalties
        formula += r"\end{aligned}"
        outputs.append(Matrix(r"L_{\text{data}}", data_loss))
        outputs.append(Matrix(r"L", data_loss + network.regularization_loss()))
        functions.append(Dense.regularization_loss)
    else:
        outputs.append(Matrix("L", data_loss))
    return Stage(
        key="loss",
        title=f"Loss: {name}",
        formula=formula,
        explanation=words,
        inputs=[
            Matrix(r"\hat{y}", output, per_point=True),
            Matrix("y", y.reshape(len(y), -1), True),
        ],
        outputs=outputs,
        source=source_of(*functions),
    )


# --- the backward stages -----------------------------------------------------------------------


def loss_backward_stage(loss, output, y, dvalues, n_dense):
    name, _, backward_formula, _ = loss_maths(loss)
    if isinstance(loss, SoftmaxCategoricalCrossentropy):
        z = f"z^{{({n_dense})}}"
        one_hot = y if y.ndim == 2 else np.eye(output.shape[1], dtype=output.dtype)[y]
        return Stage(
            key="backward-loss",
            title="Softmax + cross-entropy, differentiated together",
            formula=latex(backward_formula, last=n_dense),
            explanation="Through the softmax, the gradient of the cross-entropy with respect "
            "to the scores collapses to *probabilities minus the one-hot truth*, divided by "
            f"$N$. So the engine starts the backward pass here, at ${inline_partial(z)}$, and "
            "the Softmax layer's own `backward` is skipped (the tab *Two paths* shows that "
            "it would give the same numbers).",
            inputs=[Matrix(r"\hat{y}", output, True), Matrix("y", one_hot, True)],
            outputs=[Matrix(inline_partial(z), dvalues, True)],
            source=source_of(type(loss).backward),
        )
    return Stage(
        key="backward-loss",
        title=f"Loss gradient: {name}",
        formula=backward_formula,
        explanation="How the loss changes when each prediction changes: where the backward "
        "pass starts.",
        inputs=[Matrix(r"\hat{y}", output, True), Matrix("y", y.reshape(len(y), -1), True)],
        outputs=[Matrix(inline_partial(r"\hat{y}"), dvalues, True)],
        source=source_of(type(loss).backward),
    )


def dense_backward_formula(layer, x, z, number):
    W, b = f"W^{{({number})}}", f"b^{{({number})}}"
    weight_penalty = ""
    if layer.weight_regularizer_l1 > 0:
        weight_penalty += rf" + {layer.weight_regularizer_l1:g} \operatorname{{sign}}({W})"
    if layer.weight_regularizer_l2 > 0:
        weight_penalty += rf" + 2 \cdot {layer.weight_regularizer_l2:g}\, {W}"
    bias_penalty = ""
    if layer.bias_regularizer_l1 > 0:
        bias_penalty += rf" + {layer.bias_regularizer_l1:g} \operatorname{{sign}}({b})"
    if layer.bias_regularizer_l2 > 0:
        bias_penalty += rf" + 2 \cdot {layer.bias_regularizer_l2:g}\, {b}"
    lines = [
        rf"{partial(W)} &= ({x})^{{\top}} {partial(z)}{weight_penalty}",
        rf"{partial(b)} &= \sum_{{i=1}}^{{N}} \left({partial(z)}\right)_i{bias_penalty}",
    ]
    if layer.compute_dinputs:
        lines.append(rf"{partial(x)} &= {partial(z)}\, ({W})^{{\top}}")
    return r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}"


def backward_stage(position, layer, symbols, dvalues, dinputs, is_last):
    """Describe what `layer.backward` just did: ∂L/∂(its output) → ∂L/∂(its input)."""
    x, out, number = symbols
    key = f"backward-{position}"
    if isinstance(layer, Dense):
        W, b = f"W^{{({number})}}", f"b^{{({number})}}"
        outputs = [
            Matrix(inline_partial(W), layer.dweights),
            Matrix(inline_partial(b), layer.dbiases),
        ]
        if layer.compute_dinputs:
            outputs.append(Matrix(inline_partial(x), dinputs, per_point=True))
            handed_on = f" ${inline_partial(x)}$ is handed on to the layer before."
        else:
            handed_on = (
                " There is no $\\partial L / \\partial X$: nothing learns from the data, so the "
                "network switches that product off for its first layer."
            )
        return Stage(
            key=key,
            title=f"Dense layer {number}: gradients of its weights and biases",
            formula=dense_backward_formula(layer, x, out, number),
            explanation="The gradient of each weight is the input it multiplied times the "
            "gradient arriving at its neuron, summed over the batch's points; the bias's is "
            "just that gradient summed." + handed_on,
            inputs=[
                Matrix(inline_partial(out), dvalues, per_point=True),
                Matrix(x, layer.inputs, per_point=True),
                Matrix(W, layer.weights),
            ],
            outputs=outputs,
            source=source_of(type(layer).backward),
        )
    if isinstance(layer, Dropout):
        return Stage(
            key=key,
            title=f"Dropout after layer {number}: gradient",
            formula=latex(DROPOUT_BACKWARD, dx=partial(x), da=partial(out)),
            explanation="The gradient passes only where the activation was kept, scaled like it.",
            inputs=[
                Matrix(inline_partial(out), dvalues, True),
                Matrix("m", layer.binary_mask, True),
            ],
            outputs=[Matrix(inline_partial(x), dinputs, per_point=True)],
            source=source_of(type(layer).backward),
        )
    name, _, backward_formula, _ = activation_maths(layer)
    z = x
    title = f"{name} of layer {number}: gradient" if not is_last else f"{name}: gradient"
    cached = (
        Matrix(z, layer.inputs, True)
        if hasattr(layer, "inputs")
        else Matrix(out, layer.output, True)
    )
    slope = f"{getattr(layer, 'slope', 0):g}"
    return Stage(
        key=key,
        title=title,
        formula=latex(backward_formula, a=out, z=z, dz=partial(z), da=partial(out), slope=slope),
        explanation="The chain rule: the gradient arriving from above times this "
        "function's own slope, point by point.",
        inputs=[Matrix(inline_partial(out), dvalues, per_point=True), cached],
        outputs=[Matrix(inline_partial(z), dinputs, per_point=True)],
        source=source_of(type(layer).backward),
    )


def backward_stages(network, loss, output, y, softmax_shortcut):
    """Run the gradient back through the layers, last to first, as `Network.backward` does.

    Returns the stages; afterwards every Dense layer holds its `dweights` and `dbiases`.
    """
    symbols = layer_symbols(network)
    dvalues = loss.backward(output, y)
    stages = [loss_backward_stage(loss, output, y, dvalues, len(network.dense_layers))]
    layers = network.layers[:-1] if softmax_shortcut else network.layers
    last = len(network.layers) - 1
    for position in reversed(range(len(layers))):
        layer = layers[position]
        received = dvalues
        dvalues = layer.backward(received)
        stages.append(
            backward_stage(position, layer, symbols[position], received, dvalues, position == last)
        )
    return stages


# --- the update --------------------------------------------------------------------------------


def update_stages(optimizer, network):
    """What the optimizer will do with these gradients: one stage per dense layer.

    Works on copies of the optimizer and the parameters, so nothing changes yet; the real
    update (`Optimizer.update_params` on the network's own parameters) gives the same numbers.
    Returns (stages, the parameters after the update).
    """
    preview = copy.deepcopy(optimizer)
    before = [parameter.copy() for parameter in network.parameters()]
    after = [parameter.copy() for parameter in before]
    gradients = network.gradients()
    preview.update_params(after, gradients)
    name = OPTIMIZER_NAMES.get(type(optimizer), type(optimizer).__name__)
    functions = [Optimizer.update_params, type(optimizer).update_parameter]
    if optimizer.decay:
        functions.insert(1, Optimizer.pre_update_params)
    stages = []
    for number in range(1, len(network.dense_layers) + 1):
        W, b = f"W^{{({number})}}", f"b^{{({number})}}"
        weights_index, biases_index = 2 * (number - 1), 2 * (number - 1) + 1
        outputs = [
            Matrix(W + r"\ \text{after}", after[weights_index]),
            Matrix(r"\Delta " + W, after[weights_index] - before[weights_index]),
            Matrix(b + r"\ \text{after}", after[biases_index]),
        ]
        for slot_name, arrays in preview.slots.items():
            if weights_index in arrays:
                outputs.append(Matrix(rf"\text{{{slot_name}}}\ ({W})", arrays[weights_index]))
        stages.append(
            Stage(
                key=f"update-{number}",
                title=f"{name} updates layer {number}",
                formula=update_formula(optimizer, W, inline_partial(W)),
                explanation=f"Every weight and bias of layer {number} moves a little against "
                "its gradient, by the rule above (the same rule for the biases). These are the "
                "numbers **Next step** writes into the network.",
                inputs=[
                    Matrix(W, before[weights_index]),
                    Matrix(inline_partial(W), gradients[weights_index]),
                    Matrix(b, before[biases_index]),
                    Matrix(inline_partial(b), gradients[biases_index]),
                ],
                outputs=outputs,
                source=source_of(*functions),
            )
        )
    return stages, after


# --- the whole step ----------------------------------------------------------------------------


@dataclass
class Walkthrough:
    """One training step of a batch, stage by stage (nothing updated yet)."""

    forward: list
    loss: Stage
    backward: list
    update: list
    output: np.ndarray
    scores: np.ndarray  # the last dense layer's output z⁽ᴸ⁾
    data_loss: float
    regularization_loss: float
    gradients: list  # as network.gradients(): [dL/dW1, dL/db1, ...]
    parameters_after: list  # as network.parameters() after the update


def random_generators(network, trainer=None):
    """Every random generator the step may draw from (dropout masks), each listed once."""
    generators = [layer.rng for layer in network.layers if isinstance(layer, Dropout)]
    if trainer is not None:
        generators.append(trainer.rng)
    unique = []
    for generator in generators:
        if all(generator is not seen for seen in unique):
            unique.append(generator)
    return unique


def walk_through(trainer, X, y):
    """Take `trainer.train_on_batch(X, y)` apart, without changing the trainer.

    The layers' forward and backward run exactly as the trainer runs them (so the numbers are
    the trainer's); the update is previewed on copies. The random generator is put back
    afterwards, so that the next `train_on_batch` draws the same dropout masks as shown here.
    """
    network = trainer.network
    generators = random_generators(network, trainer)
    states = [generator.get_state() for generator in generators]
    try:
        forward, output = forward_stages(network, X, y, training=True)
        loss_part = loss_stage(trainer.loss, network, output, y)
        data_loss = float(trainer.loss.calculate(output, y))
        regularization = float(network.regularization_loss())
        backward = backward_stages(network, trainer.loss, output, y, trainer.softmax_shortcut)
        update, after = update_stages(trainer.optimizer, network)
    finally:
        for generator, state in zip(generators, states):
            generator.set_state(state)
    return Walkthrough(
        forward=forward,
        loss=loss_part,
        backward=backward,
        update=update,
        output=output,
        scores=network.dense_layers[-1].output.copy(),
        data_loss=data_loss,
        regularization_loss=regularization,
        gradients=[gradient.copy() for gradient in network.gradients()],
        parameters_after=after,
    )


def batch_loss(trainer, X, y):
    """Data loss + penalties of the batch, in prediction mode (no dropout)."""
    output = trainer.network.forward(X, training=False)
    data_loss = trainer.loss.calculate(output, y)
    return float(data_loss + trainer.network.regularization_loss())


# --- check 1: the two paths through softmax + cross-entropy --------------------------------------


@dataclass
class JacobianCheck:
    """The book's two ways to ∂L/∂z for softmax + cross-entropy, side by side (float64)."""

    probabilities: np.ndarray  # ŷ
    dprobabilities: np.ndarray  # ∂L/∂ŷ from CategoricalCrossentropy.backward
    jacobians: np.ndarray  # (N, K, K): J_i = diag(ŷ_i) - ŷ_i ŷ_iᵀ
    through_jacobian: np.ndarray  # Softmax.backward(∂L/∂ŷ)
    combined: np.ndarray  # SoftmaxCategoricalCrossentropy.backward
    max_difference: float
    source: str


def jacobian_check(scores, y_true):
    """∂L/∂z two ways, in float64, for the scores z of the last dense layer and labels y.

    Path 1, the long way: softmax, then ∂L/∂ŷ = -y/ŷ/N, then each sample's Jacobian J_i times
    its ∂L/∂ŷ_i. Path 2, the shortcut: (ŷ - y)/N. The difference is rounding only.
    """
    scores = np.asarray(scores, dtype=np.float64)
    softmax = Softmax()
    probabilities = softmax.forward(scores)
    cross_entropy = CategoricalCrossentropy()
    dprobabilities = cross_entropy.backward(probabilities, y_true)
    through_jacobian = softmax.backward(dprobabilities)
    combined = SoftmaxCategoricalCrossentropy().backward(probabilities, y_true)
    jacobians = np.stack([np.diagflat(row) - np.outer(row, row) for row in probabilities])
    return JacobianCheck(
        probabilities=np.ascontiguousarray(probabilities),
        dprobabilities=dprobabilities,
        jacobians=jacobians,
        through_jacobian=through_jacobian,
        combined=combined,
        max_difference=float(np.max(np.abs(combined - through_jacobian))),
        source=source_of(
            CategoricalCrossentropy.backward,
            Softmax.backward,
            SoftmaxCategoricalCrossentropy.backward,
        ),
    )


# --- check 2: analytic gradients against finite differences ---------------------------------------


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
    tolerance: float = GRADIENT_TOLERANCE

    @property
    def passed(self):
        return bool(self.relative_error < self.tolerance)


def relative_error(analytic, numerical):
    """‖a - n‖ / (‖a‖ + ‖n‖): 0 when they agree, 1 when they have nothing in common.

    Over several numbers at once, a tiny gradient cannot blow it up, as it would a
    number-by-number ratio.
    """
    scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    if scale == 0:
        return 0.0
    return float(np.linalg.norm(analytic - numerical) / scale)


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


def numerical_gradient(loss_function, array, entries, step=FINITE_DIFFERENCE_STEP):
    """Central differences  (L(w + h) - L(w - h)) / 2h  for the chosen entries of `array`.

    Each entry is nudged in place and put back: the network itself is the function.
    """
    gradient = np.empty(len(entries))
    for position, index in enumerate(entries):
        original = array[index]
        array[index] = original + step
        loss_plus = loss_function()
        array[index] = original - step
        loss_minus = loss_function()
        array[index] = original
        gradient[position] = (loss_plus - loss_minus) / (2 * step)
    return gradient


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
        numerical += list(numerical_gradient(batch_loss_now, array, entries))
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


# --- showing arrays ----------------------------------------------------------------------------


def format_number(value):
    """Four significant digits: enough to see a number change, short enough to read."""
    if not np.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    return f"{value:.4g}"


def as_matrix(values):
    """Any array as rows × columns: a number is 1 × 1, a vector one column."""
    values = np.asarray(values)
    if values.ndim == 0:
        return values.reshape(1, 1)
    if values.ndim == 1:
        return values.reshape(-1, 1)
    return values.reshape(values.shape[0], -1)


def shown_positions(size, limit):
    """Which of `size` rows (or columns) to show: all, or the first limit-1 and the last.

    None in the list stands for the ones left out.
    """
    if limit is None or size <= limit:
        return list(range(size))
    return [*range(limit - 1), None, size - 1]


def markdown_table(matrix, point_labels=None, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS):
    """A Markdown table of the matrix's values, cut to max_rows × max_columns (None: all).

    `point_labels` name the rows of arrays whose rows are the batch's points ("#12"). Returns
    (table, note): note says what was left out, or "" when everything is shown.
    """
    values = as_matrix(matrix.values)
    n_rows, n_columns = values.shape
    rows = shown_positions(n_rows, max_rows)
    columns = shown_positions(n_columns, max_columns)
    use_points = matrix.per_point and point_labels is not None and len(point_labels) == n_rows
    header = "| | " + " | ".join("…" if c is None else str(c) for c in columns) + " |"
    lines = [header, "|---|" + "---:|" * len(columns)]
    for row in rows:
        if row is None:
            lines.append("| ⋮ | " + " | ".join("⋮" for _ in columns) + " |")
            continue
        label = point_labels[row] if use_points else str(row)
        cells = ["…" if c is None else format_number(values[row, c]) for c in columns]
        lines.append(f"| **{label}** | " + " | ".join(cells) + " |")
    left_out = []
    if len(rows) < n_rows:
        left_out.append(f"{n_rows} rows")
    if len(columns) < n_columns:
        left_out.append(f"{n_columns} columns")
    note = f"Showing part of {' and '.join(left_out)}." if left_out else ""
    return "\n".join(lines), note


def matrix_heading(matrix):
    return f"${matrix.symbol}$ &nbsp; · &nbsp; shape {shape_text(matrix.values)}"


def is_truncated(stage):
    """Whether some array of the stage is too big to show whole by default."""
    return any(
        as_matrix(m.values).shape[0] > MAX_ROWS or as_matrix(m.values).shape[1] > MAX_COLUMNS
        for m in [*stage.inputs, *stage.outputs]
    )


# --- the batch ---------------------------------------------------------------------------------


def class_labels(y):
    """Class indices of y (one-hot rows become indices), or None for regression targets."""
    if y.dtype.kind == "f":
        return None
    return np.argmax(y, axis=1) if y.ndim == 2 else y


def default_batch(y):
    """A few spread-out points: one per class (more when there are fewer than 3 classes).

    For each class, points at 60%, 85% and 35% of its list: away from the spiral's centre,
    where every class starts at the same point.
    """
    labels = class_labels(y)
    if labels is None:
        count = len(y)
        size = min(4, count)
        return sorted({int(i) for i in np.linspace(count / 8, count * 7 / 8, size).astype(int)})
    classes = np.unique(labels)
    size = min(MAX_BATCH, max(3, len(classes)), len(labels))
    members = {k: np.flatnonzero(labels == k) for k in classes}
    batch = []
    for fraction in (0.6, 0.85, 0.35, 0.1):
        for k in classes:
            index = int(members[k][int(fraction * (len(members[k]) - 1))])
            if len(batch) < size and index not in batch:
                batch.append(index)
    return batch


def point_label(index, y):
    labels = class_labels(y)
    if labels is None:
        return f"#{index} (target {format_number(float(y[index].ravel()[0]))})"
    return f"#{index} (class {labels[index]})"


def indices_from_selection(points):
    """Dataset indices of the points of a Plotly selection event (their customdata)."""
    indices = []
    for point in points:
        value = point.get("customdata")
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if value is not None and int(value) not in indices:
            indices.append(int(value))
    return indices


@dataclass
class StepRecord:
    """One step taken on the Learn page."""

    step: int
    batch: tuple
    loss_before: float
    loss_after: float
    learning_rate: float


class LearnSession:
    """The Learn page's state in one browser session.

    It owns a copy of the Playground's trainer, so stepping here never changes the
    Playground's training, the batch the learner chose, and the steps taken so far.
    """

    def __init__(self, run, seed=0):
        self.batch_rng = np.random.default_rng(seed)  # for "random batch"
        self.batch = []
        self.message = None
        self.take(run)

    # --- the copy ---

    def take(self, run):
        """Copy the Playground's trainer as it is now, and start counting steps again.

        The batch is kept when the data is the same, and chosen afresh when it is not.
        """
        same_data = bool(self.batch) and np.array_equal(self.original.X, run.trainer.X)
        self.original = run.trainer.copy()
        self.config = run.config
        self.source_epoch = run.trainer.epoch
        self.reset()
        if not same_data:
            self.batch = default_batch(self.trainer.y)

    def reset(self):
        """Back to the copy as it was taken."""
        self.trainer = self.original.copy()
        self.steps = []
        self.message = None

    def is_behind(self, run):
        """Whether the Playground has moved on (other epoch or settings) since the copy."""
        return run.trainer.epoch != self.source_epoch or run.config != self.config

    # --- the batch ---

    def set_batch(self, indices):
        """Choose the batch's points; at most MAX_BATCH, each once, in range."""
        chosen = []
        for index in indices:
            index = int(index)
            if not 0 <= index < len(self.trainer.X):
                raise ValueError(
                    f"point index must be between 0 and {len(self.trainer.X) - 1}. "
                    f"Received: {index}"
                )
            if index not in chosen:
                chosen.append(index)
        self.message = None
        if len(chosen) > MAX_BATCH:
            self.message = (
                "info",
                f"{len(chosen)} points were selected; the batch keeps the first {MAX_BATCH}.",
            )
        self.batch = chosen[:MAX_BATCH]
        return self.batch

    def random_batch(self):
        """A new batch of the same size (3 to 6 points), drawn from the seeded generator."""
        size = min(MAX_BATCH, max(3, len(self.batch)), len(self.trainer.X))
        chosen = self.batch_rng.choice(len(self.trainer.X), size=size, replace=False)
        return self.set_batch(sorted(int(index) for index in chosen))

    def apply_selection(self, indices):
        """Points picked on the chart: one click adds or removes that point, a box or lasso
        selection of several points becomes the batch."""
        if len(indices) == 1:
            index = indices[0]
            if index in self.batch:
                return self.set_batch([i for i in self.batch if i != index])
            if len(self.batch) >= MAX_BATCH:
                self.message = (
                    "info",
                    f"The batch is full ({MAX_BATCH} points): remove one first.",
                )
                return self.batch
            return self.set_batch([*self.batch, index])
        if indices:
            return self.set_batch(indices)
        return self.batch

    @property
    def inputs(self):
        """The batch's rows of the training data X."""
        return self.trainer.X[self.batch]

    @property
    def targets(self):
        """The batch's labels (or regression targets) y."""
        return self.trainer.y[self.batch]

    def point_labels(self):
        return [f"#{index}" for index in self.batch]

    # --- the step ---

    def walkthrough(self):
        return walk_through(self.trainer, self.inputs, self.targets)

    def next_step(self):
        """One update on the batch: `Trainer.train_on_batch`, what the Playground does per
        batch. Returns the StepRecord, or None (with a message) when the loss is not finite."""
        if not self.batch:
            self.message = ("warning", "Choose at least one point for the batch first.")
            return None
        X, y = self.inputs, self.targets
        loss_before = batch_loss(self.trainer, X, y)
        learning_rate = update_learning_rate(self.trainer.optimizer)
        with np.errstate(over="ignore", invalid="ignore"):
            data_loss, regularization, _ = self.trainer.train_on_batch(X, y)
        if not np.isfinite(data_loss + regularization):
            self.message = (
                "error",
                "The loss on this batch is not a finite number, so no update was made. "
                "Press 'Reset copy' or take the Playground's network again.",
            )
            return None
        record = StepRecord(
            step=len(self.steps) + 1,
            batch=tuple(self.batch),
            loss_before=loss_before,
            loss_after=batch_loss(self.trainer, X, y),
            learning_rate=learning_rate,
        )
        self.steps.append(record)
        self.message = None
        return record


def update_learning_rate(optimizer):
    """The learning rate the optimizer's next update will use (after its decay)."""
    preview = copy.deepcopy(optimizer)
    preview.pre_update_params()
    return float(preview.current_learning_rate)


def steps_table(steps, max_rows=8):
    """The last steps taken here as a Markdown table (a batch column once the batch changed)."""
    steps = steps[-max_rows:]
    several_batches = len({record.batch for record in steps}) > 1
    header = "| step | loss before | loss after | change |"
    rule = "|---:|---:|---:|---:|"
    if several_batches:
        header, rule = header + " batch |", rule + "---|"
    lines = [header, rule]
    for record in steps:
        change = record.loss_after - record.loss_before
        line = (
            f"| {record.step} | {record.loss_before:.5f} | {record.loss_after:.5f} "
            f"| {change:+.5f} |"
        )
        if several_batches:
            line += " " + " ".join(f"#{index}" for index in record.batch) + " |"
        lines.append(line)
    return "\n".join(lines)


def describe_trainer(trainer):
    """A line about the network and its optimizer, e.g. "2 → 64 → 3, ReLU, SGD"."""
    sizes = [trainer.network.n_inputs] + [layer.n_neurons for layer in trainer.network.dense_layers]
    optimizer = trainer.optimizer
    name = OPTIMIZER_NAMES.get(type(optimizer), type(optimizer).__name__)
    settings = ", ".join(
        f"{key.replace('_', ' ')} {value:g}" for key, value in optimizer.hyperparameters().items()
    )
    return f"{' → '.join(map(str, sizes))} neurons; optimizer {name} ({settings})"


def trainer_step_source():
    """The trainer's one step on a batch: what the stages take apart."""
    return source_of(Trainer.train_on_batch)


# --- the page's text ----------------------------------------------------------------------------


def stage_parts(stage, point_labels, full=False):
    """The stage's arrays, in then out, as ("markdown" or "text", content) parts to show.

    Each array gets a heading and a Markdown table cut to MAX_ROWS × MAX_COLUMNS; with `full`,
    an array too big for that comes whole as a plain-text table (it scrolls sideways).
    """
    parts = []
    for direction, matrices in (("In", stage.inputs), ("Out", stage.outputs)):
        for matrix in matrices:
            if np.size(matrix.values) == 1 and not matrix.per_point:
                number = float(np.ravel(matrix.values)[0])
                parts.append(
                    ("markdown", f"**{direction}:** &nbsp; ${matrix.symbol} = {number:.6g}$")
                )
                continue
            parts.append(("markdown", f"**{direction}:** &nbsp; {matrix_heading(matrix)}"))
            table, note = markdown_table(matrix, point_labels)
            if note and full:
                parts.append(("text", text_table(matrix, point_labels)))
            elif note:
                parts.append(("markdown", table))
                parts.append(("markdown", f":gray[{note} Switch on *Show every row and column*.]"))
            else:
                parts.append(("markdown", table))
    return parts


def text_table(matrix, point_labels=None):
    """The whole matrix as aligned plain text, rows labelled as in `markdown_table`."""
    values = as_matrix(matrix.values)
    use_points = matrix.per_point and point_labels is not None
    labels = list(point_labels) if use_points else [str(row) for row in range(len(values))]
    cells = [[format_number(value) for value in row] for row in values]
    width = max(len(cell) for row in cells for cell in row)
    label_width = max(len(label) for label in labels)
    header = " " * label_width + "".join(f"  {c:>{width}}" for c in range(values.shape[1]))
    lines = [header]
    for label, row in zip(labels, cells):
        lines.append(f"{label:<{label_width}}" + "".join(f"  {cell:>{width}}" for cell in row))
    return "\n".join(lines)


def jacobian_markdown(check, point_labels):
    """The two paths to ∂L/∂z side by side, with their largest difference."""
    N = len(check.probabilities)
    path_1, _ = markdown_table(Matrix("", check.through_jacobian, True), point_labels)
    path_2, _ = markdown_table(Matrix("", check.combined, True), point_labels)
    dprobabilities, _ = markdown_table(Matrix("", check.dprobabilities, True), point_labels)
    return [
        "The book differentiates softmax followed by cross-entropy in two ways (chapter 9). "
        "Both are computed here in float64 from this step's scores $z$:",
        "**Path 1, the long way:** the cross-entropy's gradient "
        r"$\partial L / \partial \hat{y}_{ik} = -\frac{1}{N}\frac{y_{ik}}{\hat{y}_{ik}}$"
        " (`CategoricalCrossentropy.backward`)…",
        dprobabilities,
        r"…then, for every point, the softmax Jacobian $J_i = \operatorname{diag}(\hat{y}_i) - "
        r"\hat{y}_i\hat{y}_i^{\top}$ times it (`Softmax.backward`): "
        r"$\partial L / \partial z_i = J_i\, \partial L / \partial \hat{y}_i$",
        path_1,
        r"**Path 2, the shortcut** (`SoftmaxCategoricalCrossentropy.backward`): "
        rf"$\partial L / \partial z = (\hat{{y}} - y) / N$ with $N = {N}$",
        path_2,
        f"**Largest difference between the two:** {check.max_difference:.2e} "
        "— rounding only. The shortcut costs one subtraction per point instead of a "
        "K × K matrix, which is why the trainer uses it.",
    ]


def jacobian_matrix_markdown(check, position, label):
    jacobian = Matrix(r"J", check.jacobians[position])
    table, _ = markdown_table(jacobian, max_rows=None, max_columns=None)
    return (
        f"$J = \\operatorname{{diag}}(\\hat{{y}}) - \\hat{{y}}\\hat{{y}}^\\top$ of point {label} "
        f"(row $k$, column $j$: $\\partial \\hat{{y}}_k / \\partial z_j$):\n\n{table}"
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
