"""`python -m scratchnet train …`: train a network from the terminal and watch the book's log.

    $ python -m scratchnet train --dataset spiral --hidden 64 --optimizer sgd \\
          --learning-rate 1.0 --epochs 10001 --log-every 100 --seed 0
    Epoch: 0, Accuracy: 0.360, Loss: 1.099, Learning rate: 1.0
    Epoch: 100, Accuracy: 0.400, Loss: 1.087, Learning rate: 1.0
    ...

Every setting of `RunConfig` is an option, with RunConfig's default, except `--precision`:
the CLI computes like the book's code after `nnfs.init()` ("nnfs"), so with the same seed it
prints exactly the book's numbers. `--print-format book` prints them in the book's own words,
`--print-format book18` as the book's Model class does (chapter 18: epochs counted from 1,
each printed after its update). `--json` prints one JSON object per logged epoch instead.

`main(argv)` returns the exit status instead of exiting, so tests can call it directly:
0 done, 1 the training diverged (or the run could not be saved), 2 a bad argument,
130 stopped with Ctrl-C.
"""

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from .cli_options import PROGRAM, UsageError, build_parser
from .config import RunConfig, build_trainer, check_int
from .saving import save_run

PROGRESS_BAR_WIDTH = 30

# Exit statuses.
OK = 0
FAILED = 1  # the training diverged, or the run could not be saved
BAD_ARGUMENT = 2
INTERRUPTED = 130  # Ctrl-C, as shells report it


OUT_OF_MEMORY = (
    f"{PROGRAM}: error: these settings need more memory than this computer has: "
    "fewer neurons, classes or samples"
)


def check_folder_exists(path):
    """Refuse, before training, a --save path whose folder does not exist."""
    try:
        is_a_folder = Path(path).is_dir()
        folder_exists = Path(path).resolve().parent.is_dir()
    except (OSError, ValueError) as error:  # a name too long, a NUL character in it
        reason = getattr(error, "strerror", None) or error
        raise ValueError(f"save cannot be used ({reason}). Received: save={path!r}") from None
    if is_a_folder:
        raise ValueError(f"save needs a file name, not a folder. Received: save={path!r}")
    if not folder_exists:
        raise ValueError(f"save needs a folder that exists. Received: save={path!r}")


def config_from_arguments(arguments):
    """The RunConfig that the options describe (not validated yet)."""
    fields = [field.name for field in dataclasses.fields(RunConfig)]
    return RunConfig(**{name: getattr(arguments, name) for name in fields})


# --- training, a chunk of epochs at a time --------------------------------------------------


def logged_epochs(epochs, log_every):
    """The epochs that get a line: 0, log_every, 2·log_every, ... and always the last one."""
    logged = list(range(0, epochs, log_every))
    if logged[-1] != epochs - 1:
        logged.append(epochs - 1)
    return logged


def book18_logged_epochs(epochs, log_every):
    """The epochs (counted from 0) that the book's Model.train prints with print_every=log_every.

    It counts epochs from 1 and prints epoch k when k is a multiple of print_every: that is
    the epoch counted here from 0 as k - 1. (It prints nothing when log_every > epochs.)
    """
    return [k - 1 for k in range(log_every, epochs + 1, log_every)]


def loss_dtype(trainer):
    """The float type the book's loss has: the network's, or float64 when the targets are
    float64 (the book's sine data), as NumPy's float32 - float64 gives float64."""
    if trainer.y.dtype.kind == "f":
        return np.result_type(trainer.network.dtype, trainer.y.dtype).type
    return trainer.network.dtype.type


def total_loss(result, row, dtype):
    """data loss + regularization loss, added in the network's own float type.

    The book adds two float32 numbers (`loss = data_loss + regularization_loss`), so its sum is
    rounded to float32, whereas StepResult.loss adds them in float64. Adding them as the book
    does gives the book's number to the last bit.
    """
    return float(dtype(result.data_loss[row]) + dtype(result.regularization_loss[row]))


def epoch_record(result, row, dtype, test=None):
    """One epoch of a StepResult as a dict: the numbers a log line shows."""
    record = {
        "epoch": int(result.epoch[row]),
        "accuracy": float(result.accuracy[row]),
        "loss": total_loss(result, row, dtype),
        "data_loss": float(result.data_loss[row]),
        "regularization_loss": float(result.regularization_loss[row]),
        "learning_rate": float(result.learning_rate[row]),
    }
    if test is not None:
        record["test_loss"], record["test_accuracy"] = test
    return record


def format_record(record, show_regularization):
    """The notebook's line: `Epoch: 100, Accuracy: 0.417, Loss: 1.079, Learning rate: 1.0`.

    3 decimals as the book's f'{accuracy:.3f}', and the learning rate as Python prints it.
    """
    line = f"Epoch: {record['epoch']}, Accuracy: {record['accuracy']:.3f}, "
    line += f"Loss: {record['loss']:.3f}"
    if show_regularization:
        line += (
            f" (data loss: {record['data_loss']:.3f}, "
            f"regularization loss: {record['regularization_loss']:.3f})"
        )
    line += f", Learning rate: {record['learning_rate']}"
    if "test_loss" in record:
        line += (
            f", Test accuracy: {record['test_accuracy']:.3f}, Test loss: {record['test_loss']:.3f}"
        )
    return line


def book_line(record, show_regularization):
    """The book's own print statement (chapter 10's line, or chapter 14's with the
    regularization loss, which chapters 14-18 print), on the same numbers."""
    line = f"epoch: {record['epoch']}, acc: {record['accuracy']:.3f}, loss: {record['loss']:.3f}"
    if show_regularization:
        line += (
            f" (data_loss: {record['data_loss']:.3f}, "
            f"reg_loss: {record['regularization_loss']:.3f})"
        )
    return line + f", lr: {record['learning_rate']}"


def validation_line(test):
    """The line the book prints after training on its test data (chapters 11-18)."""
    loss, accuracy = test
    return f"validation, acc: {accuracy:.3f}, loss: {loss:.3f}"


def progress_bar(done, total):
    """`[###############---------------] 52%  5,200/10,001 epochs`: plain text, no dependency."""
    filled = PROGRESS_BAR_WIDTH * done // total
    bar = "#" * filled + "-" * (PROGRESS_BAR_WIDTH - filled)
    return f"[{bar}] {100 * done / total:.0f}%  {done:,}/{total:,} epochs"


class Progress:
    """Redraws a progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total):
        self.total = total
        self.shown = sys.stderr.isatty()

    def update(self, done):
        if self.shown:
            print("\r" + progress_bar(done, self.total), end="", file=sys.stderr, flush=True)

    def clear(self):
        if self.shown:
            print(
                "\r" + " " * len(progress_bar(self.total, self.total)) + "\r",
                end="",
                file=sys.stderr,
                flush=True,
            )


class DivergenceError(Exception):
    """The loss became NaN or infinite at epoch `args[0]` (the trainer was put back)."""


def train_silently(trainer, n_epochs):
    """The epochs between two logged ones: trainer.step(n_epochs), printing nothing; raises
    DivergenceError if the loss blew up."""
    result = trainer.step(n_epochs)
    if result.diverged:
        raise DivergenceError(result.diverged_epoch)
    return result


def print_line(record, print_format, show_regularization):
    """One logged epoch, in the chosen words."""
    if print_format == "notebook":
        print(format_record(record, show_regularization), flush=True)
    else:
        print(book_line(record, show_regularization or print_format == "book18"), flush=True)


def train(trainer, config, log_every, as_json=False, save_to=None, print_format="notebook"):
    """Train `config.epochs` epochs, printing the logged ones; returns the exit status.

    Each logged epoch e is trained on its own with step(1), after the epochs before it: its
    numbers are then the StepResult's only row, and its test numbers the ones the step
    measured after epoch e's update (as the app files them, and the exported script prints).
    In the book18 format, the line is printed after the update, as the book's Model.train
    does: epoch e + 1, and the learning rate that update used.
    """
    dtype = loss_dtype(trainer)
    # The book prints chapter 14's line from chapter 14 on: with a penalty, and on the sine.
    show_regularization = config.has_regularization or config.is_regression
    book18 = print_format == "book18"
    progress = Progress(config.epochs)
    chunk_size = max(1, config.epochs // 200)  # small enough for the progress bar to move
    started = time.perf_counter()
    if book18:
        logged = book18_logged_epochs(config.epochs, log_every)
    else:
        logged = logged_epochs(config.epochs, log_every)
    last_logged = logged[-1] if logged else -1
    # Every epoch is trained; book18 need not print the last one (then it is trained unlogged).
    stepped = logged if last_logged == config.epochs - 1 else [*logged, config.epochs - 1]
    try:
        for epoch in stepped:
            while trainer.epoch < epoch:
                train_silently(trainer, min(chunk_size, epoch - trainer.epoch))
                progress.update(trainer.epoch)
            result = trainer.step(1)
            test = None
            if result.test_loss is not None and not book18:
                test = (result.test_loss, result.test_accuracy)
            if result.diverged_epoch != epoch:
                # This epoch was measured; its update may still be what broke the weights.
                record = epoch_record(result, 0, dtype, test)
                if book18:
                    record["epoch"] += 1
                    record["learning_rate"] = float(trainer.optimizer.current_learning_rate)
                progress.clear()  # so that the line does not land on the bar
                if epoch > last_logged:
                    pass  # book18's last epoch, trained but not printed
                elif as_json:
                    print(json.dumps(record), flush=True)
                else:
                    print_line(record, print_format, show_regularization)
            if result.diverged:
                raise DivergenceError(result.diverged_epoch)
            progress.update(trainer.epoch)
    except KeyboardInterrupt:
        print(f"{PROGRAM}: stopped by the user at epoch {trainer.epoch}", file=sys.stderr)
        return INTERRUPTED
    except DivergenceError as diverged:
        print(
            f"{PROGRAM}: training stopped at epoch {diverged.args[0]}: the loss became "
            "NaN/infinite: the learning rate is too high for this setup, try a smaller one "
            f"than --learning-rate {config.learning_rate}",
            file=sys.stderr,
        )
        return FAILED
    finally:
        progress.clear()
    seconds = time.perf_counter() - started
    # In --json mode stdout holds the JSON lines only; the rest goes to stderr.
    messages = sys.stderr if as_json else sys.stdout
    if book18 and trainer.X_test is not None and not as_json:
        print(validation_line(trainer.evaluate(trainer.X_test, trainer.y_test)), flush=True)
    print(
        f"Trained {config.epochs:,} epochs: accuracy {record['accuracy']:.3f}, "
        f"loss {record['loss']:.3f}, {seconds:.1f} s, "
        f"{config.epochs / max(seconds, 1e-9):,.0f} epochs/s",
        file=messages,
    )
    if save_to is not None:
        try:
            # An open file, so that numpy does not append ".npz" to the name it was given.
            with open(save_to, "wb") as file:
                save_run(file, trainer, config)
        except OSError as error:
            print(f"{PROGRAM}: error: could not save the run: {error}", file=sys.stderr)
            return FAILED
        print(f"Saved the run to {save_to}", file=messages)
    return OK


def one_line(message):
    """An error message on one line: argparse repeats some arguments as typed, newlines too."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def main(argv=None):
    """Run the command line `argv` (default: sys.argv[1:]); returns the exit status."""
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
        check_int("log_every", arguments.log_every, 1)
        if arguments.save is not None:
            check_folder_exists(arguments.save)
        config = config_from_arguments(arguments)
        # validate() and build_trainer() raise ValueError naming the bad setting.
        trainer = build_trainer(config)
    except SystemExit as exit_request:  # --help printed the help and asks to exit
        return exit_request.code or OK
    except (UsageError, ValueError) as error:
        print(f"{PROGRAM}: error: {one_line(str(error))}", file=sys.stderr)
        return BAD_ARGUMENT
    except MemoryError:  # e.g. --hidden 99999999999: the weights alone take terabytes
        print(OUT_OF_MEMORY, file=sys.stderr)
        return BAD_ARGUMENT
    try:
        return train(
            trainer,
            config,
            arguments.log_every,
            arguments.json,
            arguments.save,
            arguments.print_format,
        )
    except MemoryError:  # e.g. --samples 100000000: the first forward pass takes 143 GB
        print(OUT_OF_MEMORY, file=sys.stderr)
        return BAD_ARGUMENT
    except BrokenPipeError:
        # The reader stopped reading (`... | head`): stop quietly, as Unix tools do. Point
        # stdout at /dev/null so that Python's last flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED
