"""The backward half of the step, stage by stage: the loss's gradient, then every layer's
`backward`, last to first.

    ∂L/∂ŷ (or ∂L/∂z straight away for softmax + cross-entropy) → … → ∂L/∂W⁽¹⁾

`backward_stages` calls the layers' own `backward` in the order `Network.backward` does, so
afterwards every dense layer holds the gradients the trainer would compute.
"""

import numpy as np

from scratchnet.layers import Dense, Dropout
from scratchnet.losses import SoftmaxCategoricalCrossentropy
from ui.learn.formulas import (
    DROPOUT_BACKWARD,
    activation_maths,
    dense_backward_formula,
    inline_partial,
    latex,
    layer_symbols,
    loss_maths,
    partial,
)
from ui.learn.stage import Matrix, Stage, source_of


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
