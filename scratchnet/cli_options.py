"""The options of `python -m scratchnet train`: one per field of RunConfig, made from a table.

`build_parser()` walks `dataclasses.fields(RunConfig)`: each field becomes an option named after
it (`learning_rate` -> `--learning-rate`, unless OPTIONS gives a shorter flag such as `--l2`),
stored under the field's own name, with RunConfig's default. Its value type follows the field's
type (whole number, number, comma-separated sizes) and its choices come from
`config.SETTING_CHOICES`. Only the help text and the group are written by hand, in OPTIONS. A
new RunConfig field without a line in OPTIONS is a KeyError here, so the CLI cannot forget one.
"""

import argparse
import dataclasses
import textwrap
from dataclasses import dataclass

from .config import SETTING_CHOICES, SUGGESTED_LEARNING_RATES, RunConfig
from .datasets import DEFAULT_NOISE

PROGRAM = "scratchnet"
# --print-format: how the logged epochs are printed (scratchnet/cli.py prints them).
PRINT_FORMATS = ("notebook", "book", "book18")
CLI_PRECISION = "nnfs"  # the CLI's default; RunConfig's own default is the faster "float32"


class UsageError(Exception):
    """A bad command line: main() prints it on one line and returns BAD_ARGUMENT."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, except that an error is raised (one line, printed by main) instead of printing
    the usage and exiting."""

    def error(self, message):
        raise UsageError(message)


# --- reading option values: each error names the setting and the value ----------------------


def text_reader(name, convert, kind):
    """A type for argparse: the text through `convert` (float, int), or an error naming `name`."""

    def parse(text):
        try:
            return convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} must be {kind}. Received: {name}={text!r}"
            ) from None

    return parse


def number(name):
    """The text as a float, or an error naming `name`."""
    return text_reader(name, float, "a number")


def whole_number(name):
    """The text as an int, or an error naming `name`."""
    return text_reader(name, int, "a whole number")


def layer_sizes(text):
    """--hidden: "64" -> (64,), "64,32" -> (64, 32): one size per hidden layer."""
    try:
        return tuple(int(size) for size in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            "hidden must be whole numbers separated by commas, e.g. 64 or 64,32. "
            f"Received: hidden={text!r}"
        ) from None


def value_type(field):
    """How the option's text becomes the field's value, from the field's type."""
    if field.type in (int, int | None):
        return whole_number(field.name)
    if field.type in (float, float | None):
        return number(field.name)
    if field.type is tuple:
        return layer_sizes
    raise TypeError(f"no option type for RunConfig.{field.name}: {field.type}")


# --- what the user reads: one line per RunConfig field --------------------------------------


@dataclass(frozen=True)
class Option:
    group: str  # the heading it is listed under in --help
    help: str  # %(default)s is the default shown
    metavar: str | None = None  # the placeholder in --help; None for options with choices
    flag: str | None = None  # None: "--" + the field's name with hyphens


GROUP_DESCRIPTIONS = {
    "data": None,
    "network": None,
    "optimizer": "Settings that the chosen optimizer does not use are ignored.",
    "training": None,
}

USUAL_NOISE = ", ".join(f"{name} {noise}" for name, noise in DEFAULT_NOISE.items())
SUGGESTED = ", ".join(f"{name} {rate}" for name, rate in SUGGESTED_LEARNING_RATES.items())

OPTIONS = {
    "dataset": Option(
        "data",
        "the points to learn; sine is regression, the others classification; digits: "
        "scikit-learn's 8x8 handwritten digits (samples, classes and noise do not apply) "
        "(default: %(default)s)",
    ),
    "samples": Option("data", "points per class (sine: points in all) (default: %(default)s)", "N"),
    "classes": Option(
        "data",
        "number of classes; xor and moons always have 2, digits 10 (default: %(default)s)",
        "N",
    ),
    "noise": Option(
        "data",
        f"how much the points are scattered (default: the dataset's own: {USUAL_NOISE}, sine 0)",
        "X",
    ),
    "test_fraction": Option(
        "data", "share of the points held back to test on, 0 to 0.9 (default: %(default)s)", "F"
    ),
    "hidden_layers": Option(
        "network",
        "neurons per hidden layer, comma-separated: 64, or 64,32 for two layers (default: 64)",
        "SIZES",
        flag="--hidden",
    ),
    "activation": Option("network", "activation of the hidden layers (default: %(default)s)"),
    "output": Option(
        "network",
        "softmax: one probability per class, categorical cross-entropy; sigmoid: two classes, "
        "one probability (of class 1), binary cross-entropy, as the book's chapter 16; "
        "sine always has a linear output (default: %(default)s)",
    ),
    "weight_init": Option(
        "network",
        "first weights: book = the book's 0.01*N(0,1) to classify, 0.1*N(0,1) for sine "
        "(chapter 17); 0.01 or 0.1 times N(0,1); glorot = N(0,1)*sqrt(2/(inputs+neurons)), "
        "for tanh and sigmoid; he = N(0,1)*sqrt(2/inputs), for ReLU (default: %(default)s)",
    ),
    "dropout": Option(
        "network",
        "share of hidden outputs zeroed while training, 0 to 0.95 (default: %(default)s)",
        "RATE",
    ),
    "weight_regularizer_l1": Option(
        "network",
        "L1 penalty on the hidden layers' weights (default: %(default)s)",
        "LAMBDA",
        flag="--l1",
    ),
    "weight_regularizer_l2": Option(
        "network",
        "L2 penalty on the hidden layers' weights (default: %(default)s)",
        "LAMBDA",
        flag="--l2",
    ),
    "bias_regularizer_l1": Option(
        "network",
        "L1 penalty on the hidden layers' biases (default: %(default)s)",
        "LAMBDA",
        flag="--bias-l1",
    ),
    "bias_regularizer_l2": Option(
        "network",
        "L2 penalty on the hidden layers' biases (default: %(default)s)",
        "LAMBDA",
        flag="--bias-l2",
    ),
    "optimizer": Option("optimizer", "how the gradients change the weights (default: %(default)s)"),
    "learning_rate": Option(
        "optimizer", f"step size (default: %(default)s; the book uses {SUGGESTED})", "RATE"
    ),
    "decay": Option(
        "optimizer", "learning rate = rate / (1 + decay * step) (default: %(default)s)", "X"
    ),
    "momentum": Option(
        "optimizer", "sgd: share of the previous update kept (default: %(default)s)", "X"
    ),
    "epsilon": Option(
        "optimizer",
        "adagrad, rmsprop, adam: keeps the division finite (default: %(default)s)",
        "X",
    ),
    "rho": Option(
        "optimizer",
        "rmsprop: how slowly the squared-gradient cache forgets (default: %(default)s)",
        "X",
    ),
    "beta_1": Option(
        "optimizer", "adam: how slowly the momentum forgets (default: %(default)s)", "X"
    ),
    "beta_2": Option(
        "optimizer",
        "adam: how slowly the squared-gradient cache forgets (default: %(default)s)",
        "X",
    ),
    "batch_size": Option(
        "training", "samples per update (default: all of them at once, as in the book)", "N"
    ),
    "epochs": Option("training", "epochs to train, numbered from 0 (default: %(default)s)", "N"),
    "seed": Option(
        "training",
        "draws the data and the initial weights: the book's nnfs.init(random_seed=N) "
        "(default: %(default)s)",
        "N",
    ),
    "precision": Option(
        "training",
        "nnfs: the book's exact numbers (what nnfs.init() makes NumPy do); "
        "float32: faster, the app's choice, slightly different numbers; float64: most "
        "accurate (default here: %(default)s, so that the lines printed are the book's; "
        "RunConfig and the app default to float32)",
    ),
}


def add_setting_options(command):
    """One option per RunConfig field, in the field's group, stored under the field's name."""
    defaults = RunConfig()
    groups = {
        name: command.add_argument_group(name, description)
        for name, description in GROUP_DESCRIPTIONS.items()
    }
    for field in dataclasses.fields(RunConfig):
        option = OPTIONS[field.name]
        flag = option.flag or "--" + field.name.replace("_", "-")
        default = CLI_PRECISION if field.name == "precision" else getattr(defaults, field.name)
        if field.name in SETTING_CHOICES:
            how_to_read = {"choices": list(SETTING_CHOICES[field.name])}
        else:
            how_to_read = {"type": value_type(field), "metavar": option.metavar}
        groups[option.group].add_argument(
            flag, dest=field.name, default=default, help=option.help, **how_to_read
        )


def add_output_options(command):
    """What is printed and saved: options of the command, not settings of the run."""
    output = command.add_argument_group("output")
    output.add_argument(
        "--log-every",
        type=whole_number("log_every"),
        default=100,
        metavar="N",
        help="print epoch 0, N, 2N, ... and the last epoch (default: %(default)s)",
    )
    output.add_argument(
        "--print-format",
        choices=list(PRINT_FORMATS),
        default="notebook",
        help="notebook: this CLI's words, epochs from 0 as the book's chapters 10-17 loops; "
        "book: the same lines in the book's words (epoch: 0, acc: ...); book18: the book's "
        "Model class (chapter 18): epochs from 1, each printed after its update, every "
        "--log-every epochs (default: %(default)s)",
    )
    output.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per logged epoch instead, and nothing else on stdout",
    )
    output.add_argument(
        "--save",
        metavar="FILE",
        help="save the trained run to FILE (.npz); the app and load_run() can go on from it",
    )


# The thread setting, as `--help` states it (scratchnet/__main__.py sets it; threads.py says why).
ONE_BLAS_THREAD = (
    "NumPy's BLAS runs on one thread, as in the app: this engine's matrices are small, and one "
    "thread trains them faster than several."
)


def build_parser():
    """The parser for `python -m scratchnet`; each RunConfig field is an option of `train`,
    stored under the field's own name (dest), so the options become a RunConfig directly."""
    parser = ArgumentParser(
        prog=f"python -m {PROGRAM}",
        description="The network of 'Neural Networks from Scratch in Python', in NumPy.",
        epilog=(
            "example, the book's chapter-10 run:\n"
            "  python -m scratchnet train --dataset spiral --hidden 64 --optimizer sgd \\\n"
            "      --learning-rate 1.0 --epochs 10001 --log-every 100 --seed 0\n"
            "all the options: python -m scratchnet train --help\n"
            + textwrap.fill(ONE_BLAS_THREAD, width=79)
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    train = commands.add_parser(
        "train",
        help="train a network and print the book's progress lines",
        description=(
            "Train a network on a toy dataset and print one line per logged epoch, "
            "as the book's training loop does. Defaults are the book's chapter-10 spiral run. "
            f"{ONE_BLAS_THREAD}"
        ),
    )
    add_setting_options(train)
    add_output_options(train)
    return parser
