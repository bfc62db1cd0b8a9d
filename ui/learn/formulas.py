"""The maths of the step in LaTeX: symbols, and a formula for every layer, loss and optimizer.

Tables keyed by class, each row written out once: an activation's forward and backward
(`ACTIVATION_MATHS`), a loss's (`LOSS_MATHS`), an optimizer's update rule (`UPDATE_RULES`).
The templates' ${name} slots are filled with the symbols of the layer they describe: dense
layer l computes z⁽ˡ⁾, its activation a⁽ˡ⁾ (ŷ for the network's output).
"""

from string import Template

from scratchnet.activations import LeakyReLU, Linear, ReLU, Sigmoid, Softmax, Tanh
from scratchnet.layers import Dense, Dropout
from scratchnet.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCategoricalCrossentropy,
)
from scratchnet.optimizers import SGD, Adagrad, Adam, RMSprop

# --- symbols ---------------------------------------------------------------------------------


def partial(symbol):
    """∂L/∂symbol in LaTeX."""
    return r"\frac{\partial L}{\partial " + symbol + "}"


def inline_partial(symbol):
    """∂L/∂symbol for running text and table headings."""
    return r"\partial L / \partial " + symbol


def latex(template, **symbols):
    """Fill a LaTeX template's ${name} slots; LaTeX's own braces are left alone."""
    return Template(template).substitute(**symbols)


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


def activation_maths(layer):
    """(name, forward, backward, words) for an activation; a plain fallback for others."""
    if type(layer) in ACTIVATION_MATHS:
        return ACTIVATION_MATHS[type(layer)]
    name = type(layer).__name__
    return (name, r"${a} = f(${z})", r"${dz} = ${da} \odot f'(${z})", f"The {name} layer.")


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


# --- a dense layer's gradients ----------------------------------------------------------------


def penalty_gradient(l1, l2, symbol):
    """What the L1 and L2 penalties add to ∂L/∂symbol: + λ₁ sign(w) + 2 λ₂ w."""
    terms = ""
    if l1 > 0:
        terms += rf" + {l1:g} \operatorname{{sign}}({symbol})"
    if l2 > 0:
        terms += rf" + 2 \cdot {l2:g}\, {symbol}"
    return terms


def dense_backward_formula(layer, x, z, number):
    """∂L/∂W, ∂L/∂b (with their penalties) and, unless it is the first layer, ∂L/∂x."""
    W, b = f"W^{{({number})}}", f"b^{{({number})}}"
    weight_penalty = penalty_gradient(layer.weight_regularizer_l1, layer.weight_regularizer_l2, W)
    bias_penalty = penalty_gradient(layer.bias_regularizer_l1, layer.bias_regularizer_l2, b)
    lines = [
        rf"{partial(W)} &= ({x})^{{\top}} {partial(z)}{weight_penalty}",
        rf"{partial(b)} &= \sum_{{i=1}}^{{N}} \left({partial(z)}\right)_i{bias_penalty}",
    ]
    if layer.compute_dinputs:
        lines.append(rf"{partial(x)} &= {partial(z)}\, ({W})^{{\top}}")
    return r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}"


# --- optimizers: the update rule, with the optimizer's own numbers -----------------------------


def learning_rate_line(optimizer):
    """η, the learning rate of this update (after its decay, when there is one)."""
    eta = f"{optimizer.current_learning_rate:.4g}"
    if not optimizer.decay:
        return rf"\eta = {eta}"
    return (
        rf"\eta = \frac{{\eta_0}}{{1 + \text{{decay}} \cdot t}} = {eta}"
        rf" \quad (\eta_0 = {optimizer.learning_rate:g},\ t = {optimizer.iterations})"
    )


def sgd_update(optimizer, symbol, gradient):
    if optimizer.momentum:
        return [
            rf"v \leftarrow {optimizer.momentum:g}\, v - \eta\, {gradient}",
            rf"{symbol} \leftarrow {symbol} + v",
        ]
    return [rf"{symbol} \leftarrow {symbol} - \eta\, {gradient}"]


def adagrad_update(optimizer, symbol, gradient):
    return [
        rf"c \leftarrow c + \left({gradient}\right)^2",
        rf"{symbol} \leftarrow {symbol} - \eta\, \frac{{{gradient}}}{{\sqrt{{c}} + \epsilon}}",
    ]


def rmsprop_update(optimizer, symbol, gradient):
    rho = f"{optimizer.rho:g}"
    return [
        rf"c \leftarrow {rho}\, c + (1 - {rho}) \left({gradient}\right)^2",
        rf"{symbol} \leftarrow {symbol} - \eta\, \frac{{{gradient}}}{{\sqrt{{c}} + \epsilon}}",
    ]


def adam_update(optimizer, symbol, gradient):
    beta_1, beta_2 = f"{optimizer.beta_1:g}", f"{optimizer.beta_2:g}"
    t = optimizer.iterations + 1
    return [
        rf"m \leftarrow {beta_1}\, m + (1 - {beta_1})\, {gradient}",
        rf"c \leftarrow {beta_2}\, c + (1 - {beta_2}) \left({gradient}\right)^2",
        rf"\hat{{m}} = \frac{{m}}{{1 - {beta_1}^{{{t}}}}} \qquad"
        rf" \hat{{c}} = \frac{{c}}{{1 - {beta_2}^{{{t}}}}}",
        rf"{symbol} \leftarrow {symbol} - \eta\,"
        rf" \frac{{\hat{{m}}}}{{\sqrt{{\hat{{c}}}} + \epsilon}}",
    ]


def unknown_update(optimizer, symbol, gradient):
    return [rf"{symbol} \leftarrow \text{{{type(optimizer).__name__}}}({gradient})"]


# optimizer class: (its name, its update rule as LaTeX lines)
UPDATE_RULES = {
    SGD: ("SGD", sgd_update),
    Adagrad: ("Adagrad", adagrad_update),
    RMSprop: ("RMSprop", rmsprop_update),
    Adam: ("Adam", adam_update),
}


def optimizer_name(optimizer):
    """ "SGD", "Adam", ...: the name the book gives the optimizer."""
    name, _ = UPDATE_RULES.get(type(optimizer), (type(optimizer).__name__, unknown_update))
    return name


def update_formula(optimizer, symbol, gradient):
    """The optimizer's update of one parameter `symbol` in LaTeX, its settings filled in."""
    _, rule = UPDATE_RULES.get(type(optimizer), (None, unknown_update))
    lines = [learning_rate_line(optimizer), *rule(optimizer, symbol, gradient)]
    return r"\begin{gathered}" + r" \\ ".join(lines) + r"\end{gathered}"
