"""Hostile text where a user types it: the page address (ui/settings/url_state.py) and the
command line (scratchnet/cli.py). Whatever comes in, the answer is a setting used, or one clear
sentence.
"""

import contextlib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scratchnet.cli import main
from ui.settings.url_state import LOCK_KEY, PRESET_KEY, SETTINGS, SHOW_KEY, decode_query, quoted

# --- the page address ------------------------------------------------------------------------

GOOD_TEXTS = {
    "dataset": ["circles", "xor", "moons"],
    "classes": ["2", "5", "8"],
    "samples": ["10", "500", "1000"],
    "noise": ["0", "0.35", "1"],
    "test": ["0.2", "0.5"],
    "hidden": ["8,8", "256,1,256,7", "3"],
    "activation": ["tanh", "sigmoid"],
    "optimizer": ["adam", "rmsprop", "adagrad"],
    "lr": ["0.03", "1000", "1e-4"],
    "decay": ["1e-3", "0"],
    "momentum": ["0.9"],
    "rho": ["0.99"],
    "beta1": ["0.95"],
    "beta2": ["0.9999"],
    "l1": ["1e-5"],
    "l2": ["5e-4"],
    "dropout": ["0.1", "0.5"],
    "batch": ["full", "32"],
    "epochs": ["1", "1000000"],
    "seed": ["0", "2147483647"],
    "book": ["on", "off"],
    PRESET_KEY: ["overfit", "lr_overflow"],
    LOCK_KEY: ["data,lr", "seed"],
    SHOW_KEY: ["optimizer,lr", "network"],
}
BAD_TEXTS = ["", " ", "abc", "-1", "1e999", "nan", "inf", "0x10", "1,2,3,4,5", "0,999999",
             "９", "<b>x</b>", "`x`", "$x$", "a\nb", "\x00", "1" * 400, "spiral\u200b"]  # fmt: skip
KEYS = st.sampled_from(sorted(GOOD_TEXTS)) | st.text(max_size=12)
VALUES = st.sampled_from(sorted({t for texts in GOOD_TEXTS.values() for t in texts}))
VALUES = VALUES | st.sampled_from(BAD_TEXTS) | st.text(max_size=20)
QUERIES = st.dictionaries(KEYS, VALUES | st.lists(VALUES, min_size=0, max_size=3), max_size=8)


def reported(key, problems):
    """Whether some problem names this parameter, as the page lists them."""
    return any(quoted(key) in problem or problem.startswith(f"{key}=") for problem in problems)


@settings(max_examples=300, deadline=None)
@given(query=QUERIES)
def test_every_parameter_of_an_address_is_used_or_reported(query):
    link = decode_query(query)
    link.config.validate()
    for key, given_value in query.items():
        texts = [given_value] if isinstance(given_value, str) else given_value
        if key not in SETTINGS or len(texts) != 1 or len(texts[0]) > 300:
            if key not in (PRESET_KEY, LOCK_KEY, SHOW_KEY) or len(texts) != 1:
                assert reported(key, link.problems), (key, link.problems)
            continue
        setting = SETTINGS[key]
        try:
            value = setting.rule.parse(texts[0].strip())
        except ValueError:
            assert reported(key, link.problems), (key, link.problems)
        else:
            used = getattr(link.config, setting.field) == value
            assert used or reported(key, link.problems), (key, link.config, link.problems)


@settings(max_examples=300, deadline=None)
@given(query=QUERIES)
def test_a_problem_is_one_line_of_plain_text(query):
    """Each problem is an item of a Markdown list on the page: one line, quotes closed."""
    for problem in decode_query(query).problems:
        assert "\n" not in problem and "\r" not in problem
        assert problem.count("`") % 2 == 0, problem
        assert len(problem) < 600


# --- the command line ------------------------------------------------------------------------

NUMBER_TEXTS = ["0", "1", "2", "3", "-1", "0.5", "2.5", "1e400", "nan", "inf", "abc", "",
                " 2", "1_0", "9" * 30, "0x10", "\n"]  # fmt: skip
OPTIONS = {
    "--dataset": ["spiral", "sine", "xor", "nope", ""],
    "--samples": NUMBER_TEXTS,
    "--classes": NUMBER_TEXTS,
    "--noise": NUMBER_TEXTS,
    "--test-fraction": ["0", "0.5", "0.9", "1", "-0.1", "abc"],
    "--hidden": ["2", "3,2", "0", ",", "2,,2", "a", "-4", "99999999999999999999"],
    "--activation": ["relu", "tanh", "softmax", "x"],
    "--dropout": ["0", "0.5", "0.96", "x"],
    "--l2": ["0", "1e-4", "-1", "1e9"],
    "--optimizer": ["sgd", "adam", "lbfgs"],
    "--learning-rate": ["1", "0.05", "0", "1e6", "1e7", "-1", "nan"],
    "--momentum": ["0.9", "1", "2"],
    "--epsilon": ["1e-7", "0", "2"],
    "--beta-2": ["0.999", "1"],
    "--batch-size": ["1", "8", "0", "-3", "x"],
    "--seed": ["0", "-1", "4294967295", "4294967296", "x"],
    "--precision": ["nnfs", "float32", "float64", "float16"],
    "--log-every": ["1", "0", "-5", "x", "99999999999999999999999"],
    "--json": None,
    "--save": ["run.npz", "", "no/such/folder/run.npz", ".", "\x00", "a" * 300],
}
EPOCH_TEXTS = ["1", "2", "0", "-1", "x", "1.5"]  # kept small: the examples that train are quick


@st.composite
def command_lines(draw):
    """`train` with some options, good or bad values, maybe a stray word; epochs stay tiny."""
    argv = [draw(st.sampled_from(["train", "train", "train", "trian", "", "--help"]))]
    for option in draw(st.lists(st.sampled_from(sorted(OPTIONS)), max_size=5)):
        values = OPTIONS[option]
        argv.append(option)
        if values is not None:
            argv.append(draw(st.sampled_from(values) | st.text(max_size=6)))
    if draw(st.booleans()):
        argv.append(draw(st.text(max_size=6)))
    # Last, so that it wins: a small epoch count, but sometimes none (the default is 10,001).
    argv += ["--epochs", draw(st.sampled_from(EPOCH_TEXTS))]
    if "--samples" not in argv:
        argv += ["--samples", "5"]
    return argv


def run_cli(argv):
    """main(argv) in this process, in a temporary folder: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        tempfile.TemporaryDirectory() as folder,
        contextlib.chdir(folder),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            status = main(argv)
        except SystemExit as exit_request:  # main returns its status; this would be a bug
            pytest.fail(f"main exited instead of returning: {exit_request.code}")
    return status, out.getvalue(), err.getvalue()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=command_lines())
def test_any_command_line_ends_with_a_status_and_at_most_one_clear_line(argv):
    status, out, err = run_cli(argv)
    assert "Traceback" not in out + err
    if status == 2:
        assert err.startswith("scratchnet: error: ") and err.count("\n") == 1, err
    elif status == 1:  # the training diverged: one line that says so
        assert "the loss became NaN/infinite" in err and err.count("\n") == 1, err
    else:
        assert status == 0, (status, err)
        assert err == "" or "--json" in argv
        assert out


CLEAR_ERRORS = [
    (["train", "a\nb"], "unrecognized arguments: a\\nb"),
    (["train", "--save", "a" * 5000 + "/run.npz"], "save cannot be used (File name too long)"),
    (["train", "--save", "\x00"], "save cannot be used (embedded null byte)"),
    (["train", "--save", "."], "save needs a file name, not a folder"),
    (["train", "--seed", "4294967296"], "seed must be at most 4,294,967,295"),
    (["train", "--hidden", "99999999999"], "need more memory than this computer has"),
    (["train", "--samples", "1", "--test-fraction", "0.9"], "test_fraction is too large"),
]


@pytest.mark.parametrize(("argv", "message"), CLEAR_ERRORS, ids=[m[:24] for _, m in CLEAR_ERRORS])
def test_bad_command_lines_that_once_gave_a_traceback_or_two_lines(argv, message):
    status, out, err = run_cli([*argv, "--epochs", "1"])
    assert status == 2 and err.count("\n") == 1 and message in err, err
    assert out == ""


def test_the_save_checks_look_at_the_folder_given(tmp_path):
    status, _, err = run_cli(["train", "--save", str(tmp_path / "missing" / "run.npz")])
    assert status == 2 and "a folder that exists" in err
    assert not Path(tmp_path / "missing").exists()
