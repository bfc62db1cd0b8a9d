"""The Compare page: its logic (ui/run/run_group.py), its figures, and the page through AppTest."""

import base64
import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig, build_trainer
from tests.test_figures import validated
from ui.charts.live_chart import unpacked_message
from ui.figures.compare import (
    RUN_COLORS,
    comparison_curves_figure,
    loss_axis_range,
    regions_grid_figure,
    summary_table_markdown,
)
from ui.pages_guard import APP_RAN
from ui.run import animated_run, run_group
from ui.run.animated_run import epochs_that_fit
from ui.run.compared_run import ComparedRun, epochs_to_reach
from ui.run.playground_run import PlaygroundRun
from ui.run.run_group import (
    RunGroup,
    shared_weight_groups,
)
from ui.settings import compare_runs
from ui.settings.compare_runs import (
    QUICK_SETUPS,
    RunSettings,
    SharedSettings,
    make_config,
    run_labels,
)
from ui.settings.url_state import decode_query

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/compare.py"
SHARED = SharedSettings(samples=30, epochs=400)  # small data: fast tests


def configs_of(*rows, shared=SHARED):
    return [make_config(shared, row) for row in rows]


def parameters(run):
    return run.trainer.network.parameters()


# --- same data, same initial weights -----------------------------------------------------------


def test_runs_whose_networks_agree_start_from_the_same_weights_and_data():
    group = RunGroup(configs_of(*QUICK_SETUPS["SGD vs SGD+momentum vs Adam"]))
    first = group.runs[0]
    for other in group.runs[1:]:
        for mine, theirs in zip(parameters(first), parameters(other)):
            np.testing.assert_array_equal(mine, theirs)
        np.testing.assert_array_equal(first.trainer.X, other.trainer.X)
        np.testing.assert_array_equal(first.trainer.y, other.trainer.y)
    assert group.weight_groups == [[0, 1, 2]]
    assert group.same_data
    assert "All 3 runs start from the very same initial weights" in group.weight_sharing_text()


def test_a_settings_change_keeps_the_learners_own_data():
    rng = np.random.RandomState(5)
    X = rng.uniform(-1, 1, size=(40, 2)).astype(np.float32)
    own_data = (X, (X[:, 0] > 0).astype(int), None, None)  # two classes: left and right
    group = RunGroup(configs_of(RunSettings(), RunSettings("adam", 0.05)), own_data)
    new_rate = configs_of(RunSettings(learning_rate=0.5), RunSettings("adam", 0.05))
    assert group.update(new_rate, own_data) == "reset"
    assert group.data is own_data
    for run in group.runs:
        np.testing.assert_array_equal(run.trainer.X, X)
    # The next rerun brings the same settings and data: nothing starts over, Play is kept.
    group.play()
    assert group.update(new_rate, own_data) == "unchanged"
    assert group.playing


def test_activation_alone_does_not_change_the_initial_weights():
    group = RunGroup(configs_of(RunSettings(activation="relu"), RunSettings(activation="tanh")))
    assert group.weight_groups == [[0, 1]]


def test_the_same_weights_are_those_the_playground_starts_from():
    # The Playground opened by a link to the same settings: Adam at 0.05, 30 points per class...
    link = decode_query({"optimizer": "adam", "lr": "0.05", "samples": "30", "epochs": "400"})
    playground = PlaygroundRun(link.config)
    # ...and the Compare page's run with those settings: the same data, the same first weights.
    group = RunGroup([make_config(SHARED, RunSettings("adam", 0.05))])
    np.testing.assert_array_equal(group.runs[0].trainer.X, playground.trainer.X)
    for mine, playground_parameter in zip(
        parameters(group.runs[0]), playground.trainer.network.parameters()
    ):
        np.testing.assert_array_equal(mine, playground_parameter)
    # Another seed draws other weights: the comparison above can tell them apart.
    other_seed = RunGroup([make_config(replace(SHARED, seed=1), RunSettings("adam", 0.05))])
    assert not np.array_equal(parameters(other_seed.runs[0])[0], parameters(group.runs[0])[0])


def test_runs_whose_networks_differ_have_different_weights_and_the_page_says_which_share():
    rows = [RunSettings(neurons=64), RunSettings(neurons=8), RunSettings("adam", 0.05, neurons=64)]
    group = RunGroup(configs_of(*rows))
    assert [p.shape for p in parameters(group.runs[1])][0] == (2, 8)
    assert not np.array_equal(parameters(group.runs[0])[0][:, :8], parameters(group.runs[1])[0])
    for mine, theirs in zip(parameters(group.runs[0]), parameters(group.runs[2])):
        np.testing.assert_array_equal(mine, theirs)
    assert group.weight_groups == [[0, 2], [1]]
    text = group.weight_sharing_text()
    assert "runs 1 and 3 share their initial weights (2-64-3)" in text.lower()
    assert "run 2 (2-8-3) starts from weights of its own" in text
    assert group.same_data


def test_all_different_shapes_are_named():
    group = RunGroup(configs_of(*QUICK_SETUPS["2 vs 8 vs 64 neurons"]))
    assert group.weight_groups == [[0], [1], [2]]
    assert "(2-2-3, 2-8-3, 2-64-3)" in group.weight_sharing_text()


def test_the_weight_check_compares_numbers_not_shapes():
    same_shape_other_seed = [
        build_trainer(RunConfig(samples=30, seed=seed, hidden_layers=(8,))) for seed in (0, 1, 0)
    ]
    assert shared_weight_groups(same_shape_other_seed) == [[0, 2], [1]]


# --- the settings ------------------------------------------------------------------------------


def test_a_row_and_the_shared_settings_make_the_runs_config():
    shared = SharedSettings("moons", 2, 50, 0.3, 0.2, 7, 1234)
    config = make_config(shared, RunSettings("sgd", 0.1, 0.9, 16, 3, "tanh"))
    assert config == RunConfig(
        dataset="moons", classes=2, samples=50, noise=0.3, test_fraction=0.2, seed=7,
        epochs=1234, hidden_layers=(16, 16, 16), activation="tanh", optimizer="sgd",
        learning_rate=0.1, momentum=0.9,
    )  # fmt: skip
    assert compare_runs.settings_of(config) == (shared, RunSettings("sgd", 0.1, 0.9, 16, 3, "tanh"))


def test_momentum_only_counts_for_sgd():
    adam = make_config(SHARED, RunSettings("adam", 0.05, momentum=0.9))
    assert adam.momentum == 0.0
    assert adam == make_config(SHARED, RunSettings("adam", 0.05, momentum=0.0))


@pytest.mark.parametrize(
    ("rows", "labels"),
    [
        (
            QUICK_SETUPS["SGD vs SGD+momentum vs Adam"],
            ["SGD lr 1", "SGD+momentum 0.9 lr 1", "Adam lr 0.05"],
        ),
        (
            QUICK_SETUPS["Learning rate 0.01 / 0.1 / 1 / 10"],
            ["SGD lr 0.01", "SGD lr 0.1", "SGD lr 1", "SGD lr 10"],
        ),
        (
            QUICK_SETUPS["2 vs 8 vs 64 neurons"],
            ["Adam lr 0.05, 2 neurons", "Adam lr 0.05, 8 neurons", "Adam lr 0.05, 64 neurons"],
        ),
        (
            [RunSettings(layers=2), RunSettings(neurons=1, activation="tanh")],
            ["SGD lr 1, 2 layers of 64, ReLU", "SGD lr 1, 1 neuron, tanh"],
        ),
        ([RunSettings(), RunSettings()], ["SGD lr 1 (run 1)", "SGD lr 1 (run 2)"]),
    ],
)
def test_legend_names_say_what_differs(rows, labels):
    assert run_labels(configs_of(*rows)) == labels


def test_widget_values_fill_new_rows_with_the_last_run():
    configs = configs_of(RunSettings("adam", 0.05), RunSettings(neurons=8))
    values = compare_runs.widget_values(configs)
    assert values["cmp_n_runs"] == 2
    assert values["cmp_optimizer_0"] == "adam" and values["cmp_neurons_1"] == 8
    assert values["cmp_neurons_5"] == 8 and values["cmp_optimizer_5"] == "sgd"
    assert values["cmp_noise"] == 0.2  # the spiral's usual noise, for noise=None
    assert values["cmp_epochs"] == SHARED.epochs


def test_a_comparison_needs_one_to_six_runs():
    with pytest.raises(ValueError, match="1 to 6 runs. Received: 7"):
        RunGroup(configs_of(*[RunSettings()] * 7))
    with pytest.raises(ValueError, match="Received: 0"):
        RunGroup([])


# --- training side by side ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds_per_epoch", "seconds_left", "epochs"),
    [
        # One epoch of a group is one epoch of each run: it costs the sum of their times.
        (0.001 + 0.003, 0.4, 100),  # 100 · (0.001 + 0.003) = 0.4 s
        (0.002, 0.5, 250),
        (0.001 + 0.001 + 0.002, 0.1, 25),
        (0.01 + 0.02, 0.001, 1),  # always at least one epoch
        (None, 1.0, 1),  # not timed yet: one epoch to measure it
    ],
)
def test_each_chunk_gives_every_run_the_same_epochs_and_fits_the_time(
    seconds_per_epoch, seconds_left, epochs
):
    assert epochs_that_fit(seconds_per_epoch, seconds_left) == epochs


class FakeClock:
    """time.perf_counter for the frame timing (ui/run/animated_run.py) that only moves when a
    run trains: each epoch of run i costs cost[i] seconds. Makes the time split exact and
    testable."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_frame_splits_its_time_in_proportion_to_each_runs_cost(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(animated_run.time, "perf_counter", clock)
    group = RunGroup(configs_of(RunSettings(neurons=2), RunSettings(neurons=64, layers=2)))
    costs = [0.001, 0.003]
    spent = [0.0, 0.0]
    for index, run in enumerate(group.runs):
        real_step = run.trainer.step

        def timed_step(n_epochs, index=index, real_step=real_step):
            clock.now += costs[index] * n_epochs
            spent[index] += costs[index] * n_epochs
            return real_step(n_epochs)

        run.trainer.step = timed_step
    group.play()
    trained = group.train_for(0.4)
    # First one epoch each to measure (0.004 s), then 99 each: 99 · 0.004 = 0.396 s.
    assert trained == 100
    assert [run.epoch for run in group.runs] == [100, 100]
    assert clock.now == pytest.approx(0.4)
    assert spent[1] == pytest.approx(3 * spent[0])
    assert group.playing


def test_train_for_keeps_real_runs_in_lock_step_and_stops_at_the_end():
    group = RunGroup(configs_of(RunSettings(neurons=2), RunSettings(neurons=128, layers=2)))
    group.play()
    # A frame of 0.2 s, again until the runs are past their first (measured) epoch: on a busy
    # machine one frame may train a single epoch.
    group.train_for(0.2)
    while group.epoch <= 1:
        group.train_for(0.2)
    epochs = [run.epoch for run in group.runs]
    assert epochs[0] == epochs[1] > 1
    while group.playing:
        group.train_for(0.2)
    assert [run.epoch for run in group.runs] == [SHARED.epochs] * 2
    assert group.message[0] == "success" and "complete" in group.message[1]


def diverging_config(test_fraction=0.0, epochs=400):
    """A run that diverges: its L2 weight decay 2·λ·learning_rate = 20 > 2 makes every update
    overshoot, the weights grow ~19× an epoch until they overflow and the loss turns NaN."""
    return RunConfig(
        samples=30,
        epochs=epochs,
        test_fraction=test_fraction,
        learning_rate=1000.0,
        weight_regularizer_l2=0.01,
    )


def test_a_diverging_run_is_marked_and_the_others_go_on():
    long_runs = SharedSettings(samples=30, epochs=100_000)
    others = configs_of(RunSettings(), RunSettings("adam", 0.05), shared=long_runs)
    group = RunGroup([diverging_config(epochs=100_000), *others])
    group.advance(100)
    group.finish_step()
    diverged, *others = group.runs
    assert diverged.diverged_epoch is not None
    assert diverged.epoch < 100 and not diverged.training
    assert all(np.isfinite(p).all() for p in parameters(diverged))
    assert [run.epoch for run in others] == [100, 100]
    kind, text = group.message
    assert kind == "warning" and "SGD lr 1000" in text and "other 2 go on" in text
    # Playing goes on for the others, and the diverged one stays where it stopped.
    kept = diverged.epoch
    group.play()
    group.train_for(0.2)
    assert group.playing
    assert others[0].epoch == others[1].epoch > 100
    assert diverged.epoch == kept
    rows = group.summary(0.9)
    assert rows[0]["diverged_epoch"] == diverged.diverged_epoch
    assert rows[1]["diverged_epoch"] is None


def test_when_every_run_is_done_or_diverged_playing_stops():
    quick = make_config(SharedSettings(samples=30, epochs=50), RunSettings())
    group = RunGroup([diverging_config(epochs=50), quick])
    group.play()
    for _ in range(100):
        if not group.playing:
            break
        group.train_for(0.2)
    assert not group.playing
    assert group.runs[1].epoch == 50
    assert group.runs[0].diverged_epoch is not None


def test_step_reset_and_settings_changes():
    group = RunGroup(configs_of(RunSettings(), RunSettings("adam", 0.05)))
    initial = [array.copy() for array in parameters(group.runs[1])]
    group.advance(30)
    group.finish_step()
    assert group.epoch == 30
    longer = SharedSettings(samples=30, epochs=900)
    more_epochs = configs_of(RunSettings(), RunSettings("adam", 0.05), shared=longer)
    assert group.update(more_epochs) == "live"
    assert group.epoch == 30 and group.total_epochs == 900
    assert group.update(more_epochs) == "unchanged"
    assert group.update(configs_of(RunSettings(), RunSettings("adam", 0.01))) == "reset"
    assert group.epoch == 0
    group.advance(30)
    group.reset()
    assert group.epoch == 0
    for array, start in zip(parameters(group.runs[1]), initial):
        np.testing.assert_array_equal(array, start)


def test_step_never_passes_the_epochs_to_train_and_then_says_so():
    group = RunGroup(configs_of(RunSettings(), shared=SharedSettings(samples=30, epochs=150)))
    group.advance(100)
    group.finish_step()
    group.advance(100)
    group.finish_step()
    assert group.epoch == 150
    group.play()
    assert not group.playing
    assert group.message[0] == "info" and "complete" in group.message[1]


# --- epochs to reach a target accuracy ---------------------------------------------------------

HISTORY_EPOCHS = [0, 1, 2, 3, 4, 5]
HISTORY_ACCURACY = [0.30, 0.80, 0.92, 0.85, 0.90, 0.99]


@pytest.mark.parametrize(
    ("target", "epoch"),
    [(0.3, 0), (0.5, 1), (0.8, 1), (0.9, 2), (0.92, 2), (0.95, 5), (0.99, 5), (1.0, None)],
)
def test_epochs_to_reach_is_the_first_epoch_at_or_above_the_target(target, epoch):
    assert epochs_to_reach(HISTORY_EPOCHS, HISTORY_ACCURACY, target) == epoch


@pytest.fixture(scope="module")
def one_run():
    return ComparedRun(make_config(SHARED, RunSettings()), "SGD lr 1")


@settings(max_examples=60, deadline=None)
@given(
    accuracies=st.lists(st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9, 1.0]), min_size=1, max_size=40),
    cut=st.integers(0, 40),
    target=st.sampled_from([0.0, 0.3, 0.6, 0.9, 1.0]),
)
def test_the_record_of_new_bests_answers_like_the_whole_history(one_run, accuracies, cut, target):
    one_run.best_epochs, one_run.best_accuracies = [], []
    epochs = np.arange(len(accuracies))
    values = np.array(accuracies)
    cut = min(cut, len(accuracies))
    for part in (slice(0, cut), slice(cut, None)):  # trained in two chunks
        if len(epochs[part]):
            one_run.record_best_accuracies(epochs[part], values[part])
    assert one_run.epochs_to_reach(target) == epochs_to_reach(epochs, values, target)


def test_epochs_to_target_after_real_training_matches_the_history():
    run = ComparedRun(make_config(SHARED, RunSettings("adam", 0.05)), "Adam lr 0.05")
    for chunk in (1, 37, 200):
        run.train(chunk)
    history = run.trainer.history
    for target in (0.4, 0.6, 0.8, 0.9, 1.0):
        assert run.epochs_to_reach(target) == epochs_to_reach(
            history["epoch"], history["accuracy"], target
        )
    assert run.epochs_to_reach(0.0) == 0


# --- figures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trained_group():
    rows = [RunSettings(), RunSettings(neurons=8), RunSettings("adam", 0.05)]
    with_test = SharedSettings(samples=30, epochs=400, test_fraction=0.2)
    group = RunGroup([diverging_config(test_fraction=0.2), *configs_of(*rows, shared=with_test)])
    assert group.same_data
    group.advance(120)
    group.finish_step()
    return group


def test_the_curves_figure_has_a_colour_and_a_legend_name_per_run(trained_group):
    figure = validated(
        comparison_curves_figure(trained_group.curves(), 0.9, total_epochs=400, show_test=True)
    )
    legend = [trace for trace in figure.data if trace.showlegend is not False]
    labels = [run.label for run in trained_group.runs]
    assert [trace.name for trace in legend[:4]] == [
        f"{labels[0]} (diverged at epoch {trained_group.runs[0].diverged_epoch:,})",
        *labels[1:],
    ]
    assert legend[-1].name == "target 90%"
    np.testing.assert_allclose(legend[-1].y, [0.9, 0.9], rtol=1e-6)  # packed as float32
    assert legend[-1].yaxis == "y2"
    for index in range(len(labels)):
        lines = [t for t in figure.data if t.legendgroup == f"run {index}" and t.mode == "lines"]
        assert {t.line.color for t in lines} == {RUN_COLORS[index]}
        assert {t.yaxis for t in lines} == {"y", "y2"}
    dashed = [trace for trace in figure.data if trace.line.dash == "dash"]
    # Test loss and accuracy of every run: the diverged one's up to where it diverged (a Step
    # trains in chunks, and a chunk that diverges goes back to where it started).
    assert len(dashed) == 2 * 4
    crosses = [trace for trace in figure.data if trace.mode == "markers"]
    assert len(crosses) == 2 and all(t.marker.symbol == "x" for t in crosses)
    assert list(figure.layout.xaxis.range) == [0, 400]


def test_a_diverged_runs_curve_goes_up_to_its_last_finite_epoch(trained_group):
    run = trained_group.runs[0]
    curve = trained_group.curves()[0]
    # Put back where the chunk of epochs in which it diverged started (a Step trains in chunks).
    assert 0 <= run.epoch < run.diverged_epoch
    assert curve["epochs"][-1] == run.diverged_epoch - 1
    assert np.all(np.isfinite(curve["loss"])) and curve["loss"][-1] > 10 * curve["loss"][0]


@pytest.mark.parametrize(
    ("losses", "log_loss", "expected"),
    [
        ([[1.1, 0.5], [1.0, 0.2]], False, [0, 1.05 * 1.1]),
        ([[1.1, 0.5], [1.0, 1e30]], False, [0, 1.05 * 3 * 1.1]),  # a blow-up is cut off
        ([[1.0, 0.01]], True, [np.log10(0.01 / 1.5), np.log10(1.05)]),
        ([], False, [0, 1.0]),
    ],
)
def test_the_loss_axis_fits_the_curves_but_not_a_blow_up(losses, log_loss, expected):
    np.testing.assert_allclose(loss_axis_range(losses, log_loss), expected)


def test_the_curves_follow_the_history_and_the_log_scale_option(trained_group):
    curves = trained_group.curves()
    figure = validated(comparison_curves_figure(curves, log_loss=True))
    assert figure.layout.yaxis.type == "log"
    (loss,) = [t for t in figure.data if t.legendgroup == "run 1" and t.yaxis == "y"]
    np.testing.assert_allclose(loss.y, curves[1]["loss"], rtol=1e-6)
    np.testing.assert_array_equal(loss.x, curves[1]["epochs"])


def test_the_regions_grid_has_one_titled_map_per_run(trained_group):
    data = trained_group.runs[0].trainer
    maps = trained_group.region_maps()
    titles = [run.label for run in trained_group.runs]
    figure = validated(
        regions_grid_figure(
            maps, trained_group.extent, data.X, data.y, data.X_test, data.y_test, titles
        )
    )
    images = [trace for trace in figure.data if trace.type == "image"]
    assert [image.xaxis for image in images] == ["x", "x2", "x3", "x4"]
    assert [a.text for a in figure.layout.annotations] == [f"<b>{t}</b>" for t in titles]
    assert [a.font.color for a in figure.layout.annotations] == RUN_COLORS[:4]
    assert figure.layout.showlegend is False
    # 4 runs: 2 per row, 2 rows, each map square (y scaled to x).
    assert figure.layout.yaxis3.scaleanchor == "x3"
    assert figure.layout.xaxis.domain[1] < figure.layout.xaxis2.domain[0]
    assert figure.layout.yaxis3.domain[1] < figure.layout.yaxis.domain[0]
    probabilities = maps[1][0]
    assert probabilities.shape == (run_group.REGION_CELLS, run_group.REGION_CELLS, 3)
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1, atol=1e-5)


@pytest.mark.parametrize("n_runs", [1, 2, 3, 5, 6])
def test_the_regions_grid_is_valid_for_any_number_of_runs(trained_group, n_runs):
    data = trained_group.runs[0].trainer
    maps = list(itertools.islice(itertools.cycle(trained_group.region_maps()), n_runs))
    figure = validated(regions_grid_figure(maps, trained_group.extent, data.X, data.y))
    assert len([t for t in figure.data if t.type == "image"]) == n_runs
    assert json.dumps(regions_grid_figure(maps, trained_group.extent, data.X, data.y))


def test_the_summary_table_has_a_row_per_run(trained_group):
    rows = trained_group.summary(0.9)
    table = summary_table_markdown(rows, 0.9, show_test=True).splitlines()
    assert "epochs to 90%" in table[0] and "test accuracy" in table[0]
    assert len(table) == 2 + 4
    assert f"**yes**, at epoch {trained_group.runs[0].diverged_epoch}" in table[2]
    for line, run, color in zip(table[2:], trained_group.runs, RUN_COLORS):
        assert run.label in line and color in line
    reached = rows[3]["epochs_to_target"]
    assert (f"| {reached:,} |" if reached is not None else "| not yet |") in table[5]
    without_test = summary_table_markdown(rows, 0.8)
    assert "test" not in without_test.splitlines()[0]
    assert "epochs to 80%" in without_test


@pytest.mark.parametrize(
    ("first_loss", "last_loss", "epoch", "overshooting"),
    [
        (1.1, 2.0, 60, True),  # well above its start: the steps overshoot
        (1.1, 1.5, 60, False),  # a little above: noise, not a verdict
        (1.1, 0.3, 60, False),
        (1.1, 2.0, 20, False),  # too early to say
    ],
)
def test_a_loss_that_rose_is_called_overshooting_not_diverged(
    first_loss, last_loss, epoch, overshooting
):
    run = ComparedRun(make_config(SHARED, RunSettings(learning_rate=10.0)), "SGD lr 10")
    n_columns = len(run.trainer.history.columns)
    rows = np.zeros((2, n_columns))
    rows[:, 0] = [0, epoch - 1]
    rows[:, 1] = [first_loss, last_loss]
    run.trainer.history.extend(rows)
    run.trainer.epoch = epoch
    row = run.summary(0.9)
    assert row["overshooting"] is overshooting
    assert row["diverged_epoch"] is None
    assert row["loss"] == last_loss and row["epoch"] == epoch


# --- the page, through AppTest ------------------------------------------------------------------


class UntouchedRun:
    """Stands for the Playground's run: the Compare page must never touch it."""


@pytest.fixture
def page():
    at = AppTest.from_file(APP, default_timeout=60).switch_page(PAGE)
    at.session_state["run"] = UntouchedRun()
    at.run()
    assert not at.exception, at.exception
    return at


def group_of(at):
    return at.session_state["cmp_group"]


def sent_figures(at):
    """The figures the page's live charts sent."""
    return [
        json.loads(unpacked_message(chart.proto.bytes)["figure"])
        for chart in at.get("bidi_component")
    ]


def click(at, key):
    at.button(key=key).click()
    at.run()
    assert not at.exception, at.exception
    if key == "cmp_step":  # a Step longer than STEP_BUDGET (a busy machine) plays: run its frames
        while group_of(at).playing:
            at.run()


def test_the_page_opens_with_three_runs_from_the_same_weights(page):
    group = group_of(page)
    labels = ["SGD lr 1", "SGD+momentum 0.9 lr 1", "Adam lr 0.05"]
    assert [run.label for run in group.runs] == labels
    assert group.epoch == 0 and not group.playing
    assert page.title[0].value == "Compare"
    assert page.selectbox(key="cmp_optimizer_2").value == "adam"
    assert page.selectbox(key="cmp_momentum_1").value == 0.9
    assert "same initial weights" in page.info[0].value
    assert page.button(key="cmp_play").label == "Play"
    curves, regions = sent_figures(page)
    assert [trace["name"] for trace in curves["data"] if trace.get("showlegend")] == labels
    # The regions are not in the figure: the browser paints them, one panel per run, from the
    # clip (a single picture: the runs as they are, not playing).
    assert "image" not in [trace["type"] for trace in regions["data"]]
    clip = unpacked_message(page.get("bidi_component")[1].proto.bytes)["clip"]
    assert [panel["xaxis"] for panel in clip["panels"]] == ["x", "x2", "x3"]
    assert clip["epochs"] == [0] and clip["playing"] is False


def test_step_trains_every_run_and_play_pause(page):
    click(page, "cmp_step")
    assert [run.epoch for run in group_of(page).runs] == [100, 100, 100]
    assert "| 100 |" in page.markdown[-1].value
    curves, _ = sent_figures(page)
    losses = [trace for trace in curves["data"] if trace.get("yaxis") == "y"]
    assert len(losses) == 3
    assert all(len(base64.b64decode(trace["x"]["bdata"])) == 4 * 100 for trace in losses)
    click(page, "cmp_play")
    group = group_of(page)
    assert group.playing
    epochs = [run.epoch for run in group.runs]
    assert epochs[0] == epochs[1] == epochs[2] > 100  # AppTest: each run() is one frame
    click(page, "cmp_play")  # now Pause
    assert not group_of(page).playing
    paused = group_of(page).epoch
    page.run()
    assert group_of(page).epoch == paused


def test_a_quick_set_up_replaces_the_runs_and_starts_over(page):
    click(page, "cmp_step")
    click(page, "cmp_preset_Learning rate 0.01 / 0.1 / 1 / 10")
    group = group_of(page)
    labels = ["SGD lr 0.01", "SGD lr 0.1", "SGD lr 1", "SGD lr 10"]
    assert [run.label for run in group.runs] == labels
    assert group.epoch == 0
    assert page.number_input(key="cmp_n_runs").value == 4
    assert any("starts over" in toast.value for toast in page.toast)


def test_editing_a_row_changes_that_run_and_the_weight_sharing_note(page):
    page.number_input(key="cmp_neurons_1").set_value(8)
    page.run()
    assert not page.exception
    group = group_of(page)
    assert group.runs[1].trainer.network.dense_layers[0].n_neurons == 8
    assert group.weight_groups == [[0, 2], [1]]
    assert "run 2 (2-8-3) starts from weights of its own" in page.info[0].value
    assert group.runs[1].label == "SGD+momentum 0.9 lr 1, 8 neurons"


def test_adding_runs_copies_the_last_one(page):
    page.number_input(key="cmp_n_runs").set_value(5)
    page.run()
    assert not page.exception
    group = group_of(page)
    assert len(group.runs) == 5
    assert group.configs[3] == group.configs[2] == group.configs[4]
    assert group.weight_groups == [[0, 1, 2, 3, 4]]


def test_shared_data_settings_and_target(page):
    page.selectbox(key="cmp_dataset").set_value("moons")
    page.run()
    group = group_of(page)
    assert {config.dataset for config in group.configs} == {"moons"}
    assert page.slider(key="cmp_noise").value == 0.1  # the moons' usual noise
    page.slider(key="cmp_test_fraction").set_value(0.2).run()
    assert group_of(page).runs[0].trainer.X_test is not None
    click(page, "cmp_step")
    page.slider(key="cmp_target").set_value(70).run()
    assert group_of(page).epoch == 100  # the target changes the table, not the runs
    assert "epochs to 70%" in page.markdown[-1].value


def test_the_page_leaves_the_playgrounds_state_alone(page):
    playground_run = page.session_state["run"]
    for key in ("cmp_step", "cmp_play", "cmp_play", "cmp_reset"):
        click(page, key)
    assert page.session_state["run"] is playground_run
    assert vars(playground_run) == {}
    keys = set(page.session_state.keys()) - {"run", APP_RAN}  # APP_RAN: app.py's
    assert keys and all(key.startswith("cmp_") for key in keys), sorted(keys)
