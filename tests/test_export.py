"""ui.files.script_export: the history as CSV, and the standalone script that trains the run again.

The script is run for real, in a subprocess (`nnfs.init()` patches NumPy for the whole
program, so it cannot run in this test process), and its printed lines must equal the
engine's numbers for the same config, formatted by `progress_line`: string equality, no
tolerance. For precision "nnfs" that holds on any computer; for "float32" it is what the page
promises for the server it runs on (float32 matrix products can round differently under
another BLAS), so the float32 cases check it on this machine.

All the scripts start at once and run while the engine computes here (~10 s on 2 cores).
"""

import ast
import csv
import io
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from scratchnet import RunConfig, build_trainer
from scratchnet.cli import logged_epochs, loss_dtype
from scratchnet.config import make_data
from ui.files.history_csv import history_csv
from ui.files.script_export import standalone_script
from ui.files.script_loop import progress_line

pytest.importorskip("nnfs")

EPOCHS = 301  # logged: 0, 100, 200, 300
LOG_EVERY = 100

# One line per script: name -> config. Short runs: every operation still runs hundreds of times.
SCRIPT_CASES = {
    "sgd": RunConfig(epochs=EPOCHS, precision="nnfs"),
    "sgd_decay_momentum": RunConfig(epochs=EPOCHS, decay=1e-3, momentum=0.9, precision="nnfs"),
    "adam": RunConfig(
        epochs=EPOCHS, optimizer="adam", learning_rate=0.05, decay=5e-7, precision="nnfs"
    ),
    "two_hidden_tanh": RunConfig(
        epochs=EPOCHS, hidden_layers=(16, 8), activation="tanh", seed=3, precision="nnfs"
    ),
    "l2_and_l1": RunConfig(
        epochs=EPOCHS,
        weight_regularizer_l2=5e-4,
        bias_regularizer_l2=5e-4,
        weight_regularizer_l1=1e-4,
        precision="nnfs",
    ),
    "circles_rmsprop": RunConfig(
        epochs=EPOCHS, dataset="circles", optimizer="rmsprop", learning_rate=0.02, precision="nnfs"
    ),
    "moons_adagrad_leaky": RunConfig(
        epochs=EPOCHS,
        dataset="moons",
        optimizer="adagrad",
        activation="leaky_relu",
        precision="nnfs",
    ),  # fmt: skip
    "batches_dropout_test_split": RunConfig(
        epochs=EPOCHS,
        hidden_layers=(16, 8),
        weight_regularizer_l2=5e-4,
        dropout=0.1,
        batch_size=64,
        test_fraction=0.2,
        precision="nnfs",
    ),
    "sine_regression": RunConfig(
        epochs=EPOCHS,
        dataset="sine",
        samples=200,
        noise=0.1,
        hidden_layers=(16,),
        optimizer="adam",
        learning_rate=0.005,
        test_fraction=0.2,
        batch_size=32,
        precision="nnfs",
    ),  # fmt: skip
    "binary_sigmoid_test_split": RunConfig(
        epochs=EPOCHS,
        classes=2,
        output="sigmoid",
        weight_regularizer_l2=5e-4,
        bias_regularizer_l2=5e-4,
        optimizer="adam",
        learning_rate=0.02,
        test_fraction=0.2,
        precision="nnfs",
    ),
    "glorot_tanh": RunConfig(
        epochs=EPOCHS,
        hidden_layers=(16, 8),
        activation="tanh",
        weight_init="glorot",
        precision="nnfs",
    ),
    "he_relu": RunConfig(epochs=EPOCHS, weight_init="he", precision="nnfs"),
    # The app's default precision: the same numbers as the engine on this machine.
    "sgd_float32": RunConfig(epochs=EPOCHS),
    "moons_sigmoid_dropout_float32": RunConfig(
        epochs=EPOCHS, dataset="moons", output="sigmoid", dropout=0.1, batch_size=64
    ),
    "blobs_batches_float32": RunConfig(
        epochs=EPOCHS, dataset="blobs", classes=4, activation="sigmoid", batch_size=32
    ),
}


def own_data():
    """A small dataset of the learner's own (not drawn from the seed): 3 classes, 2 features."""
    rng = np.random.RandomState(7)
    X = rng.randn(90, 2)
    y = np.repeat([0, 1, 2], 30)
    X[y == 1] += 1.5
    return X[:75], y[:75], X[75:], y[75:]


OWN_DATA_CONFIG = RunConfig(epochs=EPOCHS, classes=3, seed=5, precision="nnfs")


def engine_lines(config, data=None, log_every=LOG_EVERY):
    """The lines the engine's numbers make, for the epochs the script prints.

    Each printed epoch is trained on its own (step(1)) so that its numbers are a StepResult's
    only row, and its test numbers the ones the app measures after that step's update. The
    total loss is added in the network's float type, as the book's `data_loss + reg_loss` is.
    """
    trainer = build_trainer(config, data=data)
    float_type = loss_dtype(trainer)
    with_regularization = config.has_regularization
    lines = []
    for epoch in logged_epochs(config.epochs, log_every):
        if trainer.epoch < epoch:
            trainer.step(epoch - trainer.epoch)
        result = trainer.step(1)
        data_loss = result.data_loss[0]
        regularization_loss = result.regularization_loss[0]
        lines.append(
            progress_line(
                int(result.epoch[0]),
                result.accuracy[0],
                float(float_type(data_loss) + float_type(regularization_loss)),
                float(result.learning_rate[0]),
                data_loss if with_regularization else None,
                regularization_loss if with_regularization else None,
                result.test_accuracy,
                result.test_loss,
            )
        )
    return lines


@pytest.fixture(scope="module")
def script_outputs():
    """Start every script at once; `output(name)` waits for one and returns its stdout lines."""
    scripts = {name: standalone_script(config) for name, config in SCRIPT_CASES.items()}
    scripts["own_data"] = standalone_script(OWN_DATA_CONFIG, data=own_data())
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, script in scripts.items()
    }

    def output(name):
        stdout, stderr = processes[name].communicate(timeout=120)
        assert processes[name].returncode == 0, stderr
        return stdout.splitlines()

    yield output
    for process in processes.values():
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("name", list(SCRIPT_CASES))
def test_the_script_prints_exactly_the_engines_numbers(script_outputs, name):
    config = SCRIPT_CASES[name]
    expected = engine_lines(config)
    assert len(expected) == len(logged_epochs(EPOCHS, LOG_EVERY))
    assert script_outputs(name) == expected


def test_a_script_with_the_learners_own_data_embeds_it_exactly(script_outputs):
    assert script_outputs("own_data") == engine_lines(OWN_DATA_CONFIG, data=own_data())


def test_the_lines_show_test_numbers_and_the_regularization_loss_when_there_are_some():
    lines = engine_lines(replace(SCRIPT_CASES["batches_dropout_test_split"], epochs=2))
    assert "reg_loss: " in lines[0] and "test_acc: " in lines[0]
    plain = engine_lines(replace(SCRIPT_CASES["sgd"], epochs=2))
    assert "reg_loss" not in plain[0] and "test_acc" not in plain[0]


# --- what the script is made of ---------------------------------------------------------------


def imported_modules(script):
    modules = set()
    for node in ast.walk(ast.parse(script)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("name", list(SCRIPT_CASES))
def test_the_script_needs_numpy_and_nnfs_only(name):
    modules = imported_modules(standalone_script(SCRIPT_CASES[name]))
    assert modules <= {"numpy", "nnfs", "nnfs.datasets"}
    assert {"numpy", "nnfs"} <= modules


@pytest.mark.parametrize(
    ("config", "calls"),
    [
        (RunConfig(precision="nnfs", seed=4), ["nnfs.init(random_seed=4)"]),
        (RunConfig(seed=4), ["nnfs.init(dot_precision_workaround=False, random_seed=4)"]),
        (RunConfig(precision="float64", seed=4), ["np.random.seed(4)"]),
        (RunConfig(precision="nnfs"), ["spiral_data(samples=100, classes=3)", "Optimizer_SGD("]),
        (RunConfig(dataset="vertical", classes=4), ["vertical_data(samples=100, classes=4)"]),
        (RunConfig(optimizer="adam", learning_rate=0.05), ["Optimizer_Adam(learning_rate=0.05"]),
        (RunConfig(hidden_layers=(32, 16)), ["Layer_Dense(2, 32", "Layer_Dense(32, 16", "(16, 3)"]),
        (RunConfig(dropout=0.2, precision="nnfs"), ["Layer_Dropout(0.2)"]),
        # float32 runs keep the dropout mask in float32: the book's class, with that change
        (RunConfig(dropout=0.2), ["class Layer_Dropout:", "Layer_Dropout_Float32(0.2)"]),
        (RunConfig(classes=2, output="sigmoid"), ["Activation_Sigmoid()", "y.reshape(-1, 1)"]),
        (RunConfig(weight_init="he"), ["(2 / n_inputs) ** 0.5 * np.random.randn"]),
    ],
)
def test_the_script_calls_the_books_functions_with_the_runs_settings(config, calls):
    script = standalone_script(config)
    for call in calls:
        assert call in script


def test_the_header_says_what_the_numbers_match():
    assert "on any computer" in standalone_script(RunConfig(precision="nnfs"))
    float32_header = standalone_script(RunConfig()).split('"""')[1]
    assert "Book-exact numbers" in float32_header and "another" in float32_header


@pytest.mark.parametrize(
    "config",
    [
        RunConfig(dataset="circles", classes=4),
        RunConfig(dataset="xor"),
        RunConfig(dataset="blobs", classes=5, noise=0.3),
        RunConfig(dataset="moons", seed=9),
        RunConfig(dataset="spiral", noise=0.35),
        RunConfig(dataset="vertical", noise=0.05, precision="nnfs"),
        RunConfig(dataset="circles", precision="float64"),
    ],
)
def test_a_dataset_nnfs_lacks_is_embedded_and_draws_the_engines_points(config):
    """The data part of the script, run here (it needs no nnfs.init): the engine's points."""
    script = standalone_script(config)
    assert "from nnfs.datasets" not in script
    data_code = script[script.index("# scratchnet's datasets check") : script.index("# Hidden")]
    namespace = {"np": np}
    exec(data_code, namespace)
    X, y, _, _, _ = make_data(config)
    assert namespace["X"].dtype == X.dtype
    np.testing.assert_array_equal(namespace["X"], X)
    np.testing.assert_array_equal(namespace["y"], y)


@pytest.mark.parametrize(
    "config",
    [
        RunConfig(dataset="bogus"),
        RunConfig(hidden_layers=()),
        RunConfig(learning_rate=-1.0),
    ],
)
def test_a_bad_config_is_refused_with_the_settings_name(config):
    with pytest.raises(ValueError, match="dataset|hidden_layers|learning_rate"):
        standalone_script(config)


# --- the progress line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        ((0, 0.36, 1.0986123, 1.0), "epoch: 0, acc: 0.360, loss: 1.099, lr: 1.0"),
        (
            (100, 0.4166, 1.2, 0.5, 1.1, 0.1),
            "epoch: 100, acc: 0.417, loss: 1.200 (data_loss: 1.100, reg_loss: 0.100), lr: 0.5",
        ),
        (
            (7, 0.5, 0.25, 0.001, None, None, 0.75, 0.3),
            "epoch: 7, acc: 0.500, loss: 0.250, lr: 0.001, test_acc: 0.750, test_loss: 0.300",
        ),
    ],
)
def test_progress_line_is_the_books_print_statement(arguments, line):
    assert progress_line(*arguments) == line


@pytest.mark.parametrize(
    ("epochs", "log_every", "logged"),
    [(301, 100, [0, 100, 200, 300]), (250, 100, [0, 100, 200, 249]), (1, 100, [0])],
)
def test_logged_epochs_end_with_the_last_one(epochs, log_every, logged):
    assert logged_epochs(epochs, log_every) == logged


# --- the history as CSV ---------------------------------------------------------------------


def read_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def test_history_csv_has_every_recorded_epoch_with_every_digit():
    trainer = build_trainer(RunConfig(epochs=50, hidden_layers=(8, 4)))
    trainer.step(30)
    header, rows = read_csv(history_csv(trainer))
    assert header == [
        "epoch",
        "data_loss",
        "regularization_loss",
        "accuracy",
        "learning_rate",
        "gradient_norm_0",
        "gradient_norm_1",
        "gradient_norm_2",
    ]
    assert [int(row[0]) for row in rows] == list(range(30))
    for index, column in enumerate(header):
        values = np.array([float(row[index]) for row in rows])
        np.testing.assert_array_equal(values, trainer.history[column])


def test_history_csv_puts_the_test_numbers_on_the_epoch_whose_update_they_follow():
    trainer = build_trainer(RunConfig(test_fraction=0.2))
    trainer.step(10)
    last_step = trainer.step(5)
    header, rows = read_csv(history_csv(trainer))
    assert header[-2:] == ["test_loss", "test_accuracy"]
    # One row per epoch trained, 0 to 14, each with its training numbers: no row of its own for
    # a test measurement (the last row used to be one, mostly empty).
    assert [int(row[0]) for row in rows] == list(range(15))
    assert all(cell != "" for row in rows for cell in row[: len(header) - 2])
    by_epoch = {int(row[0]): row for row in rows}
    # Measured after epoch 9's update and after epoch 14's (the last): on those rows only.
    assert float(by_epoch[14][-2]) == last_step.test_loss
    assert float(by_epoch[14][-1]) == last_step.test_accuracy
    assert by_epoch[9][-2:] != ["", ""]
    assert all(by_epoch[epoch][-2:] == ["", ""] for epoch in range(15) if epoch not in (9, 14))


def test_the_apps_last_test_numbers_are_the_scripts_last_line_and_the_csvs_last_row():
    config = RunConfig(epochs=21, test_fraction=0.2, samples=30, hidden_layers=(8,))
    trainer = build_trainer(config)
    trainer.step(config.epochs)  # the whole run, as Play trains it to the end
    app_last = trainer.test_history.last()
    header, rows = read_csv(history_csv(trainer))
    completed = subprocess.run(
        [sys.executable, "-c", standalone_script(config)], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    script_last = completed.stdout.splitlines()[-1]
    assert int(app_last["epoch"]) == int(rows[-1][0]) == config.epochs - 1
    assert script_last.startswith(f"epoch: {config.epochs - 1}, ")
    assert script_last.endswith(
        f"test_acc: {app_last['test_accuracy']:.3f}, test_loss: {app_last['test_loss']:.3f}"
    )
    assert (float(rows[-1][-2]), float(rows[-1][-1])) == (
        app_last["test_loss"],
        app_last["test_accuracy"],
    )


def test_history_csv_of_a_fresh_run_is_just_the_header():
    header, rows = read_csv(history_csv(build_trainer(RunConfig())))
    assert header[0] == "epoch" and rows == []
