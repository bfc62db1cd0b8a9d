"""The Playground's settings in the page address: RunConfig <-> URL query parameters.

Every setting that differs from its default is written to the address, with a short name::

    ?dataset=circles&hidden=8,8&optimizer=adam&lr=0.03&seed=3

and opening that address starts the Playground with exactly that run: the same data, the same
first weights, the same numbers. A setting left out takes its default, and two defaults follow
other settings, as the sidebar's do: `noise` is the dataset's usual noise, `lr` the optimizer's
suggested learning rate (1 for SGD, 0.05 for Adam, ...).

Three more parameters are not settings:

- `preset=overfit` starts from a preset (ui/settings/presets.py) instead of the defaults; the other
  parameters then say what differs from the preset.
- `lock=data,lr` hides those controls from the sidebar (classroom mode): the student sees the
  teacher's values but cannot change them. `show=optimizer,lr` hides every control *but* those.
  Both take setting names (`lr`), RunConfig names (`learning_rate`) or group names (`data`,
  `network`, `optimizer`, `regularization`, `training`).

Nothing in an address is trusted: `decode_query` never raises. A bad value (`lr=abc`,
`hidden=0,999999`, `dataset=nope`), an unknown or repeated key, or a very long string is left
out, the default is used instead, and a sentence saying what was ignored and why goes into
`SharedLink.problems`. Values must be ones the sidebar can show (a learning rate from its list,
a noise in steps of 0.01, ...), so a link never puts a widget in a state it cannot draw.
The rule that reads and writes each kind of value is in ui/settings/url_rules.py; the values
offered, in ui/settings/choices.py.

Settings the Playground has no control for (epsilon, the L1/L2 penalties on biases) are not in
the address: they keep RunConfig's defaults. No Streamlit here: this module is plain Python.
"""

import dataclasses
from dataclasses import dataclass

from scratchnet import RunConfig
from scratchnet.config import SETTING_CHOICES, SUGGESTED_LEARNING_RATES
from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES
from scratchnet.network import HIDDEN_ACTIVATIONS
from scratchnet.optimizers import OPTIMIZERS
from ui.settings.choices import (
    BATCH_SIZES,
    DECAYS,
    LEARNING_RATES,
    MAX_HIDDEN_LAYERS,
    OPTIMIZER_NAMES,
    PENALTIES,
)
from ui.settings.presets import PRESETS
from ui.settings.url_rules import (
    BatchSize,
    BookExact,
    Choice,
    LayerSizes,
    ListedNumber,
    SliderNumber,
    WholeNumber,
)

MAX_VALUE_LENGTH = 300  # characters; longer values are ignored unread
QUOTE_LENGTH = 40  # characters of a bad value or key repeated in a problem message

# Parameters of the address that are not settings.
PRESET_KEY = "preset"
LOCK_KEY = "lock"
SHOW_KEY = "show"

# ---------------------------------------------------------------------------------------
# The settings: one row each, in the sidebar's order.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    name: str  # in the address: ?lr=0.03
    field: str  # the RunConfig attribute
    label: str  # as the sidebar calls it
    group: str  # the sidebar section, used by lock= and show=
    rule: object  # Choice, WholeNumber, SliderNumber, ...: text <-> value


NEURONS = WholeNumber(1, 256)
PENALTY = ListedNumber(PENALTIES)
SETTING_LIST = (
    # Setting(name in the address, RunConfig field, label, group, rule)
    Setting("dataset", "dataset", "Dataset", "data", Choice(tuple(DATASETS))),
    Setting("classes", "classes", "Classes", "data", WholeNumber(2, 8)),
    Setting("samples", "samples", "Points per class", "data", WholeNumber(10, 1000, 10)),
    Setting("noise", "noise", "Noise", "data", SliderNumber(high=1.0, step=0.01)),
    Setting("test", "test_fraction", "Test share", "data", SliderNumber(high=0.5, step=0.05)),
    Setting("hidden", "hidden_layers", "Hidden layers", "network",
            LayerSizes(MAX_HIDDEN_LAYERS, NEURONS)),
    Setting("activation", "activation", "Activation", "network",
            Choice(tuple(HIDDEN_ACTIVATIONS))),
    Setting("output", "output", "Output", "network", Choice(SETTING_CHOICES["output"])),
    Setting("init", "weight_init", "Initial weights", "network",
            Choice(SETTING_CHOICES["weight_init"])),
    Setting("optimizer", "optimizer", "Optimizer", "optimization", Choice(tuple(OPTIMIZERS))),
    Setting("lr", "learning_rate", "Learning rate", "optimization",
            ListedNumber(LEARNING_RATES)),
    Setting("decay", "decay", "Learning-rate decay", "optimization", ListedNumber(DECAYS)),
    Setting("momentum", "momentum", "Momentum", "optimization",
            SliderNumber(high=0.99, step=0.01)),
    Setting("rho", "rho", "rho (cache decay)", "optimization",
            SliderNumber(high=0.999, step=0.001)),
    Setting("beta1", "beta_1", "beta 1", "optimization", SliderNumber(high=0.999, step=0.001)),
    Setting("beta2", "beta_2", "beta 2", "optimization", SliderNumber(high=0.9999, step=0.0001)),
    Setting("l1", "weight_regularizer_l1", "L1 on weights", "regularization", PENALTY),
    Setting("l2", "weight_regularizer_l2", "L2 on weights", "regularization", PENALTY),
    Setting("dropout", "dropout", "Dropout", "regularization", SliderNumber(high=0.5, step=0.05)),
    Setting("batch", "batch_size", "Batch size", "training", BatchSize(BATCH_SIZES)),
    Setting("epochs", "epochs", "Epochs to train", "training", WholeNumber(1, 1_000_000)),
    Setting("seed", "seed", "Seed", "training", WholeNumber(0, 2**31 - 1)),
    Setting("book", "precision", "Book-exact numbers", "training", BookExact()),
)  # fmt: skip
SETTINGS = {setting.name: setting for setting in SETTING_LIST}
# Groups, as the sidebar's sections. (The Optimizer section is "optimization": "optimizer" is
# the setting that picks one.)
GROUPS = ("data", "network", "optimization", "regularization", "training")

# Settings only one kind of optimizer uses (the sidebar shows them for that optimizer only).
OWN_OPTIMIZER = {"momentum": "sgd", "rho": "rmsprop", "beta1": "adam", "beta2": "adam"}


def starting_config(dataset="spiral", optimizer="sgd"):
    """The defaults a link starts from: RunConfig's, with the dataset's usual noise and
    classes and the optimizer's suggested learning rate (what the sidebar picks too)."""
    return RunConfig(
        dataset=dataset,
        classes=FIXED_CLASSES.get(dataset, RunConfig().classes),
        noise=DEFAULT_NOISE[dataset],
        optimizer=optimizer,
        learning_rate=SUGGESTED_LEARNING_RATES[optimizer],
    )


# ---------------------------------------------------------------------------------------
# Writing: RunConfig -> query parameters.
# ---------------------------------------------------------------------------------------


def encode_query(config, preset=None, lock=(), show=()):
    """The query parameters of a link to `config`, as {name: text}.

    Only what differs from the starting point is written: from the preset called `preset`
    if given, else from the defaults (`starting_config`). `lock` and `show` are the names of
    the classroom flags, written as they are. `config` is a config as the sidebar makes it.
    """
    query = {}
    if preset is not None:
        query[PRESET_KEY] = preset
        base = PRESETS[preset].config
    else:
        base = starting_config(config.dataset, config.optimizer)
        # The dataset and optimizer also choose the defaults above: compare them to RunConfig's.
        defaults = RunConfig()
        base = dataclasses.replace(base, dataset=defaults.dataset, optimizer=defaults.optimizer)
    for setting in SETTING_LIST:
        value = getattr(config, setting.field)
        if value != getattr(base, setting.field):
            query[setting.name] = setting.rule.format(value)
    if lock:
        query[LOCK_KEY] = ",".join(lock)
    if show:
        query[SHOW_KEY] = ",".join(show)
    return query


# ---------------------------------------------------------------------------------------
# Reading: query parameters -> RunConfig, never trusting them.
# ---------------------------------------------------------------------------------------


@dataclass
class SharedLink:
    """What an address asks for, once checked."""

    config: RunConfig  # valid, and drawable by the sidebar
    preset: str | None = None  # the preset it starts from, if any
    lock: tuple = ()  # the classroom flags, as names (unknown names removed)
    show: tuple = ()
    problems: list = dataclasses.field(default_factory=list)  # what was ignored, and why

    @property
    def hidden(self):
        """The names of the settings the sidebar must not show."""
        return hidden_settings(self.lock, self.show)


def decode_query(query):
    """Read a link's query parameters: {name: text or list of texts} -> SharedLink.

    Never raises. Whatever cannot be used is left out (its default is used instead) and
    explained in `problems`, one sentence each.
    """
    problems = []
    texts = {}  # name -> the one text given for it
    for key, given in query.items():
        key = str(key)
        values = [given] if isinstance(given, str) else [str(value) for value in given]
        if len(values) != 1:
            problems.append(f"{quoted(key)} was given {len(values)} times: give it once")
        elif len(values[0]) > MAX_VALUE_LENGTH:
            problems.append(
                f"{quoted(key)} is {len(values[0]):,} characters long: "
                f"at most {MAX_VALUE_LENGTH} are read"
            )
        elif key in SETTINGS or key in (PRESET_KEY, LOCK_KEY, SHOW_KEY):
            texts[key] = values[0].strip()
        else:
            problems.append(unknown_key_problem(key))

    preset = texts.pop(PRESET_KEY, None)
    if preset is not None and preset not in PRESETS:
        problems.append(f"preset={quoted(preset)} is not a preset: use one of {', '.join(PRESETS)}")
        preset = None
    lock = read_names(LOCK_KEY, texts.pop(LOCK_KEY, ""), problems)
    show = read_names(SHOW_KEY, texts.pop(SHOW_KEY, ""), problems)

    values = {}  # RunConfig field -> value
    for name, text in texts.items():
        setting = SETTINGS[name]
        try:
            values[setting.field] = setting.rule.parse(text)
        except ValueError as reason:
            problems.append(f"{name}={quoted(text)} {reason}")

    if preset is not None:
        base = PRESETS[preset].config
    else:
        defaults = RunConfig()
        base = starting_config(
            values.get("dataset", defaults.dataset), values.get("optimizer", defaults.optimizer)
        )
    config = dataclasses.replace(base, **values)
    config = fit_to_sidebar(config, texts, problems)
    try:
        config.validate()
    except ValueError as error:  # not expected: every value above was checked
        problems.append(f"the settings do not fit together ({error}): the defaults are used")
        config = starting_config()
    return SharedLink(config, preset, lock, show, problems)


def fit_to_sidebar(config, texts, problems):
    """Settings the sidebar would not use are put back to what it would hold.

    A dataset with a fixed number of classes (xor, moons) has that many; settings of another
    optimizer (momentum with Adam) keep RunConfig's defaults. Each one the link gave is
    reported.
    """
    fixed_classes = FIXED_CLASSES.get(config.dataset)
    if fixed_classes is not None and config.classes != fixed_classes:
        if "classes" in texts:
            problems.append(
                f"classes={quoted(texts['classes'])} was ignored: "
                f"{config.dataset} always has {fixed_classes} classes"
            )
        config = dataclasses.replace(config, classes=fixed_classes)
    if config.output == "sigmoid" and config.n_classes != 2:
        if "output" in texts:
            problems.append(
                f"output={quoted(texts['output'])} was ignored: a sigmoid output classifies "
                f"two classes, and this link has {config.n_classes}"
            )
        config = dataclasses.replace(config, output="softmax")
    defaults = RunConfig()
    for name, optimizer in OWN_OPTIMIZER.items():
        field = SETTINGS[name].field
        if config.optimizer != optimizer and getattr(config, field) != getattr(defaults, field):
            if name in texts:
                problems.append(
                    f"{name}={quoted(texts[name])} was ignored: only "
                    f"{OPTIMIZER_NAMES[optimizer]} uses it"
                )
            config = dataclasses.replace(config, **{field: getattr(defaults, field)})
    return config


def unknown_key_problem(key):
    """An unknown key, with the right name when it is a RunConfig name (learning_rate -> lr)."""
    by_field = {setting.field: setting.name for setting in SETTING_LIST}
    hint = f" (did you mean {by_field[key]}?)" if key in by_field else ""
    return f"{quoted(key)} is not a setting{hint}"


# ---------------------------------------------------------------------------------------
# Classroom mode: lock= and show=.
# ---------------------------------------------------------------------------------------


def names_in(name):
    """The setting names a lock/show name stands for: a setting, a RunConfig name, a group."""
    for setting in SETTING_LIST:
        if name in (setting.name, setting.field):
            return {setting.name}
    return {setting.name for setting in SETTING_LIST if setting.group == name}


def read_names(key, text, problems):
    """The known names of a comma-separated list, in order, once each; others reported."""
    names = []
    for name in text.split(","):
        name = name.strip()
        if not name or name in names:
            continue
        if names_in(name):
            names.append(name)
        else:
            problems.append(
                f"{key}={quoted(name)} names no setting: use a setting (lr), "
                f"or a group ({', '.join(GROUPS)})"
            )
    return tuple(names)


def hidden_settings(lock=(), show=()):
    """Which settings to hide: those in `lock`, and with `show`, all those not in it."""
    hidden = set()
    if show:
        shown = set().union(*(names_in(name) for name in show))
        hidden = set(SETTINGS) - shown
    for name in lock:
        hidden |= names_in(name)
    return frozenset(hidden)


def describe_settings(config, names):
    """(label, value as text) of the named settings that `config` uses, in the sidebar's order.

    Left out: another optimizer's settings (rho with SGD), and the classes of a dataset that
    fixes them.
    """
    described = []
    for setting in SETTING_LIST:
        unused = OWN_OPTIMIZER.get(setting.name, config.optimizer) != config.optimizer or (
            setting.name == "classes" and config.dataset in FIXED_CLASSES
        )
        if setting.name in names and not unused:
            described.append((setting.label, setting.rule.format(getattr(config, setting.field))))
    return described


def quoted(text):
    """`text` made safe to show: shortened, in backticks (no Markdown or LaTeX inside)."""
    if not text:
        return '`""`'
    short = text[:QUOTE_LENGTH] + ("…" if len(text) > QUOTE_LENGTH else "")
    printable = "".join(
        character if character.isprintable() else repr(character)[1:-1] for character in short
    )
    return "`" + printable.replace("`", "'") + "`"
