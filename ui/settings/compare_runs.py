"""The Compare page's settings: what every run shares, one row per run, the quick set-ups.

No Streamlit here: `make_config` turns the page's widgets into the runs' RunConfigs, and
`widget_values` the other way round.
"""

from dataclasses import dataclass, fields

from scratchnet import RunConfig
from scratchnet.datasets import DEFAULT_NOISE
from ui.settings.choices import ACTIVATION_LABELS, OPTIMIZER_NAMES

MAX_RUNS = 6


# --- the settings: shared by all runs, and one row per run ------------------------------------


@dataclass(frozen=True)
class SharedSettings:
    """What every run of a comparison shares: the data, the seed and how long to train.

    The fields are named as RunConfig's, so `make_config` passes them on as they are.
    """

    dataset: str = "spiral"
    classes: int = 3
    samples: int = 100  # per class
    noise: float | None = None  # None: the dataset's usual noise
    test_fraction: float = 0.0
    seed: int = 0
    epochs: int = 10001


@dataclass(frozen=True)
class RunSettings:
    """What may differ between runs: one row of the Compare page's table."""

    optimizer: str = "sgd"
    learning_rate: float = 1.0
    momentum: float = 0.0  # SGD only
    neurons: int = 64  # per hidden layer
    layers: int = 1  # hidden layers
    activation: str = "relu"


def make_config(shared, settings):
    """The RunConfig of one run: the shared settings plus the run's own row.

    Momentum belongs to SGD only; for the other optimizers it is set to 0, so that a momentum
    typed in an Adam row does not count as a change.
    """
    momentum = settings.momentum if settings.optimizer == "sgd" else 0.0
    return RunConfig(
        **vars(shared),
        hidden_layers=(settings.neurons,) * settings.layers,
        activation=settings.activation,
        optimizer=settings.optimizer,
        learning_rate=settings.learning_rate,
        momentum=momentum,
    ).validate()


# One-click set-ups, each a classic question of the book's chapter 10 (optimizers, learning rate)
# or of network size. The learning rates are the book's for the spiral.
QUICK_SETUPS = {
    "SGD vs SGD+momentum vs Adam": [
        RunSettings("sgd", 1.0),
        RunSettings("sgd", 1.0, momentum=0.9),
        RunSettings("adam", 0.05),
    ],
    "Learning rate 0.01 / 0.1 / 1 / 10": [
        RunSettings("sgd", 0.01),
        RunSettings("sgd", 0.1),
        RunSettings("sgd", 1.0),
        RunSettings("sgd", 10.0),
    ],
    "2 vs 8 vs 64 neurons": [
        RunSettings("adam", 0.05, neurons=2),
        RunSettings("adam", 0.05, neurons=8),
        RunSettings("adam", 0.05, neurons=64),
    ],
}
DEFAULT_SETUP = "SGD vs SGD+momentum vs Adam"


def first_configs():
    """What the Compare page opens with: the default set-up on the book's spiral."""
    return [make_config(SharedSettings(), row) for row in QUICK_SETUPS[DEFAULT_SETUP]]


def settings_of(config):
    """(SharedSettings, RunSettings) of a RunConfig made by `make_config`: the reverse way."""
    shared = SharedSettings(
        **{field.name: getattr(config, field.name) for field in fields(SharedSettings)}
    )
    row = RunSettings(
        optimizer=config.optimizer,
        learning_rate=config.learning_rate,
        momentum=config.momentum,
        neurons=config.hidden_layers[0],
        layers=len(config.hidden_layers),
        activation=config.activation,
    )
    return shared, row


def row_widget_values(rows):
    """The Compare page's table widgets (keys "cmp_<setting>_<run index>") for these rows.

    Rows past the last one (shown when the user adds runs) start as copies of the last row.
    """
    values = {"cmp_n_runs": len(rows)}
    for index in range(MAX_RUNS):
        row = rows[min(index, len(rows) - 1)]
        for name, value in vars(row).items():
            values[f"cmp_{name}_{index}"] = value
    return values


def widget_values(configs):
    """Every Compare page widget's value for a comparison of these configs."""
    shared, _ = settings_of(configs[0])
    values = {f"cmp_{name}": value for name, value in vars(shared).items()}
    if shared.noise is None:
        values["cmp_noise"] = DEFAULT_NOISE[shared.dataset]
    values.update(row_widget_values([settings_of(config)[1] for config in configs]))
    return values


def run_labels(configs):
    """A short legend name per run, e.g. "Adam lr 0.05": optimizer and learning rate always,
    the network and the activation only when they differ between the runs."""
    shapes = {config.hidden_layers for config in configs}
    activations = {config.activation for config in configs}
    labels = []
    for config in configs:
        label = OPTIMIZER_NAMES[config.optimizer]
        if config.optimizer == "sgd" and config.momentum > 0:
            label += f"+momentum {config.momentum:g}"
        label += f" lr {config.learning_rate:g}"
        if len(shapes) > 1:
            label += ", " + hidden_layers_text(config.hidden_layers)
        if len(activations) > 1:
            label += ", " + ACTIVATION_LABELS[config.activation]
        labels.append(label)
    # Runs with the very same settings: tell them apart by their number.
    return [
        f"{label} (run {index + 1})" if labels.count(label) > 1 else label
        for index, label in enumerate(labels)
    ]


def hidden_layers_text(hidden_layers):
    """(64,) -> "64 neurons", (64, 64) -> "2 layers of 64"."""
    if len(set(hidden_layers)) == 1:
        neurons = hidden_layers[0]
        if len(hidden_layers) == 1:
            return f"{neurons} neuron{'s' if neurons > 1 else ''}"
        return f"{len(hidden_layers)} layers of {neurons}"
    return "layers of " + "-".join(map(str, hidden_layers))
