"""The Learn page: the stages of one step (ui/learn/), its figures, and the page in AppTest.

The stages must be the trainer's own computation taken apart, so they are compared with
`Network.forward` and `Trainer.train_on_batch` bit for bit; the two checks beside them must
pass on a right gradient and fail on a wrong one.
"""

import base64
import inspect
import textwrap
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from scratchnet import RunConfig, build_trainer
from scratchnet.activations import Tanh
from scratchnet.layers import Dense
from ui.figures.learn import batch_figure, step_losses_figure
from ui.learn.batch import MAX_BATCH, default_batch, indices_from_selection
from ui.learn.forward import forward_stages
from ui.learn.jacobian import jacobian_check
from ui.learn.numerical_check import (
    checked_entries,
    gradient_check_table,
    gradient_check_verdict,
    numerical_gradient_check,
)
from ui.learn.session import LearnSession, StepRecord
from ui.learn.stage import Matrix, Stage
from ui.learn.tables import MAX_COLUMNS, format_number, markdown_table, stage_parts, steps_table
from ui.learn.walkthrough import walk_through
from ui.run.playground_run import PlaygroundRun

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "pages/learn.py"

# Networks of every kind the Playground builds: depths, activations, optimizers, precisions,
# penalties and dropout.
CONFIGS = {
    "book spiral": RunConfig(),
    "two tanh layers, adam": RunConfig(
        hidden_layers=(8, 5), activation="tanh", optimizer="adam", learning_rate=0.05
    ),
    "sigmoid, rmsprop with decay": RunConfig(
        hidden_layers=(6,), activation="sigmoid", optimizer="rmsprop", decay=1e-3
    ),
    "leaky relu, momentum, book-exact": RunConfig(
        dataset="moons", activation="leaky_relu", momentum=0.9, precision="nnfs"
    ),
    "l1 and l2 penalties, adagrad": RunConfig(
        hidden_layers=(16, 16),
        optimizer="adagrad",
        weight_regularizer_l1=1e-4,
        weight_regularizer_l2=5e-4,
        bias_regularizer_l2=1e-3,
    ),
    "dropout": RunConfig(hidden_layers=(32, 32), dropout=0.2, optimizer="adam"),
    "four layers, linear activation": RunConfig(
        dataset="blobs", classes=5, hidden_layers=(4, 4, 4, 4), activation="linear"
    ),
}


def trained_trainer(config, epochs=30):
    trainer = build_trainer(config)
    trainer.step(epochs)  # away from the initial weights, where many gradients are ~0
    return trainer


def batch_of(trainer):
    batch = default_batch(trainer.y)
    return trainer.X[batch], trainer.y[batch]


def parameters_of(trainer):
    return [array.copy() for array in trainer.network.parameters()]


# --- the stages are the trainer's computation --------------------------------------------------


@pytest.mark.parametrize("name", CONFIGS)
def test_the_forward_stages_reproduce_network_forward(name):
    trainer = trained_trainer(CONFIGS[name])
    X, y = batch_of(trainer)
    expected = trainer.network.forward(X, training=False).copy()
    stages, output = forward_stages(trainer.network, X, y, training=False)
    np.testing.assert_array_equal(output, expected)
    # one stage for the batch, then one per layer, in the network's order
    assert len(stages) == 1 + len(trainer.network.layers)
    # each stage's output is the next stage's input: the chain is unbroken
    for stage, following in zip(stages[1:], stages[2:]):
        np.testing.assert_array_equal(stage.outputs[0].values, following.inputs[0].values)
    np.testing.assert_array_equal(stages[-1].outputs[0].values, expected)


@pytest.mark.parametrize("name", CONFIGS)
def test_the_backward_stages_give_the_trainers_gradients_and_update_exactly(name):
    trainer = trained_trainer(CONFIGS[name])
    X, y = batch_of(trainer)
    reference = trainer.copy()
    before = parameters_of(trainer)
    iterations = trainer.optimizer.iterations

    walk = walk_through(trainer, X, y)

    # nothing changed: parameters, optimizer memory, random generator
    for array, original in zip(trainer.network.parameters(), before):
        np.testing.assert_array_equal(array, original)
    assert trainer.optimizer.iterations == iterations
    assert trainer.rng.get_state()[2] == reference.rng.get_state()[2]
    # the trainer's own step on the same batch computes the same gradients and update
    reference.train_on_batch(X, y)
    for shown, computed in zip(walk.gradients, reference.network.gradients()):
        np.testing.assert_array_equal(shown, computed)
    for shown, updated in zip(walk.parameters_after, reference.network.parameters()):
        np.testing.assert_array_equal(shown, updated)
    # and so does the walked-through trainer's next step (same dropout masks as shown)
    trainer.train_on_batch(X, y)
    for shown, updated in zip(walk.parameters_after, trainer.network.parameters()):
        np.testing.assert_array_equal(shown, updated)


def test_dropout_shows_its_mask_while_training_and_is_off_otherwise():
    trainer = build_trainer(CONFIGS["dropout"])  # fresh: no mask drawn yet
    X, y = batch_of(trainer)
    stages, _ = forward_stages(trainer.network, X, y, training=False)
    assert stages[3].title == "Dropout after layer 1: off (not training)"
    stages, _ = forward_stages(trainer.network, X, y, training=True)
    dropout = stages[3]
    assert dropout.title == "Dropout after layer 1 (rate 0.2)"
    mask = dropout.inputs[1].values
    np.testing.assert_array_equal(dropout.outputs[0].values, dropout.inputs[0].values * mask)
    assert set(np.unique(mask)) <= {0.0, np.float32(1 / 0.8)}


def test_the_stages_come_forward_in_order_then_backward_in_reverse():
    trainer = trained_trainer(CONFIGS["two tanh layers, adam"])
    walk = walk_through(trainer, *batch_of(trainer))
    forward_titles = [stage.title for stage in walk.forward]
    assert forward_titles == [
        "The batch: 3 points, 2 input(s) each",
        "Dense layer 1: 2 → 8 neurons",
        "tanh of layer 1",
        "Dense layer 2: 8 → 5 neurons",
        "tanh of layer 2",
        "Dense layer 3: 5 → 3 neurons",
        "Output activation: softmax",
    ]
    backward_titles = [stage.title for stage in walk.backward]
    assert backward_titles == [
        "Softmax + cross-entropy, differentiated together",
        "Dense layer 3: gradients of its weights and biases",
        "tanh of layer 2: gradient",
        "Dense layer 2: gradients of its weights and biases",
        "tanh of layer 1: gradient",
        "Dense layer 1: gradients of its weights and biases",
    ]
    assert [stage.title for stage in walk.update] == [f"Adam updates layer {n}" for n in (1, 2, 3)]
    keys = [stage.key for stage in [*walk.forward, walk.loss, *walk.backward, *walk.update]]
    assert len(keys) == len(set(keys)), "stage keys name widgets: they must be unique"


def test_each_stage_shows_the_engines_own_source():
    trainer = trained_trainer(CONFIGS["book spiral"])
    walk = walk_through(trainer, *batch_of(trainer))
    dense_forward = walk.forward[1]
    assert dense_forward.source == textwrap.dedent(inspect.getsource(Dense.forward))
    assert "def backward" in walk.backward[1].source and "dweights" in walk.backward[1].source
    assert walk.backward[0].source.startswith("def backward")  # the method, not its class
    assert "y_true] -= 1" in walk.backward[0].source  # the combined gradient's ŷ - y
    assert "def update_parameter" in walk.update[0].source
    for stage in [*walk.forward, walk.loss, *walk.backward, *walk.update]:
        assert stage.formula and stage.explanation and "def " in stage.source


def test_the_first_dense_layer_hands_no_gradient_to_the_data():
    trainer = trained_trainer(CONFIGS["book spiral"])
    walk = walk_through(trainer, *batch_of(trainer))
    first_layer = walk.backward[-1]
    assert [m.symbol for m in first_layer.outputs] == [
        r"\partial L / \partial W^{(1)}",
        r"\partial L / \partial b^{(1)}",
    ]
    assert "no $\\partial L / \\partial X$" in first_layer.explanation


def test_a_regression_network_is_walked_through_too():
    config = RunConfig(
        dataset="sine", samples=50, hidden_layers=(8,), activation="tanh", learning_rate=0.01
    )
    trainer = trained_trainer(config)
    session = LearnSession(SimpleNamespace(trainer=trainer, config=config))
    walk = session.walkthrough()
    assert walk.loss.title == "Loss: mean squared error"
    assert walk.backward[0].title == "Loss gradient: mean squared error"
    assert walk.backward[1].title == "linear (identity): gradient"
    assert numerical_gradient_check(session.trainer, session.inputs, session.targets, 1).passed
    record = session.next_step()
    assert record.loss_after < record.loss_before


# --- check 1: the two paths through softmax + cross-entropy agree ---------------------------------


@pytest.mark.parametrize(("samples", "classes"), [(1, 2), (3, 3), (6, 5), (4, 8)])
def test_the_jacobian_path_and_the_combined_path_agree(samples, classes):
    rng = np.random.default_rng(samples * 10 + classes)
    scores = rng.normal(0, 3, size=(samples, classes))
    y = rng.integers(0, classes, size=samples)
    check = jacobian_check(scores, y)
    assert check.max_difference < 1e-6
    np.testing.assert_allclose(check.combined, check.through_jacobian, atol=1e-12)
    # the shortcut is (ŷ - y)/N, written out by hand
    one_hot = np.eye(classes)[y]
    np.testing.assert_allclose(check.combined, (check.probabilities - one_hot) / samples)
    # every Jacobian is diag(ŷ) - ŷŷᵀ: symmetric, each row summing to 0 (probabilities sum to 1)
    assert check.jacobians.shape == (samples, classes, classes)
    np.testing.assert_allclose(check.jacobians, check.jacobians.transpose(0, 2, 1))
    np.testing.assert_allclose(check.jacobians.sum(axis=2), 0, atol=1e-15)


# --- check 2: finite differences ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["book spiral", "two tanh layers, adam", "l1 and l2 penalties, adagrad", "dropout"]
)
def test_the_numerical_check_passes_for_every_layer_of_a_float64_network(name):
    config = CONFIGS[name]
    config = RunConfig(**{**config.to_dict(), "hidden_layers": config.hidden_layers,
                          "precision": "float64"})  # fmt: skip
    trainer = trained_trainer(config)
    X, y = batch_of(trainer)
    for layer_number in range(1, len(trainer.network.dense_layers) + 1):
        check = numerical_gradient_check(trainer, X, y, layer_number)
        assert check.relative_error < 1e-6, (layer_number, check.relative_error)
        assert check.passed
        smooth = ~check.at_kink  # entries whose nudge crosses a ReLU kink are left out
        assert smooth.sum() >= 0.9 * len(check.labels)
        assert np.max(np.abs(check.analytic - check.numerical)[smooth]) < 1e-8


def test_the_numerical_check_uses_float64_and_leaves_the_network_alone():
    trainer = trained_trainer(CONFIGS["book spiral"])  # a float32 network
    before = parameters_of(trainer)
    check = numerical_gradient_check(trainer, *batch_of(trainer), layer_number=2)
    assert check.passed and check.analytic.dtype == np.float64
    for array, original in zip(trainer.network.parameters(), before):
        assert array.dtype == np.float32
        np.testing.assert_array_equal(array, original)


class WrongTanh(Tanh):
    """tanh with a mistake a learner might make: the slope 1 - a instead of 1 - a²."""

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output)
        return self.dinputs


def test_a_wrong_gradient_is_flagged():
    config = RunConfig(hidden_layers=(8,), activation="tanh", precision="float64")
    trainer = trained_trainer(config)
    for layer in trainer.network.layers:
        if type(layer) is Tanh:
            layer.__class__ = WrongTanh
    X, y = batch_of(trainer)
    check = numerical_gradient_check(trainer, X, y, layer_number=1)
    assert not check.passed
    assert check.relative_error > 1e-3
    assert "disagree" in gradient_check_verdict(check)
    # the layer after the mistake is still right: the check points at where the bug is
    assert numerical_gradient_check(trainer, X, y, layer_number=2).passed


def test_a_weight_whose_nudge_crosses_a_relu_kink_is_left_out_not_failed():
    trainer = trained_trainer(RunConfig(hidden_layers=(4,), precision="float64"))
    X, y = batch_of(trainer)
    first = trainer.network.dense_layers[0]
    # put point 0's input to neuron 0 exactly on ReLU's kink: z = x·w + b = 0
    first.biases[0, 0] = -(X[0] @ first.weights[:, 0])
    check = numerical_gradient_check(trainer, X, y, layer_number=1)
    kinked = [label for label, at_kink in zip(check.labels, check.at_kink) if at_kink]
    assert kinked == ["W1[0, 0]", "W1[1, 0]", "b1[0, 0]"]  # every parameter of neuron 0
    assert check.passed
    assert "3 left out" in gradient_check_verdict(check)
    assert "at a kink: left out" in gradient_check_table(check)


@pytest.mark.parametrize(("shape", "expected"), [((2, 8), 16), ((64, 3), 48), ((1, 3), 3)])
def test_a_big_layer_is_checked_on_a_spread_sample(shape, expected):
    entries = checked_entries(shape, max_entries=48)
    assert len(entries) == expected
    assert len(set(entries)) == expected
    assert entries[0] == (0, 0) and entries[-1] == (shape[0] - 1, shape[1] - 1)


def test_the_numerical_check_rejects_a_layer_that_does_not_exist():
    trainer = trained_trainer(CONFIGS["book spiral"])
    with pytest.raises(ValueError, match="layer_number must be between 1 and 2"):
        numerical_gradient_check(trainer, *batch_of(trainer), layer_number=3)


# --- steps on the page's own copy -----------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        {"optimizer": "sgd", "learning_rate": 0.1},
        {"optimizer": "sgd", "learning_rate": 0.1, "momentum": 0.9},
        {"optimizer": "adagrad", "learning_rate": 0.01},
        {"optimizer": "rmsprop", "learning_rate": 0.001},
        {"optimizer": "adam", "learning_rate": 0.001},
    ],
)
def test_next_step_lowers_the_batch_loss_for_a_small_learning_rate(settings):
    run = PlaygroundRun(RunConfig(**settings))
    run.train(20)
    session = LearnSession(run)
    for step in (1, 2, 3):
        record = session.next_step()
        assert record.step == step
        assert record.loss_after < record.loss_before
    # the recorded losses chain up: each step starts where the last one ended
    assert session.steps[1].loss_before == session.steps[0].loss_after


def test_steps_here_never_touch_the_playgrounds_network():
    run = PlaygroundRun(RunConfig())
    run.train(5)
    before = parameters_of(run.trainer)
    iterations = run.trainer.optimizer.iterations
    session = LearnSession(run)
    for _ in range(3):
        session.next_step()
    session.walkthrough()
    numerical_gradient_check(session.trainer, session.inputs, session.targets, 1)
    assert run.trainer.epoch == 5 and run.trainer.optimizer.iterations == iterations
    for array, original in zip(run.trainer.network.parameters(), before):
        np.testing.assert_array_equal(array, original)
    assert not np.array_equal(session.trainer.network.parameters()[0], before[0])


def test_reset_goes_back_to_the_copy_and_take_follows_the_playground():
    run = PlaygroundRun(RunConfig())
    session = LearnSession(run)
    taken = parameters_of(session.trainer)
    session.next_step()
    session.next_step()
    session.reset()
    assert session.steps == []
    for array, original in zip(session.trainer.network.parameters(), taken):
        np.testing.assert_array_equal(array, original)
    run.train(40)
    assert session.is_behind(run) and session.source_epoch == 0
    session.take(run)
    assert session.source_epoch == 40 and not session.is_behind(run)
    np.testing.assert_array_equal(
        session.trainer.network.parameters()[0], run.trainer.network.parameters()[0]
    )
    assert session.trainer is not run.trainer


def test_taking_the_network_again_keeps_the_batch_only_for_the_same_data():
    run = PlaygroundRun(RunConfig())
    session = LearnSession(run)
    session.set_batch([7, 8, 9])
    run.train(10)
    session.take(run)
    assert session.batch == [7, 8, 9]
    run.update_config(RunConfig(dataset="moons"))
    session.take(run)
    assert session.batch == default_batch(run.trainer.y) != [7, 8, 9]


def test_a_loss_that_is_not_finite_is_explained_and_nothing_is_updated():
    run = PlaygroundRun(RunConfig())
    session = LearnSession(run)
    session.trainer.network.dense_layers[-1].weights[...] = np.nan
    assert session.next_step() is None
    assert session.message[0] == "error" and "not a finite number" in session.message[1]
    assert session.steps == []


# --- the batch ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("dataset", "classes"), [("spiral", 3), ("moons", 2), ("blobs", 8)])
def test_the_default_batch_has_spread_out_points_of_every_class(dataset, classes):
    trainer = build_trainer(RunConfig(dataset=dataset, classes=classes))
    batch = default_batch(trainer.y)
    assert 3 <= len(batch) <= MAX_BATCH and len(set(batch)) == len(batch)
    assert set(trainer.y[batch]) == set(range(min(classes, MAX_BATCH)))
    # distinct places: the spiral's arms all start at the origin, the batch must not
    assert len({tuple(trainer.X[i]) for i in batch}) == len(batch)


def test_the_batch_is_checked_and_kept_small():
    session = LearnSession(PlaygroundRun(RunConfig()))
    with pytest.raises(ValueError, match="between 0 and 299. Received: 300"):
        session.set_batch([1, 300])
    assert session.set_batch([5, 5, 7]) == [5, 7]
    assert session.set_batch(range(10)) == list(range(MAX_BATCH))
    assert session.message[0] == "info" and "first 6" in session.message[1]


def test_picking_points_on_the_chart():
    session = LearnSession(PlaygroundRun(RunConfig()))
    session.set_batch([1, 2, 3])
    points = [{"customdata": 42, "point_index": 0}]
    assert session.apply_selection(indices_from_selection(points)) == [1, 2, 3, 42]
    assert session.apply_selection([2]) == [1, 3, 42]  # a click on a batch point removes it
    box = [{"customdata": [index]} for index in (10, 20, 30, 40)]
    assert session.apply_selection(indices_from_selection(box)) == [10, 20, 30, 40]
    assert session.apply_selection([]) == [10, 20, 30, 40]  # a cleared selection changes nothing
    session.set_batch(range(6))
    assert session.apply_selection([100]) == list(range(6))
    assert "full" in session.message[1]


def test_the_random_batch_is_reproducible_and_valid():
    first = LearnSession(PlaygroundRun(RunConfig()), seed=7)
    second = LearnSession(PlaygroundRun(RunConfig()), seed=7)
    batches = [first.random_batch() for _ in range(3)]
    assert batches == [second.random_batch() for _ in range(3)]
    assert len({tuple(batch) for batch in batches}) == 3
    for batch in batches:
        assert len(batch) == 3 and all(0 <= index < 300 for index in batch)


# --- showing the numbers --------------------------------------------------------------------------


def test_a_wide_array_is_cut_short_and_can_be_shown_whole():
    matrix = Matrix("z", np.arange(3 * 64, dtype=float).reshape(3, 64), per_point=True)
    table, note = markdown_table(matrix, ["#5", "#6", "#7"])
    header = table.splitlines()[0]
    assert "| … |" in header and header.endswith("| 63 |")
    # the row labels, then MAX_COLUMNS columns and the "…" between them
    assert header.count("|") == 1 + 1 + MAX_COLUMNS + 1
    assert note == "Showing part of 64 columns."
    assert "| **#7** |" in table and "| 191 |" in table
    table, note = markdown_table(matrix, ["#5", "#6", "#7"], max_rows=None, max_columns=None)
    assert note == "" and "…" not in table and table.splitlines()[0].count("|") == 66


def test_a_stage_shows_small_arrays_as_tables_big_ones_whole_on_request_and_numbers_inline():
    stage = Stage(
        key="k",
        title="t",
        formula="f",
        explanation="e",
        inputs=[Matrix("X", np.ones((2, 2)), per_point=True)],
        outputs=[
            Matrix("z", np.arange(128.0).reshape(2, 64), per_point=True),
            Matrix("L", 1.0986123),
        ],
    )
    cut = stage_parts(stage, ["#1", "#2"])
    assert [kind for kind, _ in cut] == ["markdown"] * 6
    assert cut[-1][1] == "**Out:** &nbsp; $L = 1.09861$"
    assert "Showing part of 64 columns" in cut[4][1]
    whole = stage_parts(stage, ["#1", "#2"], full=True)
    kind, text = whole[3]
    assert kind == "text"
    lines = text.splitlines()
    assert lines[0].split() == [str(column) for column in range(64)]
    assert lines[2].split()[0] == "#2" and lines[2].split()[-1] == "127"
    assert whole[1][0] == "markdown"  # X is small: a table either way


def test_a_tall_array_is_cut_short_too():
    table, note = markdown_table(Matrix("W", np.ones((64, 3))))
    assert "⋮" in table and "| **63** |" in table and note == "Showing part of 64 rows."


@pytest.mark.parametrize(
    ("value", "text"), [(0.0, "0"), (-0.0, "0"), (0.012345678, "0.01235"), (2.5e-7, "2.5e-07")]
)
def test_numbers_get_four_significant_digits(value, text):
    assert format_number(value) == text


def unpack(values):
    """The numbers of a trace array, packed by ui.figures.packed or not."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


# --- figures --------------------------------------------------------------------------------------


def test_the_batch_figure_highlights_the_batch_and_names_every_point():
    trainer = build_trainer(RunConfig())
    batch = [3, 150, 290]
    figure = batch_figure(trainer.X, trainer.y, batch)
    validated = go.Figure(figure)  # Plotly accepts it
    *classes, highlighted = validated.data
    assert [trace.name for trace in classes] == ["class 0", "class 1", "class 2"]
    indices = sorted(index for trace in classes for index in trace.customdata)
    assert indices == list(range(300))
    assert list(highlighted.customdata) == batch
    np.testing.assert_allclose(unpack(highlighted.x), trainer.X[batch, 0])
    assert list(highlighted.text) == ["#3", "#150", "#290"]


def test_the_step_losses_figure_draws_one_segment_per_step():
    steps = [
        StepRecord(1, (1, 2), 1.0, 0.9, 1.0),
        StepRecord(2, (1, 2), 0.9, 0.8, 1.0),
    ]
    figure = go.Figure(step_losses_figure(steps))
    assert list(figure.data[0].x) == [0, 1, None, 1, 2, None]
    assert list(figure.data[0].y) == [1.0, 0.9, None, 0.9, 0.8, None]
    low, high = figure.layout.yaxis.range
    assert low < 0.8 and high > 1.0  # room around the markers


def test_the_steps_table_lists_every_step_and_the_batch_once_it_changes():
    steps = [
        StepRecord(1, (1, 2), 1.0, 0.9, 1.0),
        StepRecord(2, (1, 2), 0.9, 0.8, 1.0),
    ]
    table = steps_table(steps)
    assert "batch" not in table and "| 2 | 0.90000 | 0.80000 | -0.10000 |" in table
    steps.append(StepRecord(3, (4, 5), 2.0, 1.5, 1.0))
    assert "| 3 | 2.00000 | 1.50000 | -0.50000 | #4 #5 |" in steps_table(steps)


# --- the page in AppTest --------------------------------------------------------------------------


@pytest.fixture
def page():
    """The Learn page, with a Playground run in the session, as after visiting it."""
    at = AppTest.from_file(APP, default_timeout=60).switch_page(PAGE)
    at.session_state["run"] = PlaygroundRun(RunConfig())
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def click(at, key):
    at.button(key=key).click()
    at.run()
    assert not at.exception, at.exception


def test_without_a_run_the_page_says_where_to_set_one_up():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    del at.session_state["run"]
    at.switch_page("pages/learn.py")
    at.run()
    assert not at.exception, at.exception
    assert "no network yet" in at.info[0].value
    assert len(at.get("page_link")) == 1
    assert not at.button


def test_with_a_run_the_page_shows_every_stage(page):
    assert page.title[0].value == "Learn: one training step"
    assert metric(page, "Copy taken at Playground epoch") == "0"
    assert metric(page, "Steps taken here") == "0"
    titles = [expander.label for expander in page.expander]
    assert "Dense layer 1: 2 → 64 neurons" in titles
    assert "SGD updates layer 2" in titles
    assert titles.index("Output activation: softmax") < titles.index(
        "Loss: categorical cross-entropy"
    )
    assert page.latex and page.code
    assert page.session_state["learn_batch"] == default_batch(page.session_state["run"].trainer.y)
    assert page.success, "the gradient check should pass on the Playground's network"


def test_choosing_points_in_the_multiselect_changes_the_batch(page):
    page.multiselect(key="learn_batch").set_value([5, 105, 205, 250])
    page.run()
    assert not page.exception, page.exception
    assert page.session_state["learn_session"].batch == [5, 105, 205, 250]
    assert "The batch: 4 points, 2 input(s) each" in [e.label for e in page.expander]


def test_next_step_advances_the_pages_own_count_and_leaves_the_playground_alone(page):
    run = page.session_state["run"]
    trainer = run.trainer
    before = parameters_of(trainer)
    loss_before = float(metric(page, "Batch loss now"))
    click(page, "learn_next")
    click(page, "learn_next")
    assert metric(page, "Steps taken here") == "2"
    assert len(page.session_state["learn_session"].steps) == 2
    assert float(metric(page, "Batch loss now")) < loss_before
    assert page.session_state["run"].trainer is trainer and trainer.epoch == 0
    for array, original in zip(trainer.network.parameters(), before):
        np.testing.assert_array_equal(array, original)
    click(page, "learn_reset")
    assert metric(page, "Steps taken here") == "0"
    assert float(metric(page, "Batch loss now")) == loss_before


def test_random_batch_and_take_the_playgrounds_network(page):
    click(page, "learn_random")
    batch = page.session_state["learn_session"].batch
    assert page.session_state["learn_batch"] == batch and len(batch) == 3
    assert batch != default_batch(page.session_state["run"].trainer.y)
    page.session_state["run"].train(25)
    click(page, "learn_take")
    assert metric(page, "Copy taken at Playground epoch") == "25"
