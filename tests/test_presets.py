"""The presets: valid, shareable, and each one's "what to notice" true of the engine.

Each claim is checked on the preset's own run (same seed, same numbers) in at most 2,000
epochs. The numbers measured when the presets were written are in the comments; the tests
hold the notices' words, not those exact numbers.
"""

import dataclasses

import numpy as np
import pytest

from scratchnet import apply_optimizer_settings, build_trainer
from ui.run.playground_run import PlaygroundRun
from ui.settings.presets import PRESET_LIST, PRESETS
from ui.settings.url_state import decode_query, encode_query

START_LOSS = np.log(3)  # cross-entropy of a network that guesses 1/3 for each of 3 classes


def accuracy_and_loss_at(config, epochs):
    """{epoch: (accuracy, loss)} of the run of `config` at each of `epochs` (ascending)."""
    trainer = build_trainer(config)
    measured = {}
    for epoch in epochs:
        result = trainer.step(epoch - trainer.epoch)
        measured[epoch] = (result.accuracy[-1], result.loss[-1])
    return measured


# ---------------------------------------------------------------------------------------
# Every preset
# ---------------------------------------------------------------------------------------


def test_preset_names_are_unique_and_match_their_keys():
    assert len(PRESETS) == len(PRESET_LIST)
    assert all(PRESETS[preset.name] is preset for preset in PRESET_LIST)


@pytest.mark.parametrize("preset", PRESET_LIST, ids=lambda preset: preset.name)
def test_a_preset_is_a_config_the_sidebar_and_a_link_can_hold(preset):
    config = preset.config
    config.validate()
    # Its link, with or without naming the preset, brings back exactly its config.
    for query in (encode_query(config), encode_query(config, preset=preset.name)):
        link = decode_query(query)
        assert link.problems == []
        assert link.config == config
    assert "\n" not in preset.notice and len(preset.notice) < 400
    assert preset.title and preset.notice


def test_each_preset_config_is_a_new_object():
    first, second = PRESETS["overfit"].config, PRESETS["overfit"].config
    assert first == second and first is not second
    with pytest.raises(TypeError):
        PRESETS["overfit"].settings["learning_rate"] = 1.0  # shared by all users: read-only


# ---------------------------------------------------------------------------------------
# What each notice claims
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book_runs():
    """The three book runs (book-exact numbers) at epochs 500 and 2,000."""
    return {
        name: accuracy_and_loss_at(PRESETS[name].config, [500, 2000])
        for name in ("book", "book_momentum", "book_adam")
    }


def test_the_books_plain_sgd_run_is_slow(book_runs):
    # Measured: epoch 2,000 loss 1.056, accuracy 0.423.
    accuracy, loss = book_runs["book"][2000]
    assert loss > 1.0, "the loss has barely left 1.10"
    assert 0.38 <= accuracy <= 0.46, "accuracy is near 42%"


def test_momentum_reaches_about_90_percent_by_epoch_2000(book_runs):
    # Measured: epoch 2,000 accuracy 0.903 (plain SGD 0.423).
    accuracy, _ = book_runs["book_momentum"][2000]
    assert 0.85 <= accuracy <= 0.95
    assert accuracy > book_runs["book"][2000][0] + 0.3


def test_adam_reaches_about_90_percent_by_epoch_500_where_sgd_is_near_40(book_runs):
    # Measured at epoch 500: Adam 0.907, plain SGD 0.403.
    adam_accuracy, _ = book_runs["book_adam"][500]
    sgd_accuracy, _ = book_runs["book"][500]
    assert 0.85 <= adam_accuracy <= 0.95
    assert 0.35 <= sgd_accuracy <= 0.45


def test_the_book_presets_share_their_data_and_first_weights():
    trainers = [build_trainer(PRESETS[name].config) for name in ("book", "book_adam")]
    np.testing.assert_array_equal(trainers[0].X, trainers[1].X)
    for first, second in zip(*(trainer.network.parameters() for trainer in trainers)):
        np.testing.assert_array_equal(first, second)


def test_a_learning_rate_too_high_kills_every_neuron_and_the_page_warns():
    # Measured: the loss is 1.099, 1.098, 1.092, then 8.98 at epoch 3; 10.7 at epoch 200.
    run = PlaygroundRun(PRESETS["lr_too_high"].config)
    result = run.train(200)
    assert not result.diverged
    assert result.loss[0] == pytest.approx(START_LOSS, abs=0.01)
    assert result.loss[10] > 5 * START_LOSS, "within a few epochs the loss jumps to about 10"
    assert result.accuracy[-1] <= 0.34, "accuracy falls to 33%, a guess"
    assert run.loss_warning() is not None, "the page explains it"
    hidden = run.trainer.network.dense_layers[0]
    relu_outputs = np.maximum(0, run.trainer.X @ hidden.weights + hidden.biases)
    assert not relu_outputs.any(), "every ReLU neuron outputs 0 for every point"
    # Lowering the rate does not bring them back...
    apply_optimizer_settings(run.trainer, dataclasses.replace(run.config, learning_rate=1.0))
    assert run.train(300).accuracy[-1] <= 0.34
    # ...starting over with the lower rate does (the book's run: the loss falls).
    fresh = build_trainer(dataclasses.replace(run.config, learning_rate=1.0))
    assert fresh.step(300).loss[-1] < START_LOSS


def test_l2_with_a_huge_learning_rate_overflows_and_the_page_stops():
    config = PRESETS["lr_overflow"].config
    factor = 1 - 2 * config.weight_regularizer_l2 * config.learning_rate
    assert factor == -19  # what the notice says each step does to the weights
    run = PlaygroundRun(config)
    run.train(100)
    assert run.diverged_epoch is not None and run.diverged_epoch <= 15  # measured: 13
    assert not run.playing and run.message[0] == "error"
    assert all(np.isfinite(parameter).all() for parameter in run.trainer.network.parameters())


def test_too_few_neurons_underfit_where_64_learn():
    # Measured at epoch 2,000 with 3 neurons: loss 1.077, accuracy 0.41;
    # at epoch 1,000 with 64 neurons: accuracy 0.923.
    config = PRESETS["too_few_neurons"].config
    accuracy, loss = accuracy_and_loss_at(config, [2000])[2000]
    assert loss > 1.0 and accuracy < 0.5
    wide = dataclasses.replace(config, hidden_layers=(64,))
    wide_accuracy, _ = accuracy_and_loss_at(wide, [1000])[1000]
    assert wide_accuracy > 0.9


def test_noisy_data_and_a_big_network_overfit():
    # Measured (25-epoch steps): the test loss is lowest, 0.51, at epoch 75, then 1.68 at
    # epoch 600 (3.3 times); the training loss falls from 0.39 to 0.11 meanwhile.
    trainer = build_trainer(PRESETS["overfit"].config)
    epochs, test_losses, train_losses = [], [], []
    while trainer.epoch < 600:
        result = trainer.step(25)
        epochs.append(trainer.epoch)
        test_losses.append(result.test_loss)
        train_losses.append(result.loss[-1])
    lowest = int(np.argmin(test_losses))
    assert 50 <= epochs[lowest] <= 150, "the test loss falls for the first 100 epochs or so"
    assert 2.5 <= test_losses[-1] / test_losses[lowest] <= 4, "then climbs to about three times"
    assert train_losses[-1] < 0.5 * train_losses[lowest], "while the training loss falls"
    assert all(later < earlier * 1.1 for earlier, later in zip(train_losses, train_losses[4:]))
