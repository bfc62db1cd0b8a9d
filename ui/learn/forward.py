"""The forward half of the step, stage by stage: the batch, every layer's forward, the loss.

    X → Dense → activation → … → Dense → output activation → ŷ → L

`forward_stages` calls each layer's own `forward` in the order `Network.forward` does, so the
numbers shown are the network's, to the bit.
"""

from scratchnet.layers import Dense, Dropout
from scratchnet.losses import CategoricalCrossentropy, Loss, SoftmaxCategoricalCrossentropy
from scratchnet.network import Network
from ui.learn.formulas import (
    DROPOUT_FORWARD,
    activation_maths,
    latex,
    layer_symbols,
    loss_maths,
    regularization_formula,
)
from ui.learn.stage import Matrix, Stage, shape_text, source_of


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
