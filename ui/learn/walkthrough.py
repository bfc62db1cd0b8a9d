"""The whole step taken apart: forward, loss, backward and update stages of one batch.

A step is what `Trainer.train_on_batch` does:

    forward:   X → Dense → activation → … → Dense → output activation → ŷ
    loss:      L = mean over the batch of the per-point losses (+ the L1/L2 penalties)
    backward:  ∂L/∂ŷ (or ∂L/∂z straight away for softmax + cross-entropy) → … → ∂L/∂W⁽¹⁾
    update:    every parameter moves against its gradient, as the optimizer says

`walk_through` runs it stage by stage on the trainer's own layers without changing the trainer.
"""

from dataclasses import dataclass

import numpy as np

from scratchnet.layers import Dropout
from ui.learn.backward import backward_stages
from ui.learn.forward import forward_stages, loss_stage
from ui.learn.stage import Stage
from ui.learn.update import update_stages


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
