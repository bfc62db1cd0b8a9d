"""Tests for `python -m scratchnet`: the logged epochs, --json, --save, errors, divergence.

Most tests call cli.main(argv) in this process (it returns the exit status) and read what it
printed with pytest's capsys; one runs the real `python -m scratchnet` in a subprocess.
"""

import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scratchnet import RunConfig, Trainer, build_trainer, cli, load_run
from scratchnet.cli import build_parser, format_record, logged_epochs, main, progress_bar

REPOSITORY = Path(__file__).resolve().parents[1]
LINE = re.compile(
    r"Epoch: (\d+), Accuracy: \d\.\d{3}, Loss: \d+\.\d{3}"
    r"( \(data loss: \d+\.\d{3}, regularization loss: \d+\.\d{3}\))?"
    r", Learning rate: [\d.e-]+"
    r"(, Test accuracy: \d\.\d{3}, Test loss: \d+\.\d{3})?"
)
SUMMARY = re.compile(r"Trained [\d,]+ epochs: accuracy \d\.\d{3}, loss \d+\.\d{3}, .* epochs/s")


def run(capsys, *arguments):
    """main(["train", *arguments]) -> (exit status, stdout lines, stderr lines)."""
    status = main(["train", *arguments])
    printed = capsys.readouterr()
    return status, printed.out.splitlines(), printed.err.splitlines()


def logged_epoch_numbers(lines):
    """The epoch of every log line, checking that each one has the notebook's format."""
    epochs = []
    for line in lines:
        match = LINE.fullmatch(line)
        assert match, f"not a log line: {line!r}"
        epochs.append(int(match.group(1)))
    return epochs


# ---------------------------------------------------------------------------------------
# The log lines
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "epochs, log_every, expected",
    [
        (201, 100, [0, 100, 200]),
        (250, 100, [0, 100, 200, 249]),
        (7, 3, [0, 3, 6]),
        (8, 3, [0, 3, 6, 7]),
        (1, 100, [0]),
        (2, 100, [0, 1]),
        (3, 1, [0, 1, 2]),
    ],
)
def test_one_line_per_logged_epoch_and_a_summary(capsys, epochs, log_every, expected):
    status, out, err = run(capsys, "--epochs", str(epochs), "--log-every", str(log_every))

    assert status == 0
    assert err == []
    assert logged_epoch_numbers(out[:-1]) == expected
    assert SUMMARY.fullmatch(out[-1])
    assert logged_epochs(epochs, log_every) == expected


@pytest.mark.parametrize(
    "record, show_regularization, expected",
    [
        (
            dict(epoch=100, accuracy=0.4166, loss=1.0794, learning_rate=1.0),
            False,
            "Epoch: 100, Accuracy: 0.417, Loss: 1.079, Learning rate: 1.0",
        ),
        (
            dict(
                epoch=7,
                accuracy=0.5,
                loss=0.9,
                data_loss=0.85,
                regularization_loss=0.05,
                learning_rate=0.9099181073703367,
            ),
            True,
            "Epoch: 7, Accuracy: 0.500, Loss: 0.900 (data loss: 0.850, regularization loss: "
            "0.050), Learning rate: 0.9099181073703367",
        ),
        (
            dict(
                epoch=0,
                accuracy=1 / 3,
                loss=1.0986,
                learning_rate=0.05,
                test_accuracy=0.25,
                test_loss=1.1,
            ),
            False,
            "Epoch: 0, Accuracy: 0.333, Loss: 1.099, Learning rate: 0.05, "
            "Test accuracy: 0.250, Test loss: 1.100",
        ),
    ],
)
def test_format_record_writes_the_notebooks_line(record, show_regularization, expected):
    assert format_record(record, show_regularization) == expected


def test_regularization_and_test_split_show_in_every_line(capsys):
    status, out, _ = run(
        capsys, "--epochs", "101", "--l2", "5e-4", "--bias-l2", "5e-4", "--test-fraction", "0.2"
    )

    assert status == 0
    for line in out[:-1]:
        assert "regularization loss: " in line
        assert "Test accuracy: " in line


def test_the_example_in_the_module_docstring_is_what_it_prints(capsys):
    example = [line.strip() for line in cli.__doc__.splitlines() if "Epoch:" in line]

    _, out, _ = run(capsys, "--epochs", "101")

    assert out[:-1] == example


def test_the_real_command_prints_the_same_lines(capsys):
    arguments = ["--epochs", "201", "--seed", "3", "--optimizer", "adam"]
    arguments += ["--learning-rate", "0.05", "--decay", "5e-7"]

    completed = subprocess.run(
        [sys.executable, "-m", "scratchnet", "train", *arguments],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
    )

    _, out, _ = run(capsys, *arguments)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    lines = completed.stdout.splitlines()
    assert logged_epoch_numbers(lines[:-1]) == [0, 100, 200]
    assert lines[:-1] == out[:-1]


# ---------------------------------------------------------------------------------------
# --json: the same numbers as a Trainer with the same settings
# ---------------------------------------------------------------------------------------

JSON_CASES = {
    "book": ([], {}),
    "penalties, decay, momentum, test split": (
        ["--l2", "5e-4", "--bias-l1", "1e-4", "--decay", "1e-3", "--momentum", "0.9"]
        + ["--test-fraction", "0.2"],
        dict(
            weight_regularizer_l2=5e-4,
            bias_regularizer_l1=1e-4,
            decay=1e-3,
            momentum=0.9,
            test_fraction=0.2,
        ),
    ),
    "adam, mini-batches, dropout, two layers": (
        ["--optimizer", "adam", "--learning-rate", "0.02", "--batch-size", "64"]
        + ["--dropout", "0.1", "--hidden", "16,8", "--seed", "5"],
        dict(
            optimizer="adam",
            learning_rate=0.02,
            batch_size=64,
            dropout=0.1,
            hidden_layers=(16, 8),
            seed=5,
        ),
    ),
    "float32, regression": (
        ["--precision", "float32", "--dataset", "sine", "--optimizer", "adam"]
        + ["--learning-rate", "0.005", "--samples", "200"],
        dict(
            precision="float32", dataset="sine", optimizer="adam", learning_rate=0.005, samples=200
        ),
    ),
}


@pytest.mark.parametrize("case", JSON_CASES)
def test_json_lines_match_a_trainer_run_with_the_same_settings(capsys, case):
    arguments, settings = JSON_CASES[case]
    epochs, log_every = 121, 40
    status, out, err = run(
        capsys, *arguments, "--epochs", str(epochs), "--log-every", str(log_every), "--json"
    )
    assert status == 0
    records = [json.loads(line) for line in out]  # every stdout line is JSON
    assert len(err) == 1 and SUMMARY.fullmatch(err[0])

    # The same run, by hand: the CLI's default precision is "nnfs".
    config = RunConfig(**{"precision": "nnfs", **settings, "epochs": epochs})
    trainer = build_trainer(config)
    result = trainer.step(epochs)
    logged = logged_epochs(epochs, log_every)
    assert [record["epoch"] for record in records] == logged == [0, 40, 80, 120]
    dtype = trainer.network.dtype.type
    for record, epoch in zip(records, logged, strict=True):
        assert record["accuracy"] == result.accuracy[epoch]
        assert record["data_loss"] == result.data_loss[epoch]
        assert record["regularization_loss"] == result.regularization_loss[epoch]
        assert record["loss"] == dtype(result.data_loss[epoch]) + dtype(
            result.regularization_loss[epoch]
        )
        assert record["learning_rate"] == result.learning_rate[epoch]
    # The test numbers of epoch e come from the weights epoch e's update left.
    if config.test_fraction > 0:
        tester = build_trainer(config)
        for record in records:
            tester.step(record["epoch"] + 1 - tester.epoch)
            test_loss, test_accuracy = tester.evaluate(tester.X_test, tester.y_test)
            assert (record["test_loss"], record["test_accuracy"]) == (test_loss, test_accuracy)
    else:
        assert "test_loss" not in records[0]


# ---------------------------------------------------------------------------------------
# --hidden, --save
# ---------------------------------------------------------------------------------------


def test_hidden_64_32_builds_two_hidden_layers(capsys, tmp_path):
    path = tmp_path / "two_layers.npz"

    status, _, _ = run(capsys, "--hidden", "64,32", "--epochs", "3", "--save", str(path))

    assert status == 0
    trainer, config = load_run(path)
    assert config.hidden_layers == (64, 32)
    shapes = [layer.weights.shape for layer in trainer.network.dense_layers]
    assert shapes == [(2, 64), (64, 32), (32, 3)]


def test_every_run_config_field_is_an_option_with_its_default():
    defaults = vars(build_parser().parse_args(["train"]))

    for field in dataclasses.fields(RunConfig):
        assert field.name in defaults, f"no option for {field.name}"
        expected = "nnfs" if field.name == "precision" else field.default
        assert defaults[field.name] == expected, field.name


@pytest.mark.parametrize(
    "arguments",
    [
        ["--optimizer", "sgd", "--momentum", "0.9", "--decay", "1e-3"],
        ["--optimizer", "adam", "--learning-rate", "0.05", "--batch-size", "128"],
    ],
)
def test_save_writes_a_run_that_goes_on_where_it_stopped(capsys, tmp_path, arguments):
    path = tmp_path / "run.npz"

    status, out, _ = run(capsys, *arguments, "--epochs", "150", "--save", str(path))

    assert status == 0
    assert out[-1] == f"Saved the run to {path}"
    trainer, config = load_run(path)
    assert config.precision == "nnfs"
    assert trainer.epoch == 150
    # Its next 50 epochs are epochs 150-199 of one uninterrupted run.
    uninterrupted = build_trainer(dataclasses.replace(config, epochs=200)).step(200)
    went_on = trainer.step(50)
    assert np.array_equal(went_on.epoch, np.arange(150, 200))
    for name in ["data_loss", "accuracy", "learning_rate"]:
        assert np.array_equal(getattr(went_on, name), getattr(uninterrupted, name)[150:])


def test_save_with_json_keeps_stdout_for_json(capsys, tmp_path):
    path = tmp_path / "run.npz"

    status, out, err = run(capsys, "--epochs", "2", "--json", "--save", str(path))

    assert status == 0
    assert [json.loads(line)["epoch"] for line in out] == [0, 1]
    assert err[-1] == f"Saved the run to {path}"


# ---------------------------------------------------------------------------------------
# Help, bad arguments, divergence
# ---------------------------------------------------------------------------------------


OPTIONS = [
    *["--dataset", "--samples", "--classes", "--noise", "--test-fraction"],
    *["--hidden", "--activation", "--dropout", "--l1", "--l2", "--bias-l1", "--bias-l2"],
    *["--optimizer", "--learning-rate", "--decay", "--momentum", "--epsilon", "--rho"],
    *["--beta-1", "--beta-2", "--epochs", "--batch-size", "--seed", "--precision"],
    *["--log-every", "--json", "--save"],
]


def test_help_lists_the_command_and_every_option(capsys):
    assert main(["--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "train" in help_text
    assert "BLAS runs on one thread" in help_text  # the thread setting (tests/test_blas_threads.py)

    assert main(["train", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())  # one line, single spaces
    for option in OPTIONS:
        assert f" {option} " in help_text
    assert "default here: nnfs, so that the lines printed are the book's" in help_text
    assert "BLAS runs on one thread" in help_text


@pytest.mark.parametrize(
    "arguments, named_value",
    [
        (["--learning-rate", "-1"], "learning_rate=-1.0"),
        (["--learning-rate", "abc"], "learning_rate='abc'"),
        (["--hidden", "0"], "neurons per layer=0"),
        (["--hidden", "64,x"], "hidden='64,x'"),
        (["--classes", "1"], "classes=1"),
        (["--dataset", "nope"], "'nope'"),
        (["--epochs", "0"], "epochs=0"),
        (["--optimizer", "nope"], "'nope'"),
        (["--test-fraction", "1.5"], "test_fraction=1.5"),
        (["--samples", "2.5"], "samples='2.5'"),
        (["--momentum", "nan"], "momentum=nan"),
        (["--log-every", "0"], "log_every=0"),
        (["--samples", "1", "--test-fraction", "0.9"], "test_fraction=0.9"),
        (["--save", "/no/such/folder/run.npz"], "save='/no/such/folder/run.npz'"),
        (["--no-such-option"], "--no-such-option"),
    ],
)
def test_a_bad_argument_gives_one_line_and_status_2(capsys, arguments, named_value):
    status, out, err = run(capsys, *arguments)

    assert status == 2
    assert out == []
    assert len(err) == 1
    assert err[0].startswith("scratchnet: error: ")
    assert named_value in err[0]
    assert "Traceback" not in err[0]


def test_no_command_is_an_error_too(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["scratchnet: error: the following arguments are required: command"]


def test_divergence_stops_with_a_message_and_status_1(capsys):
    status, out, err = run(
        capsys, "--dataset", "sine", "--learning-rate", "1000", "--epochs", "50", "--log-every", "1"
    )

    assert status == 1
    # The sine's loss is float64, as the book's (float64 data): it overflows at epoch 11
    # (it did at epoch 3 when the engine rounded the sine data to float32).
    assert logged_epoch_numbers(out) == list(range(11))  # epoch 11's loss is not finite
    assert err == [
        "scratchnet: training stopped at epoch 11: the loss became NaN/infinite: the learning "
        "rate is too high for this setup, try a smaller one than --learning-rate 1000.0"
    ]


def test_ctrl_c_stops_with_a_message_and_status_130(capsys, monkeypatch):
    def pressed_ctrl_c(trainer, n_epochs=1):
        raise KeyboardInterrupt

    monkeypatch.setattr(Trainer, "step", pressed_ctrl_c)
    status, out, err = run(capsys, "--epochs", "10")

    assert status == 130
    assert out == []
    assert err == ["scratchnet: stopped by the user at epoch 0"]


# ---------------------------------------------------------------------------------------
# The progress bar
# ---------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    "done, total, expected",
    [
        (0, 10, "[------------------------------] 0%  0/10 epochs"),
        (5200, 10001, "[###############---------------] 52%  5,200/10,001 epochs"),
        (10001, 10001, "[##############################] 100%  10,001/10,001 epochs"),
    ],
)
def test_progress_bar_text(done, total, expected):
    assert progress_bar(done, total) == expected


def test_progress_bar_only_on_a_terminal(capsys, monkeypatch):
    _, plain_out, plain_err = run(capsys, "--epochs", "201")
    assert plain_err == []  # stderr is not a terminal here: no bar

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    status, out, _ = run(capsys, "--epochs", "201")

    assert status == 0
    assert out[:-1] == plain_out[:-1]  # stdout is the same
    assert progress_bar(200, 201) in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")  # the bar is wiped at the end
