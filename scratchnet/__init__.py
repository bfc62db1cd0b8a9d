"""scratchnet: the network of "Neural Networks from Scratch in Python", in NumPy only.

    import numpy as np
    from scratchnet import RunConfig, build_trainer

    trainer = build_trainer(RunConfig(dataset="spiral", hidden_layers=(64,), learning_rate=1.0))
    result = trainer.step(1000)          # 1,000 epochs; returns what happened in them
    print(result.accuracy[-1], result.loss[-1])

The parts, each in its own module, as in the book: layers, activations, losses, optimizers,
accuracy, network (a sequence of layers), trainer (Trainer.step), datasets, config
(RunConfig, build_trainer), saving (save_run, load_run). The `cli` runs it from a terminal.

Differences from the book (its code is kept, as printed, in the package `book/`). Each changes
speed or bookkeeping, not the numbers, unless the last column says otherwise:

| what you meet here                       | the book                        | numbers        |
|------------------------------------------|---------------------------------|----------------|
| precision="nnfs": np.dot in float64,     | nnfs.init() patches np.dot the  | the book's,    |
|   rounded to float32 (layers.nnfs_dot)   |   same way                      |   bit for bit  |
| precision="float32" (the app's default): | -                               | close, not     |
|   float32 arrays and float32 np.dot      |                                 |   equal        |
| precision="float64": NumPy's default     | the book's code without nnfs    | -              |
| a seeded np.random.RandomState per run,  | np.random, seeded by nnfs.init; | the book's     |
|   data drawn first, then the weights     |   same order                    |   draws        |
| datasets.py draws spiral and vertical    | nnfs.datasets                   | the book's     |
|   itself (and adds circles, xor, ...)    |                                 |                |
| combined softmax + cross-entropy: the    | Activation_Softmax_Loss_        | the book's     |
|   network's Softmax layer gives ŷ, the   |   CategoricalCrossentropy wraps |                |
|   loss's backward gives dL/dz = ŷ - y,   |   both in one object            |                |
|   and network.backward skips the Softmax |                                 |                |
| cross-entropy clips only the true class's| np.clip on every probability    | the book's     |
|   probability, with np.minimum/np.maximum|                                 |                |
| Loss.calculate: sum / count; accuracy:   | np.mean                         | the book's     |
|   count_nonzero / size                   |                                 |                |
| Softmax.forward on a column-major copy   | row-major                       | the book's     |
| the first Dense layer skips dinputs      | computes it                     | the book's     |
| Optimizer.update_params(parameters,      | pre_update_params(),            | the book's     |
|   gradients): all three book calls over  |   update_params(layer) per      |                |
|   a list of arrays; momentums and caches |   layer, post_update_params();  |                |
|   kept in optimizer.slots per parameter  |   state stored on the layer     |                |
| Dropout's mask in the inputs' float type | float64 mask                    | float32 stays  |
|   (float32 stays float32)                |                                 |   float32      |
| mini-batches in a new random order every | batches in order                | differ         |
|   epoch; epoch loss = mean over samples  |                                 |                |
| a train/test split of the same data,     | a second spiral_data() call for | differ         |
|   stratified, with its own generator     |   the test set                  |                |
| Trainer.step stops and undoes the epochs | trains on with NaN              | -              |
|   when the loss turns NaN or infinite    |                                 |                |
| StepResult.loss adds data and penalty in | float32 + float32               | last digit     |
|   float64 (cli.total_loss: as the book)  |                                 |   may differ   |
| Leaky ReLU, Tanh; circles, xor, blobs,   | not in the book                 | -              |
|   moons                                  |                                 |                |
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
