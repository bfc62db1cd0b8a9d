"""The Playground's sidebar: widgets in, a RunConfig out, and the page address kept in step.

Every widget has a key starting with "pg_" and gets its first value from the current run's
config, so switching pages and coming back shows the settings in use.

The address holds the settings too (ui/settings/url_state.py does the encoding): on the first
run of a session the link's settings become the widgets' start values, and every run writes the
current settings back, so the address bar is always a link to this run. A link can start from a
preset (`?preset=overfit`) and hide controls for a class (`?lock=data`, `?show=optimizer,lr`).
"""

import urllib.parse
from dataclasses import replace

import streamlit as st

from scratchnet import RunConfig
from scratchnet.config import SUGGESTED_LEARNING_RATES
from scratchnet.datasets import DATASETS, DEFAULT_NOISE, FIXED_CLASSES
from ui.run.playground_run import PlaygroundRun
from ui.settings import url_state
from ui.settings.presets import PRESETS
from ui.settings.url_state import MAX_HIDDEN_LAYERS, NEURONS, SETTING_LIST, SETTINGS

# The sidebar offers the values a link may hold (ui/settings/url_state.py lists them).
LEARNING_RATES = list(url_state.LEARNING_RATES)
DECAYS = list(url_state.DECAYS)
PENALTIES = list(url_state.PENALTIES)
BATCH_SIZES = ["full batch", *url_state.BATCH_SIZES]
SPEEDS = ["1 epoch", "10 epochs", "100 epochs", "1000 epochs", "max"]
OPTIMIZER_LABELS = {
    "sgd": "SGD (+ momentum)",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}
ACTIVATION_LABELS = {
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "linear": "linear",
}
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

LINK_KEY = "pg_link"  # the SharedLink this session was opened with
PRESET_KEY = "pg_preset"  # the preset picker's widget
CHOSEN_PRESET_KEY = "pg_chosen_preset"  # the preset chosen, kept while on other pages
MAX_PROBLEMS_SHOWN = 10


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
        "pg_batch_size": config.batch_size or "full batch",
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
    st.session_state.setdefault(PRESET_KEY, st.session_state.get(CHOSEN_PRESET_KEY))


def opening_link():
    """The link this session was opened with, read from the address on the session's first run.

    When the session has no run yet, the link's settings become the widgets' start values.
    (A run made on another page, e.g. a loaded file, is kept.)
    """
    if LINK_KEY not in st.session_state:
        query = {key: st.query_params.get_all(key) for key in st.query_params}
        link = url_state.decode_query(query)
        st.session_state[LINK_KEY] = link
        if "run" not in st.session_state:
            st.session_state[CHOSEN_PRESET_KEY] = link.preset
            start_values(link.config, replace=True)
    return st.session_state[LINK_KEY]


# ---------------------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------------------


def preset_title(name):
    return "— your own settings —" if name is None else PRESETS[name].title


def on_preset_change():
    """Set every widget to the chosen preset, and start a fresh run from it."""
    name = st.session_state[PRESET_KEY]
    st.session_state[CHOSEN_PRESET_KEY] = name
    if name is None:
        return  # back to "your own settings": keep them as they are
    start_values(PRESETS[name].config, replace=True)
    # A preset is a new start (same data, same first weights), even where only the optimizer
    # differs, which would otherwise go on from the current epoch: the page makes a new run.
    st.session_state.pop("run", None)


def sidebar_top(link):
    """The top of the sidebar: the teacher's note or the preset menu, and a place for the
    share box (returned: it is filled once the settings are known)."""
    if link.hidden:
        classroom_note(link)
    else:
        preset_picker()
    return st.sidebar.container()


def preset_picker():
    """The preset menu (not in a class: there the teacher chose the setup)."""
    st.sidebar.selectbox(
        "Start from a preset",
        [None, *PRESETS],
        format_func=preset_title,
        placeholder=preset_title(None),
        key=PRESET_KEY,
        on_change=on_preset_change,
        help="Ready-made runs for a class, each with a note on what to watch for.",
    )


def chosen_preset():
    return st.session_state.get(PRESET_KEY)


# ---------------------------------------------------------------------------------------
# The settings widgets
# ---------------------------------------------------------------------------------------


def on_optimizer_change():
    """A new optimizer gets a learning rate that suits it (the book's), not the old one's."""
    st.session_state["pg_learning_rate"] = SUGGESTED_LEARNING_RATES[
        st.session_state["pg_optimizer"]
    ]


def on_dataset_change():
    """Each dataset comes with its usual noise."""
    st.session_state["pg_noise"] = DEFAULT_NOISE[st.session_state["pg_dataset"]]


def slider_range(name):
    """min_value, max_value and step of a slider, as the address allows them."""
    rule = SETTINGS[name].rule
    return {"min_value": rule.low, "max_value": rule.high, "step": rule.step}


def sidebar_config(link=None):
    """Draw the sidebar and return the RunConfig it describes.

    Settings `link` hides (classroom mode) are not drawn: they keep the link's values.
    """
    hidden = link.hidden if link is not None else frozenset()
    hidden_keys = {key for name in hidden for key in WIDGET_KEYS[name]}
    fixed = widget_values(link.config) if link is not None else {}
    sidebar = st.sidebar

    drawn = set()

    def control(key, widget, label, *args, **kwargs):
        """Draw the widget with this key and return its value; a hidden one gives the link's."""
        if key in hidden_keys:
            return fixed[key]
        drawn.add(key)
        return widget(label, *args, key=key, **kwargs)

    def header(group):
        if any(s.name not in hidden for s in SETTING_LIST if s.group == group):
            sidebar.header(SECTIONS[group])

    header("data")
    dataset = control(
        "pg_dataset", sidebar.selectbox, "Dataset", list(DATASETS), on_change=on_dataset_change
    )
    fixed_classes = FIXED_CLASSES.get(dataset)
    classes = control(
        "pg_classes",
        sidebar.slider,
        "Classes",
        **slider_range("classes"),
        disabled=fixed_classes is not None,
        help=f"{dataset} always has {fixed_classes} classes."
        if fixed_classes
        else "How many classes to tell apart.",
    )
    samples = control("pg_samples", sidebar.slider, "Points per class", **slider_range("samples"))
    noise = control("pg_noise", sidebar.slider, "Noise", **slider_range("noise"))
    test_fraction = control(
        "pg_test_fraction",
        sidebar.slider,
        "Test share",
        **slider_range("test"),
        help="Points held out from training, drawn as diamonds, to see how well the network "
        "generalises.",
    )

    header("network")
    n_layers = control("pg_layers", sidebar.slider, "Hidden layers", 1, MAX_HIDDEN_LAYERS)
    hidden_layers = tuple(
        control(key, sidebar.slider, f"Neurons in hidden layer {number}", NEURONS.low, NEURONS.high)
        for number, key in enumerate(NEURON_KEYS[:n_layers], start=1)
    )
    activation = control(
        "pg_activation",
        sidebar.selectbox,
        "Activation",
        list(ACTIVATION_LABELS),
        format_func=ACTIVATION_LABELS.get,
    )

    header("optimization")
    optimizer = control(
        "pg_optimizer",
        sidebar.selectbox,
        "Optimizer",
        list(OPTIMIZER_LABELS),
        format_func=OPTIMIZER_LABELS.get,
        on_change=on_optimizer_change,
    )
    learning_rate = control(
        "pg_learning_rate",
        sidebar.select_slider,
        "Learning rate",
        LEARNING_RATES,
        help="Changes apply at once.",
    )
    decay = control(
        "pg_decay",
        sidebar.select_slider,
        "Learning-rate decay",
        DECAYS,
        help="current rate = learning rate / (1 + decay · updates so far)",
    )
    settings = {}
    if optimizer == "sgd":
        settings["momentum"] = control(
            "pg_momentum", sidebar.slider, "Momentum", **slider_range("momentum")
        )
    if optimizer == "rmsprop":
        settings["rho"] = control(
            "pg_rho", sidebar.slider, "rho (cache decay)", **slider_range("rho")
        )
    if optimizer == "adam":
        settings["beta_1"] = control("pg_beta_1", sidebar.slider, "beta 1", **slider_range("beta1"))
        settings["beta_2"] = control("pg_beta_2", sidebar.slider, "beta 2", **slider_range("beta2"))

    header("regularization")
    l1 = control("pg_l1", sidebar.select_slider, "L1 on weights", PENALTIES)
    l2 = control("pg_l2", sidebar.select_slider, "L2 on weights", PENALTIES)
    dropout = control("pg_dropout", sidebar.slider, "Dropout", **slider_range("dropout"))

    header("training")
    batch_size = control("pg_batch_size", sidebar.select_slider, "Batch size", BATCH_SIZES)
    epochs = control("pg_epochs", sidebar.number_input, "Epochs to train", 1, 1_000_000, step=1000)
    seed = control("pg_seed", sidebar.number_input, "Seed", 0, 2**31 - 1, step=1)
    book_exact = control(
        "pg_book_exact",
        sidebar.toggle,
        "Book-exact numbers",
        help="Multiply in float64 as nnfs.init() does: every number equals the book's code "
        "(about 1.5× slower).",
    )
    forget_widgets_not_drawn(drawn)
    return RunConfig(
        dataset=dataset,
        samples=int(samples),
        classes=int(fixed_classes or classes),
        noise=float(noise),
        test_fraction=float(test_fraction),
        hidden_layers=hidden_layers,
        activation=activation,
        dropout=float(dropout),
        weight_regularizer_l1=float(l1),
        weight_regularizer_l2=float(l2),
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        decay=float(decay),
        batch_size=None if batch_size == "full batch" else int(batch_size),
        epochs=int(epochs),
        seed=int(seed),
        precision="nnfs" if book_exact else "float32",
        **{name: float(value) for name, value in settings.items()},
    )


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
# The address, the share box and the notes
# ---------------------------------------------------------------------------------------


def keep_address_in_step(config, link):
    """Write `config` into the address bar (only what differs from the defaults)."""
    query = url_state.encode_query(config, chosen_preset(), link.lock, link.show)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    return query


def link_to(query):
    """The full link when the app knows its address, else None."""
    page_address = st.context.url
    if not page_address:
        return None
    if not urllib.parse.urlsplit(page_address).path:
        page_address += "/"
    return page_address + "?" + urllib.parse.urlencode(query, safe=",")


def share_box(place, query, config, link, run):
    """The link to this run (`query`), and a classroom-link maker for teachers, in `place`."""
    box = place.expander("Share this run", expanded=False, icon=":material/link:")
    show_link(box, query)
    box.caption(
        "Whoever opens this link gets these settings from epoch 0: the same data, the same "
        "first weights, the same numbers."
    )
    if run is not None and getattr(run, "data", None) is not None:
        box.warning(
            "This run trains on your own data, which a link cannot carry: the link opens the "
            "built-in dataset with these settings."
        )
    if link.hidden:
        return
    shown = box.multiselect(
        "For a class: students may change only",
        [setting.name for setting in SETTING_LIST],
        format_func=lambda name: SETTINGS[name].label,
        key="pg_share_show",
        help="The other controls are hidden and keep this run's values.",
    )
    if shown:
        box.markdown("**Classroom link**")
        show_link(box, url_state.encode_query(config, chosen_preset(), show=tuple(shown)))


def show_link(container, query):
    link = link_to(query)
    if link is not None:
        container.code(link, language=None, wrap_lines=True)
    else:
        query_string = "?" + urllib.parse.urlencode(query, safe=",")
        container.code(query_string, language=None, wrap_lines=True)
        container.caption("Add it to this page's address.")


def classroom_note(link):
    """Tell a student which settings the teacher fixed (they are hidden from the sidebar)."""
    fixed = url_state.describe_settings(link.config, link.hidden)
    listed = " · ".join(f"{label}: **{value}**" for label, value in fixed)
    st.sidebar.info(
        f"Your teacher fixed these settings for this exercise: {listed}", icon=":material/lock:"
    )


def page_notes(config, link):
    """Above the charts: what a link got wrong, and the chosen preset's "what to notice"."""
    if link.problems and config == link.config:
        shown = [f"- {problem}" for problem in link.problems[:MAX_PROBLEMS_SHOWN]]
        if len(link.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"- … and {len(link.problems) - MAX_PROBLEMS_SHOWN} more")
        st.warning(
            "Some settings in this page's address could not be used, so their defaults are "
            "used instead:\n" + "\n".join(shown)
        )
    name = chosen_preset()
    if name is not None:
        preset = PRESETS[name]
        changed = "" if config == preset.config else " *(You have changed settings since.)*"
        st.info(f"**Preset: {preset.title}.** What to notice: {preset.notice}{changed}")
