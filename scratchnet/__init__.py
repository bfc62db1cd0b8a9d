"""scratchnet: the network of "Neural Networks from Scratch in Python", in NumPy only.

    import numpy as np
    from scratchnet import RunConfig, build_trainer

    trainer = build_trainer(RunConfig(dataset="spiral", hidden_layers=(64,), learning_rate=1.0))
    result = trainer.step(1000)          # 1,000 epochs; returns what happened in them
    print(result.accuracy[-1], result.loss[-1])

The parts, each in its own module, as in the book: layers, activations, losses, optimizers,
accuracy, network (a sequence of layers), trainer (Trainer.step), datasets, config
(RunConfig, build_trainer), saving (save_run, load_run).
"""

from .config import RunConfig, apply_optimizer_settings, build_trainer
from .network import Network, build_network
from .saving import load_run, save_run, save_run_bytes
from .trainer import StepResult, Trainer

__all__ = [
    "Network",
    "RunConfig",
    "StepResult",
    "Trainer",
    "apply_optimizer_settings",
    "build_network",
    "build_trainer",
    "load_run",
    "save_run",
    "save_run_bytes",
]
