"""The Playground's settings widgets: the sidebar's sections in, a RunConfig out.

Every widget has a key starting with "pg_" and gets its first value from the current run's
config (`start_values`), so switching pages and coming back shows the settings in use.
`sidebar_config` draws the five sections, one function each: data, network, optimizer,
regularization, training. Each returns the RunConfig fields its widgets set.

A classroom link hides some settings (ui/settings/url_state.py): their widgets are not drawn
and they keep the link's values. The top of the sidebar (the preset menu) is in
ui/settings/preset_menu.py, the page address and the share box in ui/settings/share.py.
"""

from dataclasses import dataclass, field, replace

import streamlit as st

from scratchnet import RunConfig
from scratchnet.config import SUGGESTED_LEARNING_RATES, weight_init_caption
from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES
from ui.run.playground_run import PlaygroundRun
from ui.settings.choices import (
    ACTIVATION_LABELS,
    BATCH_SIZES,
    DECAYS,
    FULL_BATCH,
    LEARNING_RATES,
    MAX_HIDDEN_LAYERS,
    OPTIMIZER_LABELS,
    OUTPUT_LABELS,
    PENALTIES,
    WEIGHT_INIT_LABELS,
)
from ui.settings.url_state import NEURONS, OWN_OPTIMIZER, SETTING_LIST, SETTINGS

SECTIONS = {
    "data": "Data",
    "network": "Network",
    "optimization": "Optimizer",
    "regularization": "Regularization",
    "training": "Training",
}

# The widgets that show each setting of the address.
NEURON_KEYS = tuple(f"pg_neurons_{index}" for index in range(MAX_HIDDEN_LAYERS))
WIDGET_KEYS = {
    "dataset": ("pg_dataset",),
    "classes": ("pg_classes",),
    "samples": ("pg_samples",),
    "noise": ("pg_noise",),
    "test": ("pg_test_fraction",),
    "hidden": ("pg_layers", *NEURON_KEYS),
    "activation": ("pg_activation",),
    "output": ("pg_output",),
    "init": ("pg_weight_init",),
    "optimizer": ("pg_optimizer",),
    "lr": ("pg_learning_rate",),
    "decay": ("pg_decay",),
    "momentum": ("pg_momentum",),
    "rho": ("pg_rho",),
    "beta1": ("pg_beta_1",),
    "beta2": ("pg_beta_2",),
    "l1": ("pg_l1",),
    "l2": ("pg_l2",),
    "dropout": ("pg_dropout",),
    "batch": ("pg_batch_size",),
    "epochs": ("pg_epochs",),
    "seed": ("pg_seed",),
    "book": ("pg_book_exact",),
}


# ---------------------------------------------------------------------------------------
# Start values
# ---------------------------------------------------------------------------------------


def widget_values(config):
    """The value of every settings widget for `config`, by widget key."""
    values = {
        "pg_dataset": config.dataset,
        "pg_classes": config.classes,
        "pg_samples": config.samples,
        "pg_noise": DEFAULT_NOISE.get(config.dataset, 0.0)
        if config.noise is None
        else config.noise,
        "pg_test_fraction": config.test_fraction,
        "pg_layers": len(config.hidden_layers),
        "pg_activation": config.activation,
        "pg_output": config.output,
        "pg_weight_init": config.weight_init,
        "pg_optimizer": config.optimizer,
        "pg_learning_rate": config.learning_rate,
        "pg_decay": config.decay,
        "pg_momentum": config.momentum,
        "pg_rho": config.rho,
        "pg_beta_1": config.beta_1,
        "pg_beta_2": config.beta_2,
        "pg_l1": config.weight_regularizer_l1,
        "pg_l2": config.weight_regularizer_l2,
        "pg_dropout": config.dropout,
        "pg_batch_size": config.batch_size or FULL_BATCH,
        "pg_epochs": config.epochs,
        "pg_seed": config.seed,
        "pg_book_exact": config.precision == "nnfs",
    }
    sizes = list(config.hidden_layers)
    for index, key in enumerate(NEURON_KEYS):
        values[key] = sizes[index] if index < len(sizes) else sizes[-1]
    return values


def start_values(config, replace=False):
    """Give every widget its starting value from `config`, once per session.

    replace=True sets them even when they have values (a preset, a link being opened); call
    it before the widgets are drawn, or from a widget's on_change callback.
    """
    for key, value in widget_values(config).items():
        if replace:
            st.session_state[key] = value
        else:
            st.session_state.setdefault(key, value)
    st.session_state.setdefault("pg_speed", "max")
    st.session_state.setdefault("pg_log_loss", False)


def forget_widgets_not_drawn(drawn):
    """Drop the start values of the settings widgets not drawn in this run.

    Streamlit keeps a value set for a widget in a run that does not draw it (the second layer's
    neurons while there is one layer) under the widget's key, apart from the widget's own
    value; after a page switch that stale value would come back. start_values sets it again
    in the run that draws the widget.
    """
    for keys in WIDGET_KEYS.values():
        for key in keys:
            if key not in drawn:
                st.session_state.pop(key, None)


# ---------------------------------------------------------------------------------------
# Drawing a widget, unless a classroom link hides it
# ---------------------------------------------------------------------------------------


@dataclass
class Controls:
    """Draws the sidebar's settings widgets, but not those a classroom link hides.

    A hidden widget's value is the link's (`fixed`). `drawn` collects the keys of the widgets
    drawn in this run.
    """

    hidden: frozenset = frozenset()  # setting names, e.g. {"lr", "decay"}
    fixed: dict = field(default_factory=dict)  # widget key -> the link's value
    drawn: set = field(default_factory=set)

    @classmethod
    def for_link(cls, link):
        if link is None:
            return cls()
        return cls(link.hidden, widget_values(link.config))

    def draw(self, key, widget, label, *args, **kwargs):
        """Draw the widget with this key and return its value; a hidden one gives the link's."""
        if any(key in WIDGET_KEYS[name] for name in self.hidden):
            return self.fixed[key]
        self.drawn.add(key)
        return widget(label, *args, key=key, **kwargs)

    def slider(self, name, **kwargs):
        """The slider of the setting called `name`, with its label and the range a link allows."""
        setting = SETTINGS[name]
        rule = setting.rule
        return self.draw(
            WIDGET_KEYS[name][0],
            st.sidebar.slider,
            setting.label,
            min_value=rule.low,
            max_value=rule.high,
            step=rule.step,
            **kwargs,
        )

    def menu(self, key, label, labels, **kwargs):
        """A drop-down menu of the keys of `labels`, each shown as its label."""
        return self.draw(
            key, st.sidebar.selectbox, label, list(labels), format_func=labels.get, **kwargs
        )

    def header(self, group):
        """The section's title, unless the link hides every setting of the section."""
        in_group = [setting.name for setting in SETTING_LIST if setting.group == group]
        if any(name not in self.hidden for name in in_group):
            st.sidebar.header(SECTIONS[group])


# ---------------------------------------------------------------------------------------
# The sections
# ---------------------------------------------------------------------------------------


def on_dataset_change():
    """Each dataset comes with its usual noise."""
    st.session_state["pg_noise"] = DEFAULT_NOISE[st.session_state["pg_dataset"]]


def on_optimizer_change():
    """A new optimizer gets a learning rate that suits it (the book's), not the old one's."""
    st.session_state["pg_learning_rate"] = SUGGESTED_LEARNING_RATES[
        st.session_state["pg_optimizer"]
    ]


def data_section(controls):
    """Dataset, classes, points, noise and the test share."""
    controls.header("data")
    dataset = controls.draw(
        "pg_dataset", st.sidebar.selectbox, "Dataset", list(DATASETS), on_change=on_dataset_change
    )
    fixed_classes = FIXED_CLASSES.get(dataset)
    if fixed_classes:
        classes_help = f"{dataset} always has {fixed_classes} classes."
    else:
        classes_help = "How many classes to tell apart."
    classes = controls.slider("classes", disabled=fixed_classes is not None, help=classes_help)
    samples = controls.slider("samples")
    noise = controls.slider("noise")
    test_fraction = controls.slider(
        "test",
        help="Points held out from training, drawn as diamonds, to see how well the network "
        "generalises.",
    )
    return {
        "dataset": dataset,
        "classes": int(fixed_classes or classes),
        "samples": int(samples),
        "noise": float(noise),
        "test_fraction": float(test_fraction),
    }


def network_section(controls, n_classes):
    """Hidden layers, the neurons in each, their activation, the output (softmax, or sigmoid
    for two classes) and how the first weights are drawn."""
    controls.header("network")
    n_layers = controls.draw("pg_layers", st.sidebar.slider, "Hidden layers", 1, MAX_HIDDEN_LAYERS)
    hidden_layers = tuple(
        controls.draw(
            key,
            st.sidebar.slider,
            f"Neurons in hidden layer {number}",
            NEURONS.low,
            NEURONS.high,
        )
        for number, key in enumerate(NEURON_KEYS[:n_layers], start=1)
    )
    activation = controls.menu("pg_activation", "Activation", ACTIVATION_LABELS)
    output = "softmax"
    if n_classes == 2:
        output = controls.menu(
            "pg_output",
            "Output",
            OUTPUT_LABELS,
            help="Two classes: softmax gives each a probability (categorical cross-entropy); "
            "sigmoid gives one, of the second class (binary cross-entropy, chapter 16).",
        )
    weight_init = controls.menu("pg_weight_init", "Initial weights", WEIGHT_INIT_LABELS)
    if "pg_weight_init" in controls.drawn:
        st.sidebar.caption(weight_init_caption(weight_init))
    return {
        "hidden_layers": hidden_layers,
        "activation": activation,
        "output": output,
        "weight_init": weight_init,
    }


def optimizer_section(controls):
    """The optimizer, its learning rate and decay, and the settings of that optimizer only
    (momentum for SGD, rho for RMSprop, beta 1 and beta 2 for Adam)."""
    controls.header("optimization")
    optimizer = controls.menu(
        "pg_optimizer", "Optimizer", OPTIMIZER_LABELS, on_change=on_optimizer_change
    )
    learning_rate = controls.draw(
        "pg_learning_rate",
        st.sidebar.select_slider,
        "Learning rate",
        LEARNING_RATES,
        help="Changes apply at once.",
    )
    decay = controls.draw(
        "pg_decay",
        st.sidebar.select_slider,
        "Learning-rate decay",
        DECAYS,
        help="current rate = learning rate / (1 + decay · updates so far)",
    )
    fields = {"optimizer": optimizer, "learning_rate": float(learning_rate), "decay": float(decay)}
    for name, owner in OWN_OPTIMIZER.items():
        if owner == optimizer:
            fields[SETTINGS[name].field] = float(controls.slider(name))
    return fields


def regularization_section(controls):
    """L1 and L2 penalties on the weights, and dropout."""
    controls.header("regularization")
    l1 = controls.draw("pg_l1", st.sidebar.select_slider, "L1 on weights", PENALTIES)
    l2 = controls.draw("pg_l2", st.sidebar.select_slider, "L2 on weights", PENALTIES)
    dropout = controls.slider("dropout")
    return {
        "weight_regularizer_l1": float(l1),
        "weight_regularizer_l2": float(l2),
        "dropout": float(dropout),
    }


def training_section(controls):
    """Batch size, epochs, seed, and the book-exact numbers switch."""
    controls.header("training")
    batch_size = controls.draw(
        "pg_batch_size", st.sidebar.select_slider, "Batch size", [FULL_BATCH, *BATCH_SIZES]
    )
    epochs = controls.draw(
        "pg_epochs", st.sidebar.number_input, "Epochs to train", 1, 1_000_000, step=1000
    )
    seed = controls.draw("pg_seed", st.sidebar.number_input, "Seed", 0, 2**31 - 1, step=1)
    book_exact = controls.draw(
        "pg_book_exact",
        st.sidebar.toggle,
        "Book-exact numbers",
        help="Multiply in float64 as nnfs.init() does: every number equals the book's code "
        "(about 1.5× slower).",
    )
    return {
        "batch_size": None if batch_size == FULL_BATCH else int(batch_size),
        "epochs": int(epochs),
        "seed": int(seed),
        "precision": "nnfs" if book_exact else "float32",
    }


def sidebar_config(link=None):
    """Draw the sidebar's settings and return the RunConfig they describe.

    Settings `link` hides (classroom mode) are not drawn: they keep the link's values.
    """
    controls = Controls.for_link(link)
    fields = data_section(controls)
    fields.update(network_section(controls, n_classes=fields["classes"]))
    for section in (optimizer_section, regularization_section, training_section):
        fields.update(section(controls))
    forget_widgets_not_drawn(controls.drawn)
    return RunConfig(**fields)


def keep_own_data(run, config):
    """A run on the learner's own points (uploaded, or from a saved file): the sidebar's Data
    settings don't describe them, so keep the run's own; say so, and offer the way back."""
    st.sidebar.info(
        "Training on **your data** "
        f"({len(run.trainer.X)} training points, {run.config.n_classes} classes): the Data "
        "settings above don't apply. Upload other data on the Save & load page."
    )
    if st.sidebar.button("Use the built-in dataset above instead", key="pg_drop_own_data"):
        st.session_state.pop("uploaded_data", None)
        st.session_state["run"] = PlaygroundRun(config)
        st.rerun()
    data_settings = ("dataset", "samples", "classes", "noise", "test_fraction", "seed")
    return replace(config, **{name: getattr(run.config, name) for name in data_settings})
