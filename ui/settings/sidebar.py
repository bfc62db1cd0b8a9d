"""The Playground's settings widgets: the sidebar's sections in, a RunConfig out.

Every widget has a key starting with "pg_" and gets its first value from the current run's
config (`start_values`), so switching pages and coming back shows the settings in use.
`sidebar_config` draws the five sections, one function each: data, network, optimizer,
regularization, training. Each returns the RunConfig fields its widgets set. The settings a
teacher changes in a demo (dataset, neurons, optimizer, learning rate) come first, together;
each section's other settings wait in a closed expander below them.

A classroom link hides some settings (ui/settings/url_state.py): their widgets are not drawn
and they keep the link's values. The top of the sidebar (the preset menu) is in
ui/settings/preset_menu.py, the page address and the share box in ui/settings/share.py.
"""

from dataclasses import dataclass, field, replace

import streamlit as st

from scratchnet import RunConfig
from scratchnet.config import SUGGESTED_LEARNING_RATES, weight_init_caption
from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES
from ui.figures.numbers import readable_number
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
from ui.settings.url_state import NEURONS, OWN_OPTIMIZER, SETTINGS

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
    drawn in this run. Each widget is drawn in a `place`: the sidebar's top block (`demo`, the
    settings a teacher changes in a demo) or one of the expanders below it.
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

    def slider(self, name, place, **kwargs):
        """The slider of the setting called `name`, with its label and the range a link allows.

        Float sliders show their value in full ("plain": 0.999, not Streamlit's "1.00")."""
        setting = SETTINGS[name]
        rule = setting.rule
        if isinstance(rule.step, float):
            kwargs.setdefault("format", "plain")
        return self.draw(
            WIDGET_KEYS[name][0],
            place.slider,
            setting.label,
            min_value=rule.low,
            max_value=rule.high,
            step=rule.step,
            **kwargs,
        )

    def menu(self, key, place, label, labels, **kwargs):
        """A drop-down menu of the keys of `labels`, each shown as its label."""
        return self.draw(
            key, place.selectbox, label, list(labels), format_func=labels.get, **kwargs
        )

    def expander(self, label, names):
        """A closed expander in the sidebar for the settings `names`, unless the link hides
        them all (then the sidebar itself, where none of them will be drawn)."""
        if all(name in self.hidden for name in names):
            return st.sidebar
        return st.sidebar.expander(label)


# ---------------------------------------------------------------------------------------
# The sections: each draws its main setting in `demo`, the others in an expander
# ---------------------------------------------------------------------------------------


def on_dataset_change():
    """Each dataset comes with its usual noise, and its own number of classes if it has one
    (so the greyed Classes slider of moons shows 2)."""
    dataset = st.session_state["pg_dataset"]
    st.session_state["pg_noise"] = DEFAULT_NOISE[dataset]
    if dataset in FIXED_CLASSES:
        st.session_state["pg_classes"] = FIXED_CLASSES[dataset]


def on_optimizer_change():
    """A new optimizer gets a learning rate that suits it (the book's), not the old one's."""
    st.session_state["pg_learning_rate"] = SUGGESTED_LEARNING_RATES[
        st.session_state["pg_optimizer"]
    ]


def data_section(controls, demo):
    """Dataset (in the demo block); classes, points, noise and the test share."""
    dataset = controls.draw(
        "pg_dataset", demo.selectbox, "Dataset", list(DATASETS), on_change=on_dataset_change
    )
    more = controls.expander("More data settings", ("classes", "samples", "noise", "test"))
    fixed_classes = FIXED_CLASSES.get(dataset)
    if fixed_classes:
        classes_help = f"{dataset} always has {fixed_classes} classes."
    else:
        classes_help = "How many classes to tell apart."
    classes = controls.slider(
        "classes", more, disabled=fixed_classes is not None, help=classes_help
    )
    samples = controls.slider("samples", more)
    noise = controls.slider("noise", more)
    test_fraction = controls.slider(
        "test",
        more,
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


def network_section(controls, demo, n_classes):
    """The neurons in each hidden layer (in the demo block); how many layers, their activation,
    the output (softmax, or sigmoid for two classes) and how the first weights are drawn."""
    more = controls.expander("More network settings", ("hidden", "activation", "output", "init"))
    n_layers = controls.draw("pg_layers", more.slider, "Hidden layers", 1, MAX_HIDDEN_LAYERS)
    activation = controls.menu("pg_activation", more, "Activation", ACTIVATION_LABELS)
    hidden_layers = tuple(
        controls.draw(
            key,
            demo.slider,
            f"Neurons in hidden layer {number}",
            NEURONS.low,
            NEURONS.high,
            help="More layers: *More network settings* below." if number == 1 else None,
        )
        for number, key in enumerate(NEURON_KEYS[:n_layers], start=1)
    )
    output = "softmax"
    if n_classes == 2:
        output = controls.menu(
            "pg_output",
            more,
            "Output",
            OUTPUT_LABELS,
            help="Two classes: softmax gives each a probability (categorical cross-entropy); "
            "sigmoid gives one, of the second class (binary cross-entropy, chapter 16).",
        )
    weight_init = controls.menu("pg_weight_init", more, "Initial weights", WEIGHT_INIT_LABELS)
    if "pg_weight_init" in controls.drawn:
        more.caption(weight_init_caption(weight_init))
    return {
        "hidden_layers": hidden_layers,
        "activation": activation,
        "output": output,
        "weight_init": weight_init,
    }


def optimizer_section(controls, demo):
    """The optimizer and its learning rate (in the demo block); the decay, and the settings of
    that optimizer only (momentum for SGD, rho for RMSprop, beta 1 and beta 2 for Adam)."""
    optimizer = controls.menu(
        "pg_optimizer", demo, "Optimizer", OPTIMIZER_LABELS, on_change=on_optimizer_change
    )
    learning_rate = controls.draw(
        "pg_learning_rate",
        demo.select_slider,
        "Learning rate",
        LEARNING_RATES,
        format_func=readable_number,
        help="Changes apply at once.",
    )
    own_settings = [name for name, owner in OWN_OPTIMIZER.items() if owner == optimizer]
    more = controls.expander("Optimizer settings", ("decay", *own_settings))
    decay = controls.draw(
        "pg_decay",
        more.select_slider,
        "Learning-rate decay",
        DECAYS,
        format_func=readable_number,
        help="current rate = learning rate / (1 + decay · updates so far)",
    )
    fields = {"optimizer": optimizer, "learning_rate": float(learning_rate), "decay": float(decay)}
    for name in own_settings:
        fields[SETTINGS[name].field] = float(controls.slider(name, more))
    return fields


def regularization_section(controls, demo):
    """L1 and L2 penalties on the weights, and dropout."""
    more = controls.expander("Regularization", ("l1", "l2", "dropout"))
    l1 = controls.draw(
        "pg_l1", more.select_slider, "L1 on weights", PENALTIES, format_func=readable_number
    )
    l2 = controls.draw(
        "pg_l2", more.select_slider, "L2 on weights", PENALTIES, format_func=readable_number
    )
    dropout = controls.slider(
        "dropout",
        more,
        help="The share of hidden neurons switched off at random in each training step. The "
        "training loss and accuracy are measured with dropout on; the test ones without.",
    )
    return {
        "weight_regularizer_l1": float(l1),
        "weight_regularizer_l2": float(l2),
        "dropout": float(dropout),
    }


def training_section(controls, demo):
    """Batch size, epochs, seed, and the book-exact numbers switch."""
    more = controls.expander("Training", ("batch", "epochs", "seed", "book"))
    batch_size = controls.draw(
        "pg_batch_size", more.select_slider, "Batch size", [FULL_BATCH, *BATCH_SIZES]
    )
    epochs = controls.draw(
        "pg_epochs", more.number_input, "Epochs to train", 1, 1_000_000, step=1000
    )
    seed = controls.draw("pg_seed", more.number_input, "Seed", 0, 2**31 - 1, step=1)
    book_exact = controls.draw(
        "pg_book_exact",
        more.toggle,
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

    On top, the four a teacher changes in a demo (dataset, neurons, optimizer, learning rate),
    visible without scrolling on a 1280×720 projector; the others below in closed expanders,
    one per section. Settings `link` hides (classroom mode) are not drawn: they keep the link's
    values.
    """
    controls = Controls.for_link(link)
    demo = st.sidebar.container()
    fields = data_section(controls, demo)
    fields.update(network_section(controls, demo, n_classes=fields["classes"]))
    for section in (optimizer_section, regularization_section, training_section):
        fields.update(section(controls, demo))
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
