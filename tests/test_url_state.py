"""Links to a run: RunConfig -> query parameters -> the same RunConfig, and hostile links."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnet import RunConfig, build_trainer
from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES
from ui.settings.choices import BATCH_SIZES, DECAYS, LEARNING_RATES, PENALTIES
from ui.settings.presets import PRESETS
from ui.settings.url_state import (
    MAX_VALUE_LENGTH,
    SETTINGS,
    decode_query,
    describe_settings,
    encode_query,
    hidden_settings,
    quoted,
    starting_config,
)

# ---------------------------------------------------------------------------------------
# Configs the sidebar can make, drawn at random
# ---------------------------------------------------------------------------------------


def on_steps(high, step):
    """Values of a slider from 0 to `high` in steps of `step`, as the slider holds them."""
    return st.integers(0, round(high / step)).map(lambda index: round(index * step, 10))


@st.composite
def sidebar_configs(draw):
    dataset = draw(st.sampled_from(list(DATASETS)))
    optimizer = draw(st.sampled_from(["sgd", "adagrad", "rmsprop", "adam"]))
    own = {}  # the settings only this optimizer uses; the others keep RunConfig's defaults
    if optimizer == "sgd":
        own["momentum"] = draw(on_steps(0.99, 0.01))
    if optimizer == "rmsprop":
        own["rho"] = draw(on_steps(0.999, 0.001))
    if optimizer == "adam":
        own["beta_1"] = draw(on_steps(0.999, 0.001))
        own["beta_2"] = draw(on_steps(0.9999, 0.0001))
    return RunConfig(
        dataset=dataset,
        classes=FIXED_CLASSES.get(dataset) or draw(st.integers(2, 8)),
        samples=10 * draw(st.integers(1, 100)),
        noise=draw(on_steps(1.0, 0.01)),
        test_fraction=draw(on_steps(0.5, 0.05)),
        hidden_layers=tuple(draw(st.lists(st.integers(1, 256), min_size=1, max_size=4))),
        activation=draw(st.sampled_from(["relu", "leaky_relu", "tanh", "sigmoid", "linear"])),
        dropout=draw(on_steps(0.5, 0.05)),
        weight_regularizer_l1=draw(st.sampled_from(PENALTIES)),
        weight_regularizer_l2=draw(st.sampled_from(PENALTIES)),
        optimizer=optimizer,
        learning_rate=draw(st.sampled_from(LEARNING_RATES)),
        decay=draw(st.sampled_from(DECAYS)),
        batch_size=draw(st.sampled_from([None, *BATCH_SIZES])),
        epochs=draw(st.integers(1, 1_000_000)),
        seed=draw(st.integers(0, 2**31 - 1)),
        precision=draw(st.sampled_from(["float32", "nnfs"])),
        **own,
    ).validate()


# ---------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(sidebar_configs())
def test_a_link_brings_back_exactly_the_same_config(config):
    link = decode_query(encode_query(config))
    assert link.problems == []
    assert link.config == config


@settings(max_examples=100, deadline=None)
@given(sidebar_configs(), st.sampled_from(list(PRESETS)))
def test_a_link_from_a_preset_brings_back_the_same_config(config, preset):
    query = encode_query(config, preset=preset)
    assert query["preset"] == preset
    link = decode_query(query)
    assert link.problems == []
    assert (link.config, link.preset) == (config, preset)


def test_the_defaults_make_an_empty_query_and_back():
    assert encode_query(starting_config()) == {}
    link = decode_query({})
    assert link.config == starting_config() == RunConfig(noise=DEFAULT_NOISE["spiral"])
    assert (link.preset, link.lock, link.show, link.problems) == (None, (), (), [])


def test_only_settings_that_differ_from_the_default_are_written():
    config = dataclasses.replace(
        starting_config(), dataset="circles", noise=0.05, hidden_layers=(8, 8), seed=3
    )
    assert encode_query(config) == {"dataset": "circles", "hidden": "8,8", "seed": "3"}


def test_the_example_link_of_the_issue():
    link = decode_query(
        {"dataset": "circles", "hidden": "8,8", "lr": "0.03", "optimizer": "adam", "seed": "3"}
    )
    assert link.problems == []
    expected = RunConfig(
        dataset="circles",
        noise=DEFAULT_NOISE["circles"],
        hidden_layers=(8, 8),
        optimizer="adam",
        learning_rate=0.03,
        seed=3,
    )
    assert link.config == expected


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        # Left out, the noise is the dataset's usual one and the learning rate the optimizer's.
        ({"dataset": "circles"}, "noise", 0.05),
        ({"dataset": "circles", "noise": "0.3"}, "noise", 0.3),
        ({"optimizer": "adam"}, "learning_rate", 0.05),
        ({"optimizer": "rmsprop"}, "learning_rate", 0.02),
        ({"dataset": "xor"}, "classes", 2),
        ({"batch": "full"}, "batch_size", None),
        ({"batch": "32"}, "batch_size", 32),
        ({"book": "on"}, "precision", "nnfs"),
        ({"book": "1"}, "precision", "nnfs"),
        ({"book": "off"}, "precision", "float32"),
        ({"lr": "1e-3"}, "learning_rate", 0.001),
        ({"lr": "1"}, "learning_rate", 1.0),
        ({"noise": "0.35"}, "noise", 0.35),
        ({"beta2": "0.999", "optimizer": "adam"}, "beta_2", 0.999),
        ({"hidden": " 16 , 8 "}, "hidden_layers", (16, 8)),
        ({"preset": "overfit"}, "hidden_layers", PRESETS["overfit"].config.hidden_layers),
        ({"preset": "overfit", "hidden": "32"}, "hidden_layers", (32,)),
    ],
)
def test_values_read_from_a_link(query, field, value):
    link = decode_query(query)
    assert link.problems == []
    assert getattr(link.config, field) == value


def test_the_run_of_a_link_has_the_same_numbers_epoch_by_epoch():
    config = dataclasses.replace(
        starting_config("moons", "adam"),
        hidden_layers=(16, 8),
        learning_rate=0.03,
        test_fraction=0.2,
        batch_size=64,
        dropout=0.1,
        seed=3,
    )
    original = build_trainer(config)
    shared = build_trainer(decode_query(encode_query(config)).config)
    for _ in range(5):
        expected, result = original.step(1), shared.step(1)
        np.testing.assert_array_equal(result.loss, expected.loss)
        np.testing.assert_array_equal(result.accuracy, expected.accuracy)
        assert result.test_loss == expected.test_loss
    for parameter, expected in zip(shared.network.parameters(), original.network.parameters()):
        np.testing.assert_array_equal(parameter, expected)


# ---------------------------------------------------------------------------------------
# Hostile links
# ---------------------------------------------------------------------------------------

HOSTILE = [
    # (query, its bad key, what the one problem says)
    ({"lr": "abc"}, "lr", "lr=`abc` is not a number"),
    ({"lr": "nan"}, "lr", "is not a number"),
    ({"lr": "inf"}, "lr", "is not a number"),
    ({"lr": "1e999"}, "lr", "is not a finite number"),
    ({"lr": "0.04"}, "lr", "must be one of 0.0001"),
    ({"lr": ""}, "lr", 'lr=`""` is not a number'),
    ({"hidden": "0,999999"}, "hidden", "1 to 4 layer sizes"),
    ({"hidden": "8,8,8,8,8"}, "hidden", "1 to 4 layer sizes"),
    ({"hidden": "8,,8"}, "hidden", "1 to 4 layer sizes"),
    ({"hidden": "8.5"}, "hidden", "1 to 4 layer sizes"),
    ({"classes": "-3", "samples": "50"}, "classes", "from 2 to 8"),
    ({"classes": "٣"}, "classes", "from 2 to 8"),  # an Arabic-Indic 3: int() would take it
    ({"samples": "15"}, "samples", "in steps of 10"),
    ({"samples": "1" * 40}, "samples", "from 10 to 1,000"),
    ({"noise": "0.123"}, "noise", "in steps of 0.01"),
    ({"noise": "-0.1", "dataset": "moons"}, "noise", "from 0 to 1"),
    ({"dataset": "nope", "noise": "0.3"}, "dataset", "must be one of spiral"),
    ({"dataset": "sine"}, "dataset", "must be one of spiral"),  # regression: not on this page
    ({"optimizer": "SGD"}, "optimizer", "must be one of sgd"),
    ({"batch": "7"}, "batch", "full or one of 8"),
    ({"book": "maybe"}, "book", "on or off"),
    ({"epochs": "0"}, "epochs", "from 1 to 1,000,000"),
    ({"seed": "-1"}, "seed", "from 0 to"),
    ({"zzz": "1", "seed": "4"}, "zzz", "`zzz` is not a setting"),
    ({"learning_rate": "0.1"}, "learning_rate", "did you mean lr?"),
    ({"lr": ["0.1", "0.3"]}, "lr", "`lr` was given 2 times"),
    ({"noise": "0." + "1" * 1000}, "noise", f"at most {MAX_VALUE_LENGTH}"),
    ({"preset": "nope"}, "preset", "not a preset"),
    ({"lock": "data,nothing"}, "lock", "lock=`nothing` names no setting"),
    ({"momentum": "0.5", "optimizer": "adam"}, "momentum", "only SGD uses it"),
    ({"classes": "5", "dataset": "xor"}, "classes", "xor always has 2 classes"),
]


@pytest.mark.parametrize(("query", "bad_key", "problem"), HOSTILE)
def test_a_bad_parameter_is_reported_and_replaced_by_its_default(query, bad_key, problem):
    link = decode_query(query)
    assert len(link.problems) == 1, link.problems
    assert problem in link.problems[0]
    # The rest of the link is used, and the bad parameter is as if it was not there.
    without_it = decode_query({key: value for key, value in query.items() if key != bad_key})
    assert link.config == without_it.config


def test_many_bad_parameters_are_all_reported():
    query = {
        "lr": "abc",
        "hidden": "0,999999",
        "classes": "-3",
        "dataset": "nope",
        "<script>": "1",
        "seed": ["1", "2"],
        "noise": "x" * 5000,
    }
    link = decode_query(query)
    assert len(link.problems) == len(query)
    assert link.config == starting_config()


def test_values_in_problems_cannot_carry_markdown_or_html():
    text = quoted("[click](http://evil) `code` $x$ <b>\n" + "x" * 100)
    assert text.startswith("`") and text.endswith("`")
    inside = text[1:-1]
    assert "`" not in inside and "\n" not in inside
    assert len(inside) < 60


query_texts = st.text(max_size=40) | st.sampled_from(
    ["", "0", "1", "-3", "1e999", "nan", "8,8", "on", "adam", "circles", "0.35", "data", "x" * 400]
)
query_keys = st.sampled_from([*SETTINGS, "preset", "lock", "show", "learning_rate"]) | st.text(
    max_size=20
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(query_keys, query_texts | st.lists(query_texts, max_size=3), max_size=12))
def test_decoding_any_query_never_raises_and_gives_a_valid_config(query):
    link = decode_query(query)
    link.config.validate()
    assert all(isinstance(problem, str) for problem in link.problems)
    assert set(link.hidden) <= set(SETTINGS)
    # What was kept is a valid link in turn: written and read again, it is the same.
    again = decode_query(encode_query(link.config, link.preset, link.lock, link.show))
    assert again.problems == []
    assert (again.config, again.preset, again.lock, again.show) == (
        link.config,
        link.preset,
        link.lock,
        link.show,
    )


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(SETTINGS)), query_texts)
def test_a_value_is_either_used_or_reported(name, text):
    link = decode_query({name: text})
    if not link.problems:
        setting = SETTINGS[name]
        assert setting.rule.parse(text.strip()) == getattr(link.config, setting.field)


# ---------------------------------------------------------------------------------------
# Classroom mode
# ---------------------------------------------------------------------------------------

DATA = {"dataset", "classes", "samples", "noise", "test"}


@pytest.mark.parametrize(
    ("lock", "show", "hidden"),
    [
        ((), (), set()),
        (("data",), (), DATA),
        (("dataset", "lr"), (), {"dataset", "lr"}),
        (("learning_rate",), (), {"lr"}),  # RunConfig's name works too
        (("optimizer",), (), {"optimizer"}),  # the setting, not the whole section
        (("optimization",), (), {"optimizer", "lr", "decay", "momentum", "rho", "beta1", "beta2"}),
        ((), ("lr", "optimizer"), set(SETTINGS) - {"lr", "optimizer"}),
        ((), ("data",), set(SETTINGS) - DATA),
        (("noise",), ("data",), set(SETTINGS) - DATA | {"noise"}),
    ],
)
def test_which_settings_a_classroom_link_hides(lock, show, hidden):
    assert hidden_settings(lock, show) == hidden


def test_classroom_flags_are_read_and_written_back():
    link = decode_query({"show": "optimizer,lr", "lock": "data", "lr": "0.1"})
    assert link.problems == []
    assert (link.show, link.lock) == (("optimizer", "lr"), ("data",))
    query = encode_query(link.config, lock=link.lock, show=link.show)
    assert query == {"lr": "0.1", "lock": "data", "show": "optimizer,lr"}


def test_the_fixed_settings_are_described_without_the_ones_not_in_use():
    config = starting_config()
    described = dict(describe_settings(config, set(SETTINGS)))
    assert described["Dataset"] == "spiral"
    assert described["Hidden layers"] == "64"
    assert described["Book-exact numbers"] == "off"
    assert (
        "Momentum" in described
        and "beta 1" not in described
        and "rho (cache decay)" not in (described)
    )
    moons = dict(describe_settings(starting_config("moons"), {"classes", "dataset"}))
    assert moons == {"Dataset": "moons"}
