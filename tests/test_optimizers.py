"""Optimizers: exact numbers after one and two updates, decay, settings, bad settings.

The expected numbers are worked out by hand below, element by element in plain Python floats,
from the update rules in the optimizers' docstrings, and never by calling an optimizer.
"""

import math
import re

import numpy as np
import pytest

from scratchnet.optimizers import OPTIMIZERS, SGD, Adagrad, Adam, RMSprop, make_optimizer

# Two parameters (think weights and biases), each with its own gradients at the two steps.
PARAMETERS = [[[1.0, -2.0]], [[0.5, 0.25]]]
FIRST_GRADIENTS = [[[0.5, -0.25]], [[-1.5, 0.125]]]
SECOND_GRADIENTS = [[[-0.125, 0.75]], [[0.2, -0.3]]]


# ---------------------------------------------------------------------------------------
# The update rules by hand, for one number w with gradient g1 at step 1 and g2 at step 2.
# Default arguments are the book's defaults. Each returns (w after step 1, w after step 2).
# ---------------------------------------------------------------------------------------


def sgd_by_hand(w, g1, g2, learning_rate=1.0, decay=0.0, momentum=0.0):
    # step 1: no update done yet (t = 0), no previous update
    current_learning_rate = learning_rate / (1 + decay * 0)
    update = momentum * 0.0 - current_learning_rate * g1
    w1 = w + update
    # step 2: t = 1
    current_learning_rate = learning_rate / (1 + decay * 1)
    update = momentum * update - current_learning_rate * g2
    w2 = w1 + update
    return w1, w2


def adagrad_by_hand(w, g1, g2, learning_rate=1.0, decay=0.0, epsilon=1e-7):
    # step 1
    current_learning_rate = learning_rate / (1 + decay * 0)
    cache = 0.0 + g1**2
    w1 = w - current_learning_rate * g1 / (math.sqrt(cache) + epsilon)
    # step 2
    current_learning_rate = learning_rate / (1 + decay * 1)
    cache = cache + g2**2
    w2 = w1 - current_learning_rate * g2 / (math.sqrt(cache) + epsilon)
    return w1, w2


def rmsprop_by_hand(w, g1, g2, learning_rate=0.001, decay=0.0, epsilon=1e-7, rho=0.9):
    # step 1
    current_learning_rate = learning_rate / (1 + decay * 0)
    cache = rho * 0.0 + (1 - rho) * g1**2
    w1 = w - current_learning_rate * g1 / (math.sqrt(cache) + epsilon)
    # step 2
    current_learning_rate = learning_rate / (1 + decay * 1)
    cache = rho * cache + (1 - rho) * g2**2
    w2 = w1 - current_learning_rate * g2 / (math.sqrt(cache) + epsilon)
    return w1, w2


def adam_by_hand(w, g1, g2, learning_rate=0.001, decay=0.0, epsilon=1e-7, beta_1=0.9, beta_2=0.999):
    # step 1 (t = 0): the bias corrections divide by 1 - beta^1
    current_learning_rate = learning_rate / (1 + decay * 0)
    momentum = beta_1 * 0.0 + (1 - beta_1) * g1
    cache = beta_2 * 0.0 + (1 - beta_2) * g1**2
    momentum_corrected = momentum / (1 - beta_1**1)
    cache_corrected = cache / (1 - beta_2**1)
    w1 = w - current_learning_rate * momentum_corrected / (math.sqrt(cache_corrected) + epsilon)
    # step 2 (t = 1): ... and then by 1 - beta^2
    current_learning_rate = learning_rate / (1 + decay * 1)
    momentum = beta_1 * momentum + (1 - beta_1) * g2
    cache = beta_2 * cache + (1 - beta_2) * g2**2
    momentum_corrected = momentum / (1 - beta_1**2)
    cache_corrected = cache / (1 - beta_2**2)
    w2 = w1 - current_learning_rate * momentum_corrected / (math.sqrt(cache_corrected) + epsilon)
    return w1, w2


# (optimizer, its settings, the same rule by hand); the settings go to both.
CASES = [
    pytest.param(SGD, {}, sgd_by_hand, id="sgd-defaults"),
    pytest.param(SGD, {"learning_rate": 0.1}, sgd_by_hand, id="sgd"),
    pytest.param(SGD, {"learning_rate": 0.1, "decay": 0.5}, sgd_by_hand, id="sgd-decay"),
    pytest.param(SGD, {"learning_rate": 0.1, "momentum": 0.9}, sgd_by_hand, id="sgd-momentum"),
    pytest.param(
        SGD,
        {"learning_rate": 1.0, "decay": 1e-3, "momentum": 0.5},
        sgd_by_hand,
        id="sgd-decay-momentum",
    ),
    pytest.param(Adagrad, {}, adagrad_by_hand, id="adagrad-defaults"),
    pytest.param(
        Adagrad,
        {"learning_rate": 0.5, "decay": 0.1, "epsilon": 1e-3},
        adagrad_by_hand,
        id="adagrad",
    ),
    pytest.param(RMSprop, {}, rmsprop_by_hand, id="rmsprop-defaults"),
    pytest.param(
        RMSprop,
        {"learning_rate": 0.02, "decay": 0.1, "epsilon": 1e-4, "rho": 0.5},
        rmsprop_by_hand,
        id="rmsprop",
    ),
    pytest.param(Adam, {}, adam_by_hand, id="adam-defaults"),
    pytest.param(
        Adam,
        {"learning_rate": 0.05, "decay": 0.2, "epsilon": 1e-4, "beta_1": 0.8, "beta_2": 0.99},
        adam_by_hand,
        id="adam",
    ),
]


def by_hand(rule, settings):
    """The two expected parameter lists, (after step 1, after step 2), from the rule by hand."""
    after_first, after_second = [], []
    for values, first, second in zip(PARAMETERS, FIRST_GRADIENTS, SECOND_GRADIENTS):
        pairs = [rule(w, g1, g2, **settings) for w, g1, g2 in zip(values[0], first[0], second[0])]
        after_first.append([[w1 for w1, _ in pairs]])
        after_second.append([[w2 for _, w2 in pairs]])
    return after_first, after_second


def float64_arrays(nested_lists):
    return [np.array(values, dtype=np.float64) for values in nested_lists]


@pytest.mark.parametrize(("optimizer_class", "settings", "rule"), CASES)
def test_one_and_two_steps_give_the_numbers_worked_out_by_hand(optimizer_class, settings, rule):
    expected_first, expected_second = by_hand(rule, settings)
    optimizer = optimizer_class(**settings)
    parameters = float64_arrays(PARAMETERS)

    optimizer.update_params(parameters, float64_arrays(FIRST_GRADIENTS))
    for parameter, expected in zip(parameters, expected_first):
        np.testing.assert_allclose(parameter, expected, rtol=1e-12, atol=0)

    optimizer.update_params(parameters, float64_arrays(SECOND_GRADIENTS))
    for parameter, expected in zip(parameters, expected_second):
        np.testing.assert_allclose(parameter, expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize(("optimizer_class", "settings", "rule"), CASES)
def test_the_parameters_are_updated_in_place(optimizer_class, settings, rule):
    """The network hands over its own arrays: the optimizer must change those very arrays."""
    optimizer = optimizer_class(**settings)
    parameters = float64_arrays(PARAMETERS)
    same_arrays = list(parameters)

    optimizer.update_params(parameters, float64_arrays(FIRST_GRADIENTS))

    assert all(a is b for a, b in zip(parameters, same_arrays))
    assert not np.array_equal(parameters[0], np.array(PARAMETERS[0]))


# ---------------------------------------------------------------------------------------
# Learning-rate decay:  current_learning_rate = learning_rate / (1 + decay · t)
# ---------------------------------------------------------------------------------------


# (optimizer, learning_rate, decay, updates done, current_learning_rate by hand)
DECAY_CASES = [
    (SGD, 1.0, 0.0, 5, 1.0),
    (SGD, 1.0, 0.1, 0, 1.0),
    (SGD, 1.0, 0.1, 1, 1.0),  # the first update uses the full rate (t = 0)
    (SGD, 1.0, 0.1, 2, 1.0 / 1.1),
    (SGD, 1.0, 0.1, 11, 1.0 / 2.0),
    (SGD, 1.0, 1e-3, 1001, 1.0 / 2.0),
    (Adagrad, 0.5, 0.5, 3, 0.5 / 2.0),
    (RMSprop, 0.02, 0.25, 5, 0.02 / 2.0),
    (Adam, 0.05, 1e-3, 1001, 0.05 / 2.0),
]


@pytest.mark.parametrize(
    ("optimizer_class", "learning_rate", "decay", "updates", "expected"), DECAY_CASES
)
def test_current_learning_rate_after_decay(
    optimizer_class, learning_rate, decay, updates, expected
):
    optimizer = optimizer_class(learning_rate=learning_rate, decay=decay)
    parameters = float64_arrays(PARAMETERS)
    gradients = float64_arrays(FIRST_GRADIENTS)

    for _ in range(updates):
        optimizer.update_params(parameters, gradients)

    assert optimizer.iterations == updates
    assert optimizer.current_learning_rate == pytest.approx(expected, rel=1e-12)
    assert optimizer.learning_rate == learning_rate  # the starting rate is kept


# ---------------------------------------------------------------------------------------
# Settings: config() and hyperparameters() rebuild the same optimizer
# ---------------------------------------------------------------------------------------

# (optimizer, settings, its complete config())
CONFIG_CASES = [
    (SGD, {}, {"name": "sgd", "learning_rate": 1.0, "decay": 0.0, "momentum": 0.0}),
    (
        SGD,
        {"learning_rate": 0.5, "decay": 1e-3, "momentum": 0.9},
        {"name": "sgd", "learning_rate": 0.5, "decay": 1e-3, "momentum": 0.9},
    ),
    (
        Adagrad,
        {"epsilon": 1e-5},
        {"name": "adagrad", "learning_rate": 1.0, "decay": 0.0, "epsilon": 1e-5},
    ),
    (
        RMSprop,
        {"learning_rate": 0.02, "rho": 0.95},
        {"name": "rmsprop", "learning_rate": 0.02, "decay": 0.0, "epsilon": 1e-7, "rho": 0.95},
    ),
    (
        Adam,
        {"learning_rate": 0.05, "decay": 5e-7},
        {
            "name": "adam",
            "learning_rate": 0.05,
            "decay": 5e-7,
            "epsilon": 1e-7,
            "beta_1": 0.9,
            "beta_2": 0.999,
        },
    ),
]


@pytest.mark.parametrize(("optimizer_class", "settings", "expected_config"), CONFIG_CASES)
def test_config_lists_every_setting(optimizer_class, settings, expected_config):
    optimizer = optimizer_class(**settings)

    assert optimizer.config() == expected_config
    hyperparameters = dict(expected_config)
    del hyperparameters["name"]
    assert optimizer.hyperparameters() == hyperparameters


@pytest.mark.parametrize(("optimizer_class", "settings", "expected_config"), CONFIG_CASES)
def test_make_optimizer_from_config_rebuilds_the_same_optimizer(
    optimizer_class, settings, expected_config
):
    original = optimizer_class(**settings)
    config = original.config()
    rebuilt = make_optimizer(config.pop("name"), **config)
    parameters_original = float64_arrays(PARAMETERS)
    parameters_rebuilt = float64_arrays(PARAMETERS)

    for gradients in (FIRST_GRADIENTS, SECOND_GRADIENTS):
        original.update_params(parameters_original, float64_arrays(gradients))
        rebuilt.update_params(parameters_rebuilt, float64_arrays(gradients))

    assert type(rebuilt) is optimizer_class
    assert rebuilt.config() == original.config()
    for a, b in zip(parameters_original, parameters_rebuilt):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_registered_name_builds_its_optimizer(name):
    optimizer = make_optimizer(name)

    assert type(optimizer) is OPTIMIZERS[name]
    assert optimizer.name == name


# ---------------------------------------------------------------------------------------
# Bad settings: ValueError naming the setting and the value received
# ---------------------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")

# (optimizer, the bad setting, its value)
BAD_SETTINGS = [
    (SGD, "learning_rate", -1.0),
    (SGD, "learning_rate", 0),
    (SGD, "learning_rate", 0.0),
    (SGD, "learning_rate", NAN),
    (SGD, "learning_rate", INF),
    (SGD, "learning_rate", -INF),
    (SGD, "learning_rate", "0.1"),
    (SGD, "learning_rate", None),
    (SGD, "decay", -0.1),
    (SGD, "decay", NAN),
    (SGD, "decay", INF),
    (SGD, "momentum", 1),
    (SGD, "momentum", 1.5),
    (SGD, "momentum", -0.1),
    (SGD, "momentum", NAN),
    (Adagrad, "learning_rate", -0.5),
    (Adagrad, "epsilon", 0),
    (Adagrad, "epsilon", -1e-7),
    (Adagrad, "epsilon", 1.0),
    (Adagrad, "epsilon", NAN),
    (RMSprop, "rho", 1.0),
    (RMSprop, "rho", -0.1),
    (RMSprop, "rho", NAN),
    (RMSprop, "decay", -1),
    (Adam, "learning_rate", 0),
    (Adam, "beta_1", 1.0),
    (Adam, "beta_1", -0.5),
    (Adam, "beta_2", 1),
    (Adam, "beta_2", NAN),
    (Adam, "epsilon", 2.0),
]


@pytest.mark.parametrize(("optimizer_class", "name", "value"), BAD_SETTINGS)
def test_a_bad_setting_raises_value_error_naming_it(optimizer_class, name, value):
    with pytest.raises(ValueError, match=re.escape(f"Received: {name}={value!r}")):
        optimizer_class(**{name: value})


@pytest.mark.parametrize("name", ["adamw", "SGD", ""])
def test_an_unknown_optimizer_name_raises_value_error_naming_it(name):
    with pytest.raises(ValueError, match=re.escape(f"Received: {name!r}")):
        make_optimizer(name)
