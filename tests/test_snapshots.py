"""The training timeline: bounded, evenly spaced snapshots, recorded as the run trains."""

from dataclasses import replace

import numpy as np
import pytest

from scratchnet import RunConfig, build_trainer
from scratchnet.network import PASS_ARRAYS
from ui.run.playground_run import PlaygroundRun, region_picture
from ui.run.timeline import (
    MIN_SNAPSHOTS,
    SnapshotTimeline,
    network_with_parameters,
    train_recording_snapshots,
)

SMALL = RunConfig(samples=30, hidden_layers=(8,), seed=2)


def parameters_of(value):
    return [np.full((2, 3), value, np.float32), np.full((1, 3), -value, np.float32)]


@pytest.mark.parametrize(
    ("max_snapshots", "epochs"),
    [(200, 150), (200, 201), (200, 10_001), (16, 1000), (10, 37), (2, 9)],
)
def test_snapshots_stay_bounded_and_evenly_spaced_from_epoch_0(max_snapshots, epochs):
    timeline = SnapshotTimeline(max_snapshots=max_snapshots)
    for epoch in range(epochs):
        timeline.record(epoch, parameters_of(epoch))
    assert 0 < len(timeline) <= max_snapshots
    assert timeline.epochs[0] == 0
    assert set(np.diff(timeline.epochs)) == {timeline.stride}
    # The latest epoch on the stride is kept: the timeline reaches the end of the run.
    assert timeline.epochs[-1] == (epochs - 1) // timeline.stride * timeline.stride
    # Once the timeline has filled up, it keeps at least half of its room.
    if timeline.stride > 1:
        assert len(timeline) >= max_snapshots // 2


def test_epochs_off_the_stride_are_not_recorded():
    timeline = SnapshotTimeline(max_snapshots=4)
    for epoch in range(5):  # the 5th snapshot doubles the stride: 0, 2, 4 remain
        timeline.record(epoch, parameters_of(epoch))
    assert timeline.stride == 2 and timeline.epochs == [0, 2, 4]
    assert not timeline.record(5, parameters_of(5))
    assert timeline.record(6, parameters_of(6)) and timeline.epochs[-1] == 6


def test_a_big_network_keeps_fewer_snapshots_within_the_memory_budget():
    big = [np.zeros((256, 256), np.float32), np.zeros((1, 256), np.float32)]
    timeline = SnapshotTimeline(max_snapshots=200, max_bytes=20 * big[0].nbytes)
    for epoch in range(100):
        timeline.record(epoch, big)
    assert len(timeline) <= 20
    assert sum(array.nbytes for snapshot in timeline.parameters for array in snapshot) <= (
        timeline.max_bytes
    )
    tiny_budget = SnapshotTimeline(max_bytes=1)
    for epoch in range(100):
        tiny_budget.record(epoch, big)
    assert len(tiny_budget) <= MIN_SNAPSHOTS


def test_a_snapshot_is_a_copy_not_a_view_of_the_live_parameters():
    live = parameters_of(1.0)
    timeline = SnapshotTimeline()
    timeline.record(0, live)
    live[0][...] = 99
    np.testing.assert_array_equal(timeline.parameters[0][0], parameters_of(1.0)[0])


def test_an_earlier_epoch_replaces_the_snapshots_after_it():
    timeline = SnapshotTimeline()
    for epoch in range(6):
        timeline.record(epoch, parameters_of(epoch))
    timeline.record(3, parameters_of(30))
    assert timeline.epochs == [0, 1, 2, 3]
    np.testing.assert_array_equal(timeline.parameters[3][0], parameters_of(30)[0])


def test_update_sizes_are_the_relative_change_per_epoch_between_snapshots():
    timeline = SnapshotTimeline()
    first = [np.array([[3.0, 4.0]]), np.zeros((1, 2)), np.array([[1.0], [0.0]]), np.zeros((1, 1))]
    second = [np.array([[3.0, 5.0]]), np.ones((1, 2)), np.array([[1.0], [2.0]]), np.zeros((1, 1))]
    timeline.record(0, first)
    timeline.record(1, second)
    timeline.stride = 4
    third = [array * 2 for array in second]
    timeline.record(4, third)
    epochs, sizes = timeline.update_sizes()
    np.testing.assert_array_equal(epochs, [1, 4])
    # ‖ΔW‖ / (‖W‖ · Δepochs): layer 1 moved by 1 from a norm of 5 in one epoch.
    np.testing.assert_allclose(sizes[0], [1 / 5, 2 / 1])
    np.testing.assert_allclose(
        sizes[1], [np.sqrt(34) / (np.sqrt(34) * 3), np.sqrt(5) / (np.sqrt(5) * 3)]
    )


# --- reading a snapshot back --------------------------------------------------------------------


def test_network_at_restores_the_recorded_parameters_on_a_separate_network():
    run = PlaygroundRun(SMALL)
    run.train(50)
    epoch = run.timeline.epochs[len(run.timeline) // 2]
    recorded = run.timeline.parameters[run.timeline.index_of(epoch)]
    live_before = [array.copy() for array in run.trainer.network.parameters()]
    network = run.timeline.network_at(epoch, run.trainer.network)
    for restored, saved in zip(network.parameters(), recorded):
        np.testing.assert_array_equal(restored, saved)
    network.parameters()[0][...] = 123.0
    network.predict_proba(run.grid_points)
    for live, before in zip(run.trainer.network.parameters(), live_before):
        np.testing.assert_array_equal(live, before)
    np.testing.assert_array_equal(
        run.timeline.parameters[run.timeline.index_of(epoch)][0], recorded[0]
    )


def arrays_of(network):
    return {
        id(value)
        for layer in network.layers
        for value in vars(layer).values()
        if isinstance(value, np.ndarray)
    }


@pytest.mark.parametrize("precision", ["float32", "nnfs"])
def test_a_snapshots_network_predicts_as_the_live_one_and_shares_no_array_with_it(precision):
    trainer = build_trainer(replace(SMALL, hidden_layers=(8, 6), dropout=0.1, precision=precision))
    trainer.step(5)
    live = trainer.network
    copy = network_with_parameters(live, [array.copy() for array in live.parameters()])
    grid = np.random.default_rng(0).normal(size=(50, 2)).astype(np.float32)
    np.testing.assert_array_equal(copy.predict_proba(grid), live.predict_proba(grid))
    assert not arrays_of(copy) & arrays_of(live)  # its own weights, its own passes
    with pytest.raises(ValueError, match="expected"):
        network_with_parameters(live, [array[:1] for array in live.parameters()])


def test_network_at_an_epoch_never_recorded_says_so():
    run = PlaygroundRun(SMALL)
    with pytest.raises(ValueError, match="no snapshot at epoch 7"):
        run.timeline.network_at(7, run.trainer.network)


# --- recording while the run trains ---------------------------------------------------------


def test_a_run_records_as_it_trains_and_each_snapshot_is_the_run_at_that_epoch():
    run = PlaygroundRun(SMALL)
    run.train(7)
    run.train(290)  # the timeline fills up and thins out on the way
    assert run.timeline.epochs[0] == 0
    assert run.timeline.epochs[-1] <= run.epoch == 297
    assert set(np.diff(run.timeline.epochs)) == {run.timeline.stride}
    for epoch in (run.timeline.epochs[1], run.timeline.epochs[-1]):
        reference = build_trainer(SMALL)
        reference.step(epoch)
        for recorded, expected in zip(
            run.timeline.parameters[run.timeline.index_of(epoch)], reference.network.parameters()
        ):
            np.testing.assert_array_equal(recorded, expected)


def test_training_in_pieces_gives_the_same_numbers_as_one_call():
    config = RunConfig(samples=30, hidden_layers=(8,), seed=2, test_fraction=0.2)
    whole = build_trainer(config)
    whole_result = whole.step(300)
    pieces = build_trainer(config)
    result = train_recording_snapshots(pieces, SnapshotTimeline(max_snapshots=10), 300)
    np.testing.assert_array_equal(result.epoch, np.arange(300))
    np.testing.assert_array_equal(result.data_loss, whole_result.data_loss)
    np.testing.assert_array_equal(result.gradient_norms, whole_result.gradient_norms)
    assert result.test_loss == whole_result.test_loss
    for a, b in zip(pieces.network.parameters(), whole.network.parameters()):
        np.testing.assert_array_equal(a, b)


def test_reset_and_a_new_network_clear_the_timeline_a_new_learning_rate_keeps_it():
    run = PlaygroundRun(SMALL)
    initial = [array.copy() for array in run.trainer.network.parameters()]
    run.train(120)
    assert len(run.timeline) > 1
    run.reset()
    assert run.timeline.epochs == [0] and run.timeline.stride == 1
    for recorded, start in zip(run.timeline.parameters[0], initial):
        np.testing.assert_array_equal(recorded, start)

    run.train(40)
    kept = list(run.timeline.epochs)
    assert run.update_config(replace(SMALL, learning_rate=0.5)) == "live"
    assert run.timeline.epochs == kept

    bigger = replace(SMALL, hidden_layers=(12,))
    assert run.update_config(bigger) == "reset"
    assert run.timeline.epochs == [0]
    assert run.timeline.parameters[0][0].shape == (2, 12)


def test_after_a_divergence_the_timeline_holds_no_epoch_past_the_run():
    config = RunConfig(
        samples=30, hidden_layers=(8,), seed=2, learning_rate=1000.0, weight_regularizer_l2=0.01
    )
    run = PlaygroundRun(config)
    run.train(300)
    assert run.diverged_epoch is not None
    assert run.timeline.epochs[-1] <= run.epoch
    for snapshot in run.timeline.parameters:
        assert all(np.isfinite(array).all() for array in snapshot)


def test_a_network_that_forgets_its_pass_keeps_its_parameters_and_predictions():
    """`forget_pass` lets go of what a pass left in the layers (a film's copies would otherwise
    keep ~1 MB each); the parameters stay, and training goes on as before."""
    trainer = build_trainer(SMALL)
    trainer.step(3)
    network = trainer.network
    parameters = [array.copy() for array in network.parameters()]
    probabilities = network.predict_proba(trainer.X)
    network.forget_pass()
    for layer in network.layers:
        assert all(getattr(layer, name, None) is None for name in PASS_ARRAYS)
    assert all(np.array_equal(a, b) for a, b in zip(network.parameters(), parameters))
    assert np.array_equal(network.predict_proba(trainer.X), probabilities)
    network.forget_pass()
    twin = build_trainer(SMALL)
    twin.step(3)
    assert np.array_equal(trainer.step(2).data_loss, twin.step(2).data_loss)


def test_a_films_pictures_leave_no_pass_in_its_networks():
    run = PlaygroundRun(replace(SMALL, epochs=1000))
    run.play()
    run.train_in_pictures(0.05, max_epochs=20, pictures=5)
    film = run.take_film()
    points, cells = run.picture_grid(len(film))
    pictures = [region_picture(network, points, cells) for _, network in film]
    assert [codes.shape for codes in pictures] == [(cells, cells)] * len(film)
    for _, network in film:
        assert all(getattr(layer, "output", None) is None for layer in network.layers)
