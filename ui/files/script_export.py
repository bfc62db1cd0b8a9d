"""Take a run out of the app as a standalone NumPy script: this module assembles it.

`standalone_script(config)` writes the run as the book's own code: `Layer_Dense`, the
activations, the combined softmax + cross-entropy, the optimizer, the dataset call and the
book's training loop with its print line. It needs NumPy and nnfs only, and it prints exactly
the numbers the engine computes for the same settings:

- precision "nnfs" (the Playground's "book-exact numbers"): the script calls
  `nnfs.init(random_seed=seed)`, which makes np.dot multiply in float64 and round to float32.
  Its lines equal the engine's to the last digit, on any computer.
- precision "float32" (the app's default): the script calls
  `nnfs.init(dot_precision_workaround=False, random_seed=seed)`: the same float32 arrays as the
  book, but np.dot multiplies in float32 as the engine does. Measured here, the lines are equal
  to the engine's, bit for bit; another computer's BLAS may round a float32 matrix product
  differently in the last bit, and such differences grow over thousands of epochs.
- precision "float64": no nnfs.init (the book's code in NumPy's default float64).

Where the app's engine does something the book does not (mini-batches shuffled every epoch, a
float32 dropout mask in float32 runs, a train/test split, datasets nnfs lacks), the script does
it the engine's way and says so in a comment.

The parts: script_classes.py (the book's classes, copied from book/), script_data.py (the
data), script_loop.py (the model and the training loop); here the header, the imports and
nnfs.init. (The history as CSV is history_csv.py.)
"""

import numpy as np

from scratchnet import datasets
from scratchnet.config import WEIGHT_INIT_DESCRIPTIONS, make_data

from .script_classes import classes_section
from .script_data import data_section, dataset_function
from .script_loop import loop_section, model_section

LOG_EVERY = 100

PRECISION_NOTES = {
    "nnfs": """\
Precision: "book-exact numbers". nnfs.init() makes np.dot multiply in float64 and round the
result to float32, as in the book, so this script prints exactly the app's numbers, to the
last digit, on any computer.""",
    "float32": """\
Precision: float32, the app's default. nnfs.init(dot_precision_workaround=False) keeps the
book's float32 arrays but lets np.dot multiply in float32, as the app does. On the computer
that runs the app this prints the app's numbers exactly (checked bit for bit); another
computer's BLAS can round a float32 matrix product differently in the last bit, and such
differences grow over thousands of epochs (after 1,000 epochs, up to ~0.1 in loss). For
numbers that are the same everywhere (the book's), tick "Book-exact numbers" in the
Playground and download the script again.""",
    "float64": """\
Precision: float64. No nnfs.init(): NumPy computes in its default float64, and this script
prints the app's numbers for this setting.""",
}

INIT_LINES = {
    "nnfs": ["nnfs.init(random_seed={seed})"],
    "float32": [
        "# nnfs.init without its dot workaround: float32 arrays, np.dot in float32 (the app's)",
        "nnfs.init(dot_precision_workaround=False, random_seed={seed})",
    ],
    "float64": [
        "# The app's float64 precision: NumPy's defaults, only the seed is set",
        "np.random.seed({seed})",
    ],
}


def standalone_script(config, data=None, log_every=LOG_EVERY):
    """The run `config` as a standalone Python script (text): the book's code, NumPy + nnfs.

    `data` = (X, y, X_test, y_test) embeds those arrays (the learner's own data, or a run
    loaded from a file) instead of the dataset call. The script trains all `config.epochs`
    epochs from the start and prints `script_loop.progress_line` at every epoch of
    `scratchnet.cli.logged_epochs`.
    """
    config.validate()
    if config.precision not in INIT_LINES:
        raise ValueError(f"no script for precision {config.precision!r}")
    if data is not None:
        data = checked_data(data, config)
    shape = ScriptShape(config, data)
    sections = [
        header(config, shape, data is not None, log_every),
        imports(config, data),
        "\n".join(INIT_LINES[config.precision]).format(seed=config.seed),
        classes_section(config, shape),
        data_section(config, data),
        model_section(config, shape),
        loop_section(config, shape, log_every),
    ]
    return "\n\n".join(section.strip("\n") for section in sections) + "\n"


def checked_data(data, config):
    """(X, y, X_test, y_test) in the run's float type; an empty test set becomes None.

    Under "nnfs" float64 data stays float64, as the engine keeps it (the book's sine_data is
    float64 after nnfs.init()).
    """
    X, y, X_test, y_test = data
    X = np.asarray(X, dtype=data_dtype(X, config))
    if X.ndim != 2:
        raise ValueError(f"X must have shape (samples, features). Received: shape {X.shape}")
    y = as_targets(y, config)
    if X_test is None or len(X_test) == 0:
        return X, y, None, None
    return X, y, np.asarray(X_test, dtype=data_dtype(X_test, config)), as_targets(y_test, config)


def data_dtype(array, config):
    """The float type the engine trains on `array` with (scratchnet/trainer.py check_data)."""
    if config.precision == "float64":
        return np.float64
    if config.precision == "nnfs" and np.asarray(array).dtype == np.float64:
        return np.float64
    return np.float32


def as_targets(y, config):
    y = np.asarray(y)
    if config.is_regression:
        return y.reshape(-1, 1).astype(data_dtype(y, config))
    return y.astype(np.intp)


class ScriptShape:
    """What the script is made of: the layer sizes, the training set's size, the test set."""

    def __init__(self, config, data):
        if data is None:
            X, _, X_test, _, _ = make_data(config)
        else:
            X, _, X_test, _ = data
        self.n_inputs = X.shape[1]
        self.n_train = len(X)
        self.has_test = X_test is not None and len(X_test) > 0
        self.n_test = len(X_test) if self.has_test else 0
        self.splits_data = data is None and config.test_fraction > 0
        self.n_outputs = config.n_outputs
        self.sizes = [self.n_inputs, *config.hidden_layers, self.n_outputs]
        self.n_dense = len(self.sizes) - 1
        self.mini_batches = config.batch_size is not None and config.batch_size < self.n_train


def header(config, shape, own_data, log_every):
    if config.is_regression:
        problem = "regression: one input, one output, mean squared error"
    elif config.output == "sigmoid":
        problem = "2 classes: one sigmoid output, binary cross-entropy loss"
    else:
        problem = f"{shape.n_outputs} classes: softmax output, cross-entropy loss"
    settings = {name: value for name, value in config.optimizer_settings().items()}
    optimizer = ", ".join(f"{name} {value!r}" for name, value in settings.items())
    penalties = [
        f"{label} {getattr(config, name)!r}"
        for label, name in [
            ("L1 weights", "weight_regularizer_l1"),
            ("L2 weights", "weight_regularizer_l2"),
            ("L1 biases", "bias_regularizer_l1"),
            ("L2 biases", "bias_regularizer_l2"),
        ]
        if getattr(config, name) > 0
    ]
    lines = [
        '"""A ScratchNet Playground run as a standalone script: the book\'s code, NumPy and nnfs.',
        "",
        "Neural Networks from Scratch in Python (https://nnfs.io), chapters 9-17, with the",
        "settings of this run:",
        "",
        f"  data:       {data_description(config, shape, own_data)}",
        f"  network:    {'-'.join(map(str, shape.sizes))}, {config.activation} hidden "
        f"activation; {problem}",
        f"  weights:    {WEIGHT_INIT_DESCRIPTIONS[config.initial_weights]}",
        f"  optimizer:  {config.optimizer}: {optimizer}",
        f"  penalties:  {', '.join(penalties) if penalties else 'none'}",
        f"  dropout:    {config.dropout!r}" if config.dropout > 0 else "  dropout:    none",
        f"  batches:    {config.batch_size} samples, shuffled every epoch"
        if shape.mini_batches
        else "  batches:    full batch (all the training data at once, as in the book)",
        f"  epochs:     {config.epochs:,}, seed {config.seed}",
        "",
        f"Run it:  pip install {packages_to_install(config)}   then   python this_file.py",
        "",
        "It trains from epoch 0 with these settings and prints the book's progress line at",
        f"epoch 0, every {log_every} epochs and at the last epoch: the numbers the Playground",
        "shows.",
        "(If you changed the learning rate or the optimizer while the run was training, this",
        "script uses the last settings from the start, so its numbers differ from then on.)",
        "",
        *PRECISION_NOTES[config.precision].splitlines(),
        '"""',
    ]
    return "\n".join(lines)


def data_description(config, shape, own_data):
    if own_data:
        test = f", {shape.n_test} test points" if shape.has_test else ""
        return f"your data: {shape.n_train} training points{test}"
    if config.dataset in datasets.IMAGE_DATASETS:
        points = f"{config.dataset}, scikit-learn's 1,797 images of 8 x 8 pixels, 10 classes"
    elif config.is_regression:
        points = f"sine, {config.samples} points, noise {float(config.noise or 0)!r}"
    else:
        noise = datasets.DEFAULT_NOISE[config.dataset] if config.noise is None else config.noise
        points = (
            f"{config.dataset}, {config.samples} points per class, {config.n_classes} classes, "
            f"noise {float(noise)!r}"
        )
    return points + f", test share {float(config.test_fraction)!r}"


def imports(config, data):
    lines = ["import numpy as np", "import nnfs"]
    if data is None and dataset_function(config) is not None:
        lines.append(f"from nnfs.datasets import {dataset_function(config)}")
    if data is None and config.dataset in datasets.IMAGE_DATASETS:
        lines.append("from sklearn.datasets import load_digits")
    return "\n".join(lines)


def packages_to_install(config):
    """What the script imports: NumPy and nnfs, and scikit-learn for the digits."""
    if config.dataset in datasets.IMAGE_DATASETS:
        return "numpy nnfs scikit-learn"
    return "numpy nnfs"


def script_file_name(config, own_data=False):
    """A file name that says what the script trains: scratchnet_spiral_sgd.py."""
    data_name = "your_data" if own_data else config.dataset
    return f"scratchnet_{data_name}_{config.optimizer}.py"
