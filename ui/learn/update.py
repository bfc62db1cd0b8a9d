"""The last part of the step: the optimizer moves every parameter against its gradient.

The update is previewed on copies of the optimizer and the parameters, so nothing changes
until the learner presses **Next step**.
"""

import copy

from scratchnet.optimizers import Optimizer
from ui.learn.formulas import inline_partial, optimizer_name, update_formula
from ui.learn.stage import Matrix, Stage, source_of


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
    name = optimizer_name(optimizer)
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


def update_learning_rate(optimizer):
    """The learning rate the optimizer's next update will use (after its decay)."""
    preview = copy.deepcopy(optimizer)
    preview.pre_update_params()
    return float(preview.current_learning_rate)
