"""Trainer.step: records, epoch numbering, chunking, copies, divergence, history, bad input."""

import dataclasses
import re

import numpy as np
import pytest

from scratchnet.config import RunConfig, apply_optimizer_settings, build_trainer
from scratchnet.history import History
from scratchnet.losses import BinaryCrossentropy, CategoricalCrossentropy
from scratchnet.network import build_network
from scratchnet.optimizers import SGD, Adam
from scratchnet.trainer import Trainer

# Small runs, so that a thousand epochs take a fraction of a second.
FULL_BATCH = RunConfig(samples=30, hidden_layers=(8,))
# Every path through an epoch: full batch, mini-batches (shuffled by the RNG), dropout (masks
# drawn from the same RNG), regularization, regression, a test split.
CONFIGS = [
    pytest.param(FULL_BATCH, id="sgd-full-batch"),
    pytest.param(
        RunConfig(samples=30, hidden_layers=(8,), momentum=0.9, decay=1e-3), id="sgd-momentum"
    ),
    pytest.param(
        RunConfig(samples=30, hidden_layers=(8, 8), optimizer="adam", learning_rate=0.05),
        id="adam",
    ),
    pytest.param(
        RunConfig(
            samples=10,
            hidden_layers=(8, 8),
            optimizer="adam",
            learning_rate=0.02,
            decay=1e-3,
            batch_size=8,
            dropout=0.2,
            weight_regularizer_l2=5e-4,
            bias_regularizer_l1=1e-4,
        ),
        id="minibatch-shuffle-dropout-l2",
    ),
    pytest.param(
        RunConfig(dataset="sine", samples=60, hidden_layers=(8,), optimizer="rmsprop"),
        id="regression",
    ),
    pytest.param(
        RunConfig(samples=10, hidden_layers=(8,), test_fraction=0.2, batch_size=10),
        id="test-split-minibatch",
    ),
]

TRAIN_FIELDS = ["epoch", "data_loss", "regularization_loss", "accuracy", "learning_rate"]


def concatenated(results, field):
    return np.concatenate([getattr(result, field) for result in results])


def assert_same_state(trainer, other):
    """Same epoch, parameters, optimizer memory and counters, random generator and history."""
    assert trainer.epoch == other.epoch
    for a, b in zip(trainer.network.parameters(), other.network.parameters(), strict=True):
        assert np.array_equal(a, b)
    assert trainer.optimizer.iterations == other.optimizer.iterations
    assert trainer.optimizer.current_learning_rate == other.optimizer.current_learning_rate
    assert trainer.optimizer.slots.keys() == other.optimizer.slots.keys()
    for name, arrays in trainer.optimizer.slots.items():
        assert arrays.keys() == other.optimizer.slots[name].keys()
        for index, array in arrays.items():
            assert np.array_equal(array, other.optimizer.slots[name][index])
    state, other_state = trainer.rng.get_state(), other.rng.get_state()
    assert np.array_equal(state[1], other_state[1])
    assert state[2:] == other_state[2:]
    assert np.array_equal(trainer.history.state()[0], other.history.state()[0])


# ---------------------------------------------------------------------------------------
# What step() returns
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_epochs", [1, 2, 7, 100, 1000])
def test_step_returns_one_record_per_epoch(n_epochs):
    trainer = build_trainer(FULL_BATCH)

    result = trainer.step(n_epochs)

    assert len(result) == n_epochs
    assert np.array_equal(result.epoch, np.arange(n_epochs))
    for field in TRAIN_FIELDS[1:]:
        assert getattr(result, field).shape == (n_epochs,)
        assert np.all(np.isfinite(getattr(result, field)))
    assert result.gradient_norms.shape == (n_epochs, 2)  # one column per dense layer
    assert np.array_equal(result.loss, result.data_loss + result.regularization_loss)
    assert not result.diverged
    assert result.diverged_epoch is None
    assert trainer.epoch == n_epochs
    assert len(trainer.history) == n_epochs


@pytest.mark.parametrize("calls", [(1, 1, 1), (3, 5), (100, 1, 10), (1, 1000)])
def test_epoch_numbers_continue_across_calls(calls):
    trainer = build_trainer(FULL_BATCH)

    results = [trainer.step(n_epochs) for n_epochs in calls]

    assert np.array_equal(concatenated(results, "epoch"), np.arange(sum(calls)))
    assert trainer.epoch == sum(calls)
    assert np.array_equal(trainer.history["epoch"], np.arange(sum(calls)))


def test_the_first_record_is_the_untrained_network():
    """Loss and accuracy are measured before the epoch's update: epoch 0 is the start."""
    trainer = build_trainer(FULL_BATCH)
    loss_before, accuracy_before = trainer.evaluate(trainer.X, trainer.y)

    result = trainer.step(1)

    assert result.data_loss[0] == pytest.approx(loss_before, rel=1e-6)
    assert result.accuracy[0] == accuracy_before
    assert result.learning_rate[0] == FULL_BATCH.learning_rate


def test_on_epoch_is_called_after_each_update_and_changes_nothing():
    watched, plain = build_trainer(FULL_BATCH), build_trainer(FULL_BATCH)
    seen = []

    def on_epoch(trainer):
        seen.append((trainer.epoch, trainer.network.parameters()[0].copy()))

    result = watched.step(5, on_epoch=on_epoch)
    assert [epoch for epoch, _ in seen] == [1, 2, 3, 4, 5]
    np.testing.assert_array_equal(result.data_loss, plain.step(5).data_loss)
    # What on_epoch saw after epoch 5 is the network after its 5th update.
    np.testing.assert_array_equal(seen[-1][1], watched.network.parameters()[0])
    assert not np.array_equal(seen[0][1], seen[-1][1])


@pytest.mark.parametrize("config", CONFIGS)
def test_ten_steps_of_a_hundred_equal_one_step_of_a_thousand(config):
    in_chunks, at_once = build_trainer(config), build_trainer(config)
    for trainer in (in_chunks, at_once):
        trainer.history = History(trainer.history.columns, max_points=64)

    chunk_results = [in_chunks.step(100) for _ in range(10)]
    result = at_once.step(1000)

    for field in TRAIN_FIELDS:
        assert np.array_equal(concatenated(chunk_results, field), getattr(result, field)), field
    assert np.array_equal(
        np.concatenate([chunk.gradient_norms for chunk in chunk_results]), result.gradient_norms
    )
    assert_same_state(in_chunks, at_once)
    assert chunk_results[-1].test_loss == result.test_loss
    assert chunk_results[-1].test_accuracy == result.test_accuracy


@pytest.mark.parametrize("config", CONFIGS)
def test_a_copy_trains_on_exactly_like_the_original(config):
    original = build_trainer(config)
    original.step(50)
    clone = original.copy()
    parameters_before = [parameter.copy() for parameter in original.network.parameters()]

    clone_result = clone.step(100)
    # training the copy left the original alone ...
    for parameter, before in zip(original.network.parameters(), parameters_before):
        assert np.array_equal(parameter, before)
    assert original.epoch == 50
    # ... which then goes on exactly as the copy did
    original_result = original.step(100)

    for field in TRAIN_FIELDS:
        assert np.array_equal(getattr(clone_result, field), getattr(original_result, field))
    assert_same_state(clone, original)


# ---------------------------------------------------------------------------------------
# Divergence: the step is undone
# ---------------------------------------------------------------------------------------


def saved_state(trainer):
    return trainer.copy()


def blow_up_learning_rate(trainer):
    """1e30: the first update sends the weights to about 1e27, and the next forward pass
    overflows float32, so the loss turns NaN."""
    trainer.optimizer.learning_rate = 1e30
    trainer.optimizer.current_learning_rate = 1e30


# (config, the epoch whose loss is the first not finite, after 10 good epochs)
DIVERGING = [
    pytest.param(FULL_BATCH, 11, id="sgd-full-batch"),
    pytest.param(RunConfig(samples=30, hidden_layers=(8,), momentum=0.9), 11, id="sgd-momentum"),
    pytest.param(
        RunConfig(samples=30, hidden_layers=(8, 8), optimizer="adam", learning_rate=0.05),
        11,
        id="adam",
    ),
    # mini-batches: the second batch of epoch 10 already sees the blown-up weights
    pytest.param(
        RunConfig(samples=30, hidden_layers=(8,), batch_size=16, dropout=0.2), 10, id="minibatch"
    ),
]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("n_epochs", [1, 2, 100])
@pytest.mark.parametrize(("config", "diverged_epoch"), DIVERGING)
def test_a_diverging_step_is_undone(config, diverged_epoch, n_epochs):
    trainer = build_trainer(config)
    trainer.step(10)
    blow_up_learning_rate(trainer)
    before = saved_state(trainer)

    result = trainer.step(n_epochs)

    assert result.diverged
    assert result.diverged_epoch == diverged_epoch
    assert len(result) <= n_epochs
    assert result.epoch[0] == 10
    assert result.epoch[-1] <= diverged_epoch
    # everything is as it was before the call, NaN nowhere
    assert_same_state(trainer, before)
    for parameter in trainer.network.parameters():
        assert np.all(np.isfinite(parameter))
    assert trainer.history.last()["epoch"] == 9


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("n_epochs", [1, 2, 100])
@pytest.mark.parametrize(("config", "diverged_epoch"), DIVERGING)
def test_after_divergence_a_lower_learning_rate_trains_on(config, diverged_epoch, n_epochs):
    trainer = build_trainer(config)
    trainer.step(10)
    blow_up_learning_rate(trainer)
    assert trainer.step(n_epochs).diverged

    apply_optimizer_settings(trainer, dataclasses.replace(config, learning_rate=0.01))
    result = trainer.step(20)

    assert not result.diverged
    assert np.all(np.isfinite(result.loss))
    assert np.array_equal(result.epoch, np.arange(10, 30))
    assert trainer.epoch == 30


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_diverging_step_records_no_test_metrics():
    config = RunConfig(samples=30, hidden_layers=(8,), test_fraction=0.2)
    trainer = build_trainer(config)
    trainer.step(10)
    blow_up_learning_rate(trainer)

    result = trainer.step(5)

    assert result.diverged
    assert result.test_loss is None
    assert len(trainer.test_history) == 1  # the row of the first, good call only


# ---------------------------------------------------------------------------------------
# History: bounded, evenly spaced, epoch 0 kept
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_points", "calls"),
    [
        (16, [1000]),
        (16, [1] * 300),
        (50, [7] * 300),
        (50, [999, 1, 1000]),
        (4096, [100] * 10),
    ],
)
def test_history_stays_bounded_and_evenly_spaced(max_points, calls):
    trainer = build_trainer(FULL_BATCH)
    trainer.history = History(trainer.history.columns, max_points=max_points)

    results = [trainer.step(n_epochs) for n_epochs in calls]

    n_epochs = sum(calls)
    epochs = trainer.history["epoch"]
    assert len(trainer.history) <= max_points
    assert epochs[0] == 0
    spacing = np.diff(epochs)
    assert np.all(spacing == spacing[0])
    assert epochs[-1] > n_epochs - 1 - spacing[0]  # the curve reaches the end of the run
    assert len(trainer.history) >= max_points // 2 or spacing[0] == 1  # not thinned too much
    # the rows kept hold the numbers of their epochs
    all_losses = concatenated(results, "data_loss")
    assert np.array_equal(trainer.history["data_loss"], all_losses[epochs.astype(int)])


# ---------------------------------------------------------------------------------------
# Test split
# ---------------------------------------------------------------------------------------


def test_test_metrics_are_recorded_when_there_is_a_test_split():
    trainer = build_trainer(RunConfig(samples=30, hidden_layers=(8,), test_fraction=0.2))

    results = [trainer.step(n_epochs) for n_epochs in (5, 20)]

    assert (results[-1].test_loss, results[-1].test_accuracy) == trainer.evaluate(
        trainer.X_test, trainer.y_test
    )
    # Filed under the last epoch each call trained: epochs 0-4, then 5-24.
    assert np.array_equal(trainer.test_history["epoch"], [4, 24])
    assert trainer.test_history["test_loss"][-1] == results[-1].test_loss
    assert 0 <= results[-1].test_accuracy <= 1


def test_no_test_metrics_without_a_test_split():
    trainer = build_trainer(FULL_BATCH)

    result = trainer.step(5)

    assert (result.test_loss, result.test_accuracy) == (None, None)
    assert len(trainer.test_history) == 0


# ---------------------------------------------------------------------------------------
# Accuracy of a network with several sigmoid outputs: a share, at most 1
# ---------------------------------------------------------------------------------------


def test_sigmoid_accuracy_is_the_share_of_right_outputs():
    rng = np.random.RandomState(0)
    network = build_network(2, [8], 3, rng, output_activation="sigmoid")
    X = rng.randn(50, 2)
    y = (rng.rand(50, 3) > 0.5).astype(int)
    trainer = Trainer(network, BinaryCrossentropy(), Adam(0.01), X, y)
    expected = np.mean((network.forward(trainer.X) > 0.5) == y)

    result = trainer.step(1)

    assert result.accuracy[0] == expected
    assert 0 <= expected <= 1


# ---------------------------------------------------------------------------------------
# Bad input: ValueError naming the value, before any work is done
# ---------------------------------------------------------------------------------------


def spiral_parts():
    """The pieces of the default run, to be spoilt one at a time."""
    trainer = build_trainer(FULL_BATCH)
    return trainer.network, trainer.X, trainer.y


def make_trainer(network=None, X=None, y=None, **settings):
    default_network, default_X, default_y = spiral_parts()
    return Trainer(
        default_network if network is None else network,
        CategoricalCrossentropy(),
        SGD(),
        default_X if X is None else X,
        default_y if y is None else y,
        **settings,
    )


def labels_with(value):
    y = spiral_parts()[2].copy()
    y[5] = value
    return y


BAD_TRAINERS = [
    pytest.param(
        lambda: build_network(2, [0], 3, np.random.RandomState(0)), "n_neurons=0", id="0-neurons"
    ),
    pytest.param(
        lambda: build_network(2, [8, -1], 3, np.random.RandomState(0)),
        "n_neurons=-1",
        id="negative-neurons",
    ),
    pytest.param(lambda: SGD(learning_rate=-0.1), "learning_rate=-0.1", id="negative-lr"),
    pytest.param(
        lambda: build_trainer(dataclasses.replace(FULL_BATCH, learning_rate=-1.0)),
        "learning_rate=-1.0",
        id="negative-lr-config",
    ),
    pytest.param(
        lambda: build_trainer(dataclasses.replace(FULL_BATCH, hidden_layers=(0,))),
        "neurons per layer=0",
        id="0-neurons-config",
    ),
    pytest.param(lambda: make_trainer(y=labels_with(3)), "labels from 0 to 3", id="label-3"),
    pytest.param(lambda: make_trainer(y=labels_with(-1)), "labels from -1 to 2", id="label-neg"),
    pytest.param(
        lambda: make_trainer(y=spiral_parts()[2][:-1]), "Received: 90 and 89", id="short-y"
    ),
    pytest.param(lambda: make_trainer(X=np.zeros((90, 3))), "Received: shape (90, 3)", id="wide-X"),
    pytest.param(lambda: make_trainer(X=np.zeros(90)), "Received: shape (90,)", id="1d-X"),
    pytest.param(lambda: make_trainer(X=np.full((90, 2), np.nan)), "NaN or infinity", id="nan-X"),
    pytest.param(
        lambda: make_trainer(X=np.zeros((0, 2)), y=np.zeros(0, dtype=int)),
        "Received: 0 and 0",
        id="no-samples",
    ),
    pytest.param(
        lambda: make_trainer(y=spiral_parts()[2].astype(float)),
        "integer class labels",
        id="float-labels",
    ),
    pytest.param(lambda: make_trainer(batch_size=0), "batch_size=0", id="batch-size-0"),
]


@pytest.mark.parametrize(("build", "message"), BAD_TRAINERS)
def test_bad_input_raises_value_error_naming_the_value(build, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        build()


@pytest.mark.parametrize("n_epochs", [0, -1, 2.5, True, None])
def test_a_bad_number_of_epochs_raises_before_any_work(n_epochs):
    trainer = build_trainer(RunConfig(samples=30, hidden_layers=(8,), dropout=0.1, batch_size=8))
    trainer.step(3)
    before = saved_state(trainer)

    with pytest.raises(ValueError, match=re.escape(f"n_epochs={n_epochs!r}")):
        trainer.step(n_epochs)

    assert_same_state(trainer, before)
