"""A run described as plain settings, and the one function that turns it into a Trainer.

The CLI, the app and saved files all speak `RunConfig`, so "the same settings" means the same
data, the same initial weights and the same numbers everywhere.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from .datasets import (
    DATASETS,
    DEFAULT_NOISE,
    FIXED_CLASSES,
    IMAGE_DATASETS,
    make_classification,
    sine,
)
from .datasets import train_test_split as split_dataset
from .layers import PRECISIONS, WEIGHT_INITIALIZATIONS
from .losses import BinaryCrossentropy, CategoricalCrossentropy, MeanSquaredError
from .network import HIDDEN_ACTIVATIONS, build_network
from .optimizers import OPTIMIZERS, make_optimizer
from .trainer import Trainer

REGRESSION_DATASETS = ("sine",)

# Which optimizer settings apply to which optimizer (the others are ignored).
OPTIMIZER_SETTINGS = {
    "sgd": ("learning_rate", "decay", "momentum"),
    "adagrad": ("learning_rate", "decay", "epsilon"),
    "rmsprop": ("learning_rate", "decay", "epsilon", "rho"),
    "adam": ("learning_rate", "decay", "epsilon", "beta_1", "beta_2"),
}

# The settings that take one of a few names.
SETTING_CHOICES = {
    "dataset": (*DATASETS, *REGRESSION_DATASETS, *IMAGE_DATASETS),
    "activation": tuple(HIDDEN_ACTIVATIONS),
    "optimizer": tuple(OPTIMIZERS),
    "precision": tuple(PRECISIONS),
    "output": ("softmax", "sigmoid"),
    "weight_init": ("book", *WEIGHT_INITIALIZATIONS),
}

# The classification outputs, each with its loss: name -> (activation, loss, one line on it).
CLASSIFICATION_OUTPUTS = {
    "softmax": ("softmax", CategoricalCrossentropy, "one probability per class, categorical "
                "cross-entropy (chapters 4-5)"),
    "sigmoid": ("sigmoid", BinaryCrossentropy, "two classes: one sigmoid neuron gives the "
                "probability of class 1, binary cross-entropy (chapter 16)"),
}  # fmt: skip

# weight_init="book" is the book's own choice for the task: 0.01·N(0, 1) to classify,
# 0.1·N(0, 1) for regression (chapter 17).
BOOK_WEIGHT_INIT = {"classification": "0.01", "regression": "0.1"}

# One line on each weight_init choice, for the CLI's help and the app's menus.
WEIGHT_INIT_DESCRIPTIONS = {
    "book": "the book's choice for the task: 0.01·N(0, 1) to classify, 0.1·N(0, 1) for "
    "regression (chapter 17)",
    **{name: description for name, (description, _) in WEIGHT_INITIALIZATIONS.items()},
}


def weight_init_caption(name):
    """The line on a weight initialization as a sentence: "He: N(0, 1)·√(2 / n_inputs), …"."""
    description = WEIGHT_INIT_DESCRIPTIONS[name]
    return description[0].upper() + description[1:] + "."


MAX_SEED = 2**32 - 1

# Learning rates that work on the spiral, from the book's chapter 10.
SUGGESTED_LEARNING_RATES = {"sgd": 1.0, "adagrad": 1.0, "rmsprop": 0.02, "adam": 0.05}


@dataclass
class RunConfig:
    """Every setting of a run. The defaults are the book's chapter-10 spiral run."""

    # data
    dataset: str = "spiral"
    samples: int = 100  # per class
    classes: int = 3
    noise: float | None = None  # None: the dataset's usual noise
    test_fraction: float = 0.0
    # network
    hidden_layers: tuple = (64,)
    activation: str = "relu"
    output: str = "softmax"  # or "sigmoid" for two classes; regression: always linear
    weight_init: str = "book"  # or "0.01", "0.1", "glorot", "he" (layers.WEIGHT_INITIALIZATIONS)
    dropout: float = 0.0
    weight_regularizer_l1: float = 0.0
    weight_regularizer_l2: float = 0.0
    bias_regularizer_l1: float = 0.0
    bias_regularizer_l2: float = 0.0
    # optimizer
    optimizer: str = "sgd"
    learning_rate: float = 1.0
    decay: float = 0.0
    momentum: float = 0.0
    epsilon: float = 1e-7
    rho: float = 0.9
    beta_1: float = 0.9
    beta_2: float = 0.999
    # training
    batch_size: int | None = None  # None: full batch
    epochs: int = 10001
    seed: int = 0
    precision: str = "float32"

    @property
    def is_regression(self):
        return self.dataset in REGRESSION_DATASETS

    @property
    def has_regularization(self):
        """An L1 or L2 penalty on some weights or biases: the book then prints chapter 14's line."""
        penalties = (
            self.weight_regularizer_l1,
            self.weight_regularizer_l2,
            self.bias_regularizer_l1,
            self.bias_regularizer_l2,
        )
        return any(penalty > 0 for penalty in penalties)

    @property
    def n_classes(self):
        return FIXED_CLASSES.get(self.dataset, self.classes)

    @property
    def n_outputs(self):
        """Neurons of the output layer: one per class, or one for a sigmoid or a regression."""
        if self.is_regression or self.output == "sigmoid":
            return 1
        return self.n_classes

    @property
    def initial_weights(self):
        """The weight initialization used: weight_init, with "book" made the book's choice."""
        if self.weight_init != "book":
            return self.weight_init
        return BOOK_WEIGHT_INIT["regression" if self.is_regression else "classification"]

    def optimizer_settings(self):
        """The settings of the chosen optimizer only, by name."""
        return {name: getattr(self, name) for name in OPTIMIZER_SETTINGS[self.optimizer]}

    def validate(self):
        """Raise ValueError naming the first bad setting; return self when all are fine."""
        for name, allowed in SETTING_CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"{name} must be one of {', '.join(allowed)}. "
                    f"Received: {name}={getattr(self, name)!r}"
                )
        whole_numbers = {"samples": 1, "classes": 2, "epochs": 1, "seed": 0}
        for name, minimum in whole_numbers.items():
            check_int(name, getattr(self, name), minimum)
        if self.output == "sigmoid" and not self.is_regression and self.n_classes != 2:
            raise ValueError(
                "output sigmoid classifies two classes (one probability, of class 1). "
                f"Received: classes={self.n_classes}"
            )
        if self.seed > MAX_SEED:  # NumPy's generator takes 32-bit seeds
            raise ValueError(f"seed must be at most {MAX_SEED:,}. Received: seed={self.seed}")
        if self.batch_size is not None:
            check_int("batch_size", self.batch_size, 1)
        if not isinstance(self.hidden_layers, (tuple, list)) or len(self.hidden_layers) < 1:
            raise ValueError(
                f"hidden_layers needs one size per hidden layer. Received: {self.hidden_layers!r}"
            )
        for size in self.hidden_layers:
            check_int("neurons per layer", size, 1)
        check_range("noise", self.noise, 0, 10, allow_none=True)
        check_range("test_fraction", self.test_fraction, 0, 0.9)
        check_range("dropout", self.dropout, 0, 0.95)
        for name in ("weight_regularizer_l1", "weight_regularizer_l2"):
            check_range(name, getattr(self, name), 0, 1e3)
        for name in ("bias_regularizer_l1", "bias_regularizer_l2", "decay"):
            check_range(name, getattr(self, name), 0, 1e3)
        check_range("learning_rate", self.learning_rate, 0, 1e6, include_low=False)
        check_range("momentum", self.momentum, 0, 0.9999)
        check_range("epsilon", self.epsilon, 1e-12, 1)
        for name in ("rho", "beta_1", "beta_2"):
            check_range(name, getattr(self, name), 0, 0.99999)
        return self

    def to_dict(self):
        settings = dataclasses.asdict(self)
        settings["hidden_layers"] = list(self.hidden_layers)
        return settings

    @classmethod
    def from_dict(cls, settings):
        """Build from plain data (JSON, a saved file); unknown names raise ValueError."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(map(str, unknown))}")
        settings = dict(settings)
        if "hidden_layers" in settings and isinstance(settings["hidden_layers"], list):
            settings["hidden_layers"] = tuple(settings["hidden_layers"])
        return cls(**settings).validate()


def check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}. Received: {name}={value!r}")


def check_range(name, value, low, high, allow_none=False, include_low=True):
    if value is None and allow_none:
        return
    ok_type = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, bool
    )
    above_low = ok_type and (value >= low if include_low else value > low)
    if not (ok_type and np.isfinite(value) and above_low and value <= high):
        bracket = "[" if include_low else "("
        raise ValueError(f"{name} must be in {bracket}{low}, {high}]. Received: {name}={value!r}")


def make_data(config):
    """(X, y, X_test, y_test, rng) for a config: the data is drawn first from rng = seed.

    The generator then goes on to draw the initial weights, in the book's order. The train/test
    split has a generator of its own, so a split never changes the initial weights.
    """
    dtype = PRECISIONS[config.precision][0]
    rng = np.random.RandomState(config.seed)
    if config.is_regression:
        if config.precision == "nnfs":
            dtype = np.float64  # the book's sine_data stays float64 after nnfs.init()
        X, y = sine(config.samples, rng=rng, noise=config.noise or 0.0, dtype=dtype)
    elif config.dataset in IMAGE_DATASETS:  # fixed images: samples and noise do not apply
        X, y = IMAGE_DATASETS[config.dataset](rng, dtype=dtype)
    else:
        noise = DEFAULT_NOISE[config.dataset] if config.noise is None else config.noise
        X, y = make_classification(
            config.dataset, config.samples, config.n_classes, noise, rng, dtype=dtype
        )
    split_rng = np.random.RandomState([config.seed, 1])
    X_train, y_train, X_test, y_test = split_dataset(X, y, config.test_fraction, split_rng)
    return X_train, y_train, X_test, y_test, rng


def build_trainer(config, data=None):
    """A ready-to-train Trainer for `config`.

    `data` = (X, y, X_test, y_test) uses those arrays instead of drawing the dataset (an upload,
    a saved file); the weights are still drawn from the seed.
    """
    config.validate()
    if data is None:
        X, y, X_test, y_test, rng = make_data(config)
    else:
        X, y, X_test, y_test = data
        rng = np.random.RandomState(config.seed)
    if config.is_regression:
        output_activation, loss = "linear", MeanSquaredError()
    else:
        output_activation, loss_class, _ = CLASSIFICATION_OUTPUTS[config.output]
        loss = loss_class()
    network = build_network(
        n_inputs=X.shape[1],
        hidden_layers=list(config.hidden_layers),
        n_outputs=config.n_outputs,
        rng=rng,
        activation=config.activation,
        output_activation=output_activation,
        weight_regularizer_l1=config.weight_regularizer_l1,
        weight_regularizer_l2=config.weight_regularizer_l2,
        bias_regularizer_l1=config.bias_regularizer_l1,
        bias_regularizer_l2=config.bias_regularizer_l2,
        dropout=config.dropout,
        precision=config.precision,
        weight_init=config.initial_weights,
    )
    optimizer = make_optimizer(config.optimizer, **config.optimizer_settings())
    return Trainer(
        network,
        loss,
        optimizer,
        X,
        y,
        X_test=X_test,
        y_test=y_test,
        batch_size=config.batch_size,
        rng=rng,
    )


def apply_optimizer_settings(trainer, config):
    """Change the learning rate (and the optimizer's other settings) of a run in progress.

    Keeps the weights, the epoch and the optimizer's memory when the optimizer stays the same
    kind; a different kind of optimizer starts with an empty memory.
    """
    config.validate()
    old = trainer.optimizer
    if old.name != config.optimizer:
        # A fresh optimizer: empty memory and its own count of updates (Adam's bias correction
        # and the decay both start from there).
        trainer.optimizer = make_optimizer(config.optimizer, **config.optimizer_settings())
        return
    for name, value in config.optimizer_settings().items():
        setattr(old, name, value)
    if not old.decay:
        old.current_learning_rate = old.learning_rate
    else:
        old.pre_update_params()
