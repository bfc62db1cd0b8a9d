"""RunConfig: the book's defaults, validation, plain-data round trip, and the trainer it builds."""

import dataclasses
import json
import re

import numpy as np
import pytest

from scratchnet.config import (
    OPTIMIZER_SETTINGS,
    RunConfig,
    apply_optimizer_settings,
    build_trainer,
)
from scratchnet.datasets import spiral
from scratchnet.optimizers import SGD, Adam, make_optimizer

# ---------------------------------------------------------------------------------------
# Defaults: the book's chapter-10 spiral run
# ---------------------------------------------------------------------------------------

BOOK_DEFAULTS = [
    ("dataset", "spiral"),
    ("samples", 100),
    ("classes", 3),
    ("noise", None),
    ("test_fraction", 0.0),
    ("hidden_layers", (64,)),
    ("activation", "relu"),
    ("dropout", 0.0),
    ("weight_regularizer_l1", 0.0),
    ("weight_regularizer_l2", 0.0),
    ("bias_regularizer_l1", 0.0),
    ("bias_regularizer_l2", 0.0),
    ("optimizer", "sgd"),
    ("learning_rate", 1.0),
    ("decay", 0.0),
    ("momentum", 0.0),
    ("batch_size", None),
    ("epochs", 10001),
    ("seed", 0),
]


@pytest.mark.parametrize(("name", "expected"), BOOK_DEFAULTS)
def test_defaults_are_the_books(name, expected):
    assert getattr(RunConfig(), name) == expected


def test_the_default_trainer_is_the_books_network_on_the_books_data():
    trainer = build_trainer(RunConfig())

    # spiral_data(samples=100, classes=3) after seeding 0, then 0.01·randn weights drawn next
    rng = np.random.RandomState(0)
    X, y = spiral(100, 3, rng)
    first_weights = 0.01 * rng.randn(2, 64).astype(np.float32)
    assert np.array_equal(trainer.X, X)
    assert np.array_equal(trainer.y, y)
    assert np.array_equal(trainer.network.parameters()[0], first_weights)
    assert [layer["type"] for layer in trainer.network.config()] == [
        "dense",
        "activation",
        "dense",
        "activation",
    ]
    first, relu, second, softmax = trainer.network.config()
    assert (first["n_inputs"], first["n_neurons"]) == (2, 64)
    assert (second["n_inputs"], second["n_neurons"]) == (64, 3)
    assert (relu["name"], softmax["name"]) == ("relu", "softmax")
    assert type(trainer.optimizer) is SGD
    assert trainer.optimizer.config() == {
        "name": "sgd",
        "learning_rate": 1.0,
        "decay": 0.0,
        "momentum": 0.0,
    }
    assert trainer.batch_size is None
    assert trainer.X_test is None


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZER_SETTINGS))
def test_the_settings_of_each_optimizer_are_the_ones_it_takes(optimizer):
    assert set(make_optimizer(optimizer).hyperparameters()) == set(OPTIMIZER_SETTINGS[optimizer])


# ---------------------------------------------------------------------------------------
# validate(): ValueError naming the bad value
# ---------------------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")

# (the one setting changed, the text the error must contain)
BAD_CONFIGS = [
    ({"dataset": "spirals"}, "dataset='spirals'"),
    ({"activation": "softmax"}, "activation='softmax'"),
    ({"optimizer": "adamw"}, "optimizer='adamw'"),
    ({"precision": "float16"}, "precision='float16'"),
    ({"samples": 0}, "samples=0"),
    ({"samples": 2.5}, "samples=2.5"),
    ({"samples": True}, "samples=True"),
    ({"classes": 1}, "classes=1"),
    ({"epochs": 0}, "epochs=0"),
    ({"seed": -1}, "seed=-1"),
    ({"batch_size": 0}, "batch_size=0"),
    ({"hidden_layers": ()}, "Received: ()"),
    ({"hidden_layers": (64, 0)}, "neurons per layer=0"),
    ({"hidden_layers": (64, -3)}, "neurons per layer=-3"),
    ({"hidden_layers": 64}, "Received: 64"),
    ({"noise": -0.1}, "noise=-0.1"),
    ({"test_fraction": 0.95}, "test_fraction=0.95"),
    ({"dropout": 1.0}, "dropout=1.0"),
    ({"weight_regularizer_l2": -1e-4}, "weight_regularizer_l2=-0.0001"),
    ({"bias_regularizer_l1": NAN}, "bias_regularizer_l1=nan"),
    ({"decay": INF}, "decay=inf"),
    ({"learning_rate": 0}, "learning_rate=0"),
    ({"learning_rate": -0.5}, "learning_rate=-0.5"),
    ({"learning_rate": NAN}, "learning_rate=nan"),
    ({"learning_rate": "1.0"}, "learning_rate='1.0'"),
    ({"momentum": 1.0}, "momentum=1.0"),
    ({"epsilon": 0}, "epsilon=0"),
    ({"rho": 1.0}, "rho=1.0"),
    ({"beta_1": NAN}, "beta_1=nan"),
    ({"beta_2": 1.5}, "beta_2=1.5"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_CONFIGS)
def test_validate_raises_value_error_naming_the_bad_value(changes, message):
    config = dataclasses.replace(RunConfig(), **changes)

    with pytest.raises(ValueError, match=re.escape(message)):
        config.validate()


@pytest.mark.parametrize(("changes", "message"), BAD_CONFIGS)
def test_build_trainer_refuses_a_bad_config(changes, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        build_trainer(dataclasses.replace(RunConfig(), **changes))


def test_validate_returns_the_config_when_it_is_fine():
    config = RunConfig(optimizer="adam", learning_rate=0.05, hidden_layers=(8, 8))

    assert config.validate() is config


# ---------------------------------------------------------------------------------------
# Plain data: to_dict / from_dict
# ---------------------------------------------------------------------------------------

ROUND_TRIP_CONFIGS = [
    RunConfig(),
    RunConfig(dataset="sine", hidden_layers=(64, 64), optimizer="adam", learning_rate=0.005),
    RunConfig(
        dataset="moons",
        samples=50,
        noise=0.3,
        test_fraction=0.25,
        hidden_layers=(16, 8, 4),
        activation="tanh",
        dropout=0.1,
        weight_regularizer_l2=5e-4,
        bias_regularizer_l1=1e-5,
        optimizer="rmsprop",
        learning_rate=0.02,
        rho=0.95,
        batch_size=32,
        epochs=500,
        seed=7,
        precision="float64",
    ),
]


@pytest.mark.parametrize("config", ROUND_TRIP_CONFIGS)
def test_to_dict_from_dict_round_trip_through_json(config):
    settings = json.loads(json.dumps(config.to_dict()))

    rebuilt = RunConfig.from_dict(settings)

    assert rebuilt == config
    assert isinstance(rebuilt.hidden_layers, tuple)


def test_from_dict_fills_in_defaults_for_missing_settings():
    assert RunConfig.from_dict({"learning_rate": 0.5}) == RunConfig(learning_rate=0.5)


@pytest.mark.parametrize(
    "unknown",
    [{"learning_rte": 0.1}, {"layers": [64]}, {"learning_rate": 0.1, "x" * 200: 1}],
)
def test_from_dict_rejects_unknown_settings(unknown):
    bad_name = next(name for name in unknown if name not in RunConfig().to_dict())

    with pytest.raises(ValueError, match=f"unknown settings: {bad_name}"):
        RunConfig.from_dict(unknown)


@pytest.mark.parametrize(("changes", "message"), BAD_CONFIGS[:10])
def test_from_dict_validates(changes, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        RunConfig.from_dict(changes)


# ---------------------------------------------------------------------------------------
# build_trainer: the seed decides the initial weights
# ---------------------------------------------------------------------------------------


def initial_parameters(config):
    return build_trainer(config).network.parameters()


def all_equal(arrays, other_arrays):
    return len(arrays) == len(other_arrays) and all(
        np.array_equal(a, b) for a, b in zip(arrays, other_arrays)
    )


@pytest.mark.parametrize(
    "config",
    [RunConfig(), RunConfig(dataset="sine", hidden_layers=(8, 8)), RunConfig(dropout=0.2)],
)
def test_the_same_seed_gives_the_same_initial_weights(config):
    assert all_equal(initial_parameters(config), initial_parameters(config))


@pytest.mark.parametrize(("seed", "other_seed"), [(0, 1), (1, 2), (0, 12345)])
def test_another_seed_gives_other_initial_weights(seed, other_seed):
    weights = initial_parameters(RunConfig(seed=seed))[0]
    other_weights = initial_parameters(RunConfig(seed=other_seed))[0]

    assert not np.array_equal(weights, other_weights)


@pytest.mark.parametrize("test_fraction", [0.1, 0.2, 0.5])
def test_a_test_split_does_not_change_the_initial_weights(test_fraction):
    without_split = build_trainer(RunConfig())
    with_split = build_trainer(RunConfig(test_fraction=test_fraction))

    assert all_equal(with_split.network.parameters(), without_split.network.parameters())
    assert len(with_split.X_test) == round(300 * test_fraction)
    assert len(with_split.X) + len(with_split.X_test) == 300


# ---------------------------------------------------------------------------------------
# apply_optimizer_settings: change the optimizer of a run in progress
# ---------------------------------------------------------------------------------------


def trained(config, epochs=20):
    trainer = build_trainer(config)
    trainer.step(epochs)
    return trainer


def copies(arrays):
    return [array.copy() for array in arrays]


def slot_copies(optimizer):
    return {name: copies(per_index.values()) for name, per_index in optimizer.slots.items()}


# (the run's config, the changed settings, the current_learning_rate expected after 20 updates)
SAME_KIND_CHANGES = [
    (RunConfig(momentum=0.9), {"learning_rate": 0.25}, 0.25),
    (RunConfig(momentum=0.9), {"momentum": 0.5}, 1.0),
    (RunConfig(decay=0.01), {"learning_rate": 0.5}, 0.5 / (1 + 0.01 * 20)),
    (RunConfig(decay=0.01), {"decay": 0.0}, 1.0),
    (
        RunConfig(optimizer="adam", learning_rate=0.05),
        {"learning_rate": 0.01, "beta_1": 0.8},
        0.01,
    ),
]


@pytest.mark.parametrize(("config", "changes", "expected_rate"), SAME_KIND_CHANGES)
def test_changing_settings_keeps_the_epoch_weights_and_memory(config, changes, expected_rate):
    trainer = trained(config)
    optimizer = trainer.optimizer
    parameters, slots = copies(trainer.network.parameters()), slot_copies(optimizer)

    apply_optimizer_settings(trainer, dataclasses.replace(config, **changes))

    assert trainer.optimizer is optimizer
    for name, value in changes.items():
        assert getattr(optimizer, name) == value
    assert optimizer.current_learning_rate == pytest.approx(expected_rate, rel=1e-12)
    assert trainer.epoch == 20
    assert optimizer.iterations == 20
    assert all_equal(trainer.network.parameters(), parameters)
    assert slot_copies(optimizer).keys() == slots.keys()
    for name in slots:
        assert all_equal(slot_copies(optimizer)[name], slots[name])
    assert trainer.step(1).learning_rate[0] == pytest.approx(expected_rate, rel=1e-12)


@pytest.mark.parametrize(
    ("config", "new_settings", "new_class"),
    [
        (RunConfig(momentum=0.9), {"optimizer": "adam", "learning_rate": 0.01}, Adam),
        (RunConfig(optimizer="adam", learning_rate=0.05), {"optimizer": "sgd"}, SGD),
        (RunConfig(optimizer="rmsprop", learning_rate=0.02), {"optimizer": "adam"}, Adam),
    ],
)
def test_switching_optimizer_kind_starts_with_an_empty_memory(config, new_settings, new_class):
    trainer = trained(config)
    assert trainer.optimizer.slots  # there was memory to lose
    parameters = copies(trainer.network.parameters())
    new_config = dataclasses.replace(config, **new_settings)

    apply_optimizer_settings(trainer, new_config)

    assert type(trainer.optimizer) is new_class
    assert trainer.optimizer.slots == {}
    assert trainer.optimizer.learning_rate == new_config.learning_rate
    assert trainer.epoch == 20
    assert all_equal(trainer.network.parameters(), parameters)
    result = trainer.step(5)
    assert not result.diverged
    assert np.all(np.isfinite(result.loss))


def test_bad_optimizer_settings_leave_the_run_unchanged():
    config = RunConfig(momentum=0.9)
    trainer = trained(config)
    optimizer_config = trainer.optimizer.config()

    with pytest.raises(ValueError, match=re.escape("learning_rate=-1.0")):
        apply_optimizer_settings(trainer, dataclasses.replace(config, learning_rate=-1.0))

    assert trainer.optimizer.config() == optimizer_config
