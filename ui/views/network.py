"""What the Network page shows: the Playground's current run, neuron by neuron, and its timeline.

Everything below draws *one network*: the live one, or, when the timeline slider is moved back,
a temporary network rebuilt from a recorded snapshot (`run.timeline.network_at`). The live run
is never changed by looking at it.
"""

import json

import numpy as np
import streamlit as st

from ui.charts.live_chart import live_chart
from ui.figures.hidden_space import hidden_space, hidden_space_figure, input_lattice
from ui.figures.layer_outputs import (
    dead_neurons,
    grid_every,
    network_layer_names,
)
from ui.figures.layer_statistics import (
    layer_dynamics_figure,
    weight_histograms_figure,
    with_epoch_cursor,
)
from ui.figures.network_graph import network_graph_figure
from ui.figures.neuron_maps import activation_maps, mosaic_widths
from ui.figures.replay import replay_figure, replay_probabilities, timeline_epochs
from ui.run.animated_run import MOST_PICTURES_PER_FRAME
from ui.run.playground_run import GRID_CELLS
from ui.views.films import figure_due, neuron_maps_chart, regions_chart, thin_film
from ui.views.run_summary import curves_figure, numbers

THUMBNAIL_STEP = 3  # activation maps use every 3rd point of the 120 × 120 grid: 40 × 40
REPLAY_STEP = 2  # replay frames use every 2nd point: 60 × 60
TILES_ACROSS = 24  # activation maps across the page, all layers together
NETWORK_REGIONS_HEIGHT = 560
PAGE_WIDTH = 1200  # pixels, roughly: the page's main column in wide layout on a 1600-pixel screen
# A frame's neuron maps: at most this many pictures of every layer's tiles, the film's pictures
# evenly thinned (the regions keep them all). A picture of 64 tiles of 40 × 40 is ~8 kB: with the
# regions' 8 pictures a frame, the maps were half of all the page received (~66 of 127 kB a frame).
# Four still move them ~20 times a second.
NEURON_MAP_PICTURES = 4


def no_run_prompt():
    st.info(
        "There is no network yet. Set one up in the Playground (or just open it: it starts with "
        "the book's spiral network), train it a little, then come back here to look inside."
    )
    st.page_link("pages/playground.py", label="Open the Playground", icon=":material/play_circle:")


def unsupported_reason(run):
    """Plain words when this page cannot draw the run, else None."""
    if run.config.is_regression or run.trainer.X.shape[1] != 2:
        return (
            "The Network page draws classifiers of points in a plane (two inputs). This run "
            f"({run.config.dataset}) is not one: pick a classification dataset in the Playground."
        )
    return None


def draw(run):
    top = st.container()
    epoch = timeline_epoch(run)
    live = epoch == run.epoch
    network = run.trainer.network if live else run.timeline.network_at(epoch, run.trainer.network)
    # The film's networks (ui/views/films.py): the live run's, or the one epoch looked back at.
    # Its neuron maps cost more than the regions: a crowded server's long clips are thinned.
    film = thin_film(run.take_film(), MOST_PICTURES_PER_FRAME) if live else [(epoch, network)]
    with top:
        if run.message:
            kind, text = run.message
            getattr(st, kind)(text)
        numbers(run)

    st.subheader(f"The network at epoch {epoch:,}")
    graph_column, regions_column = st.columns([3, 2])
    with graph_column:
        graph(run, network, epoch)
    with regions_column:
        regions_chart(run, "nw_regions", NETWORK_REGIONS_HEIGHT, film, fit_screen=False)
        st.caption("The decision regions of this network: the class it predicts at each point.")
    dead = dead_neurons(network, run.trainer.X)
    st.subheader("What each neuron sees")
    neuron_maps(run, film, dead)
    st.subheader("The data as a hidden layer sees it")
    hidden_layer_view(run, network, epoch)
    st.subheader("Layer by layer, over training")
    over_training(run, network, epoch)
    dead_counts(run, network, dead)


# --- the timeline ------------------------------------------------------------------------------


def timeline_epoch(run):
    """The epoch to show: the latest while playing, else the one picked on the slider."""
    if run.playing:
        st.caption("Showing the network live as it trains. Pause to scrub through its history.")
        return run.epoch
    epochs = timeline_epochs(run.timeline.epochs, run.epoch)
    if len(epochs) < 2:
        st.caption("Train a few epochs: the timeline records the weights as the network learns.")
        return run.epoch
    # Follow the latest epoch unless the user picked an older one.
    chosen = st.session_state.get("nw_epoch")
    if chosen not in epochs or chosen == st.session_state.get("nw_latest_epoch"):
        st.session_state["nw_epoch"] = epochs[-1]
    st.session_state["nw_latest_epoch"] = epochs[-1]
    epoch = st.select_slider(
        "Training timeline: the epoch shown",
        options=epochs,
        key="nw_epoch",
        format_func=lambda value: f"{value:,}",
        help=f"{len(run.timeline)} recorded snapshots of the weights, evenly spaced (every "
        f"{run.timeline.stride} epochs). Drag to see the network as it was then.",
    )
    if epoch != run.epoch:
        st.caption(
            f"Looking back at epoch {epoch:,}: everything below shows the weights recorded then. "
            "The run itself stays where it is."
        )
    return epoch


# --- the network at one epoch --------------------------------------------------------------------


def whole_figure_chart(run, key, shown, build):
    """live_chart(build(), key): a chart that is a whole Plotly figure, not a film. While the run
    plays, the figure is built and sent at most once a second (`figure_due`; `shown`: what it
    shows, e.g. the epoch); between, the chart keeps what it shows. Redrawn at every frame, this
    page's five whole figures kept the browser so busy that a click on Pause reached the server
    a second late, and the page took as long again to show its answer."""
    live_chart(build() if figure_due(key, shown, run.playing) else None, key=key)


def graph(run, network, epoch):
    layers = network.dense_layers
    whole_figure_chart(
        run,
        "nw_graph",
        epoch,
        lambda: network_graph_figure(
            [layer.weights for layer in layers],
            [layer.biases for layer in layers],
            output_names=[f"class {index}" for index in range(network.n_outputs)],
        ),
    )
    st.caption(
        "Each line is a weight: blue positive, vermillion negative, thicker when larger. Each "
        "circle is a neuron, filled by its bias on the same colours. Hover for the numbers."
    )


def neuron_maps(run, film, dead):
    """Every layer's maps side by side, the same tile size for all (tile columns per layer
    chosen so that about TILES_ACROSS tiles fill the page's width), played as a film of the
    networks in `film` ([(epoch, network)], the last one the network shown)."""
    points = grid_every(run.grid_points, GRID_CELLS, THUMBNAIL_STEP)
    cells = GRID_CELLS // THUMBNAIL_STEP
    film = thin_film(film, NEURON_MAP_PICTURES)
    film_maps = [(epoch, activation_maps(each, points, cells)) for epoch, each in film]
    network = film[-1][1]
    maps = film_maps[-1][1]
    sizes = [layer.n_neurons for layer in network.dense_layers]
    names = network_layer_names(network)
    tile_columns = mosaic_widths([len(layer_maps) for layer_maps in maps], TILES_ACROSS)
    tile_pixels = PAGE_WIDTH / sum(tile_columns)
    for index, (column, n_columns) in enumerate(zip(st.columns(tile_columns), tile_columns)):
        is_output = index == len(maps) - 1
        shown = len(maps[index])
        rows = -(-shown // n_columns)
        with column:
            more = "" if shown == sizes[index] else f" (first {shown} of {sizes[index]})"
            st.markdown(f"**{names[index]}**{more}")
            figure_options = {
                "class_names": [f"class {k}" for k in range(shown)] if is_output else None,
                "dead": None if is_output else dead[index],
                "columns": n_columns,
                "height": int(rows * tile_pixels) + 10,
            }
            neuron_maps_chart(run, film_maps, index, figure_options, key=f"nw_maps_{index}")
    st.caption(
        "Each square is the input plane, coloured by one neuron's output there: blue where it is "
        "positive, vermillion where negative, white where it is 0 (each square on its own scale). "
        "A neuron's map is built from the maps of the layer before it. The last squares are the "
        "output layer's probability of each class."
    )


def hidden_layer_view(run, network, epoch):
    sizes = [layer.n_neurons for layer in network.dense_layers][:-1]
    layer_choices = list(range(len(sizes)))
    sanitize_choice("nw_layer", layer_choices, 0)
    layer_column, x_column, y_column = st.columns(3)
    layer = layer_column.selectbox(
        "Hidden layer",
        layer_choices,
        format_func=lambda index: f"hidden layer {index + 1} ({sizes[index]} neurons)",
        key="nw_layer",
    )
    neuron_choices = list(range(sizes[layer]))
    sanitize_choice("nw_neuron_x", neuron_choices, 0)
    sanitize_choice("nw_neuron_y", neuron_choices, min(1, sizes[layer] - 1))
    neuron_x = x_column.selectbox(
        "Horizontal axis", neuron_choices, format_func=neuron_label, key="nw_neuron_x"
    )
    neuron_y = y_column.selectbox(
        "Vertical axis", neuron_choices, format_func=neuron_label, key="nw_neuron_y"
    )

    def figure():
        lattice = input_lattice(run.extent)
        points, bent = hidden_space(network, layer, (neuron_x, neuron_y), run.trainer.X, lattice)
        titles = [f"layer {layer + 1}, neuron {neuron + 1}" for neuron in (neuron_x, neuron_y)]
        return hidden_space_figure(points, run.trainer.y, bent, titles)

    whole_figure_chart(run, "nw_hidden_space", (epoch, layer, neuron_x, neuron_y), figure)
    st.caption(
        "Each training point moved to where two neurons of this layer put it: (output of one "
        "neuron, output of the other). The grey lines are a square grid over the input plane, "
        "pushed through the same layers: the layer stretches, folds and flattens the plane so "
        "that the classes end up easier to separate by the next layer."
    )


def neuron_label(index):
    return f"neuron {index + 1}"


def sanitize_choice(key, choices, default):
    """A selectbox's remembered choice may not exist any more (a smaller layer): start over."""
    if st.session_state.get(key) not in choices:
        st.session_state[key] = default


def over_training(run, network, epoch):
    """The layers' gradients and update sizes, the loss and accuracy, the weights' histograms;
    `epoch` is the epoch shown, marked with a dotted line while the run does not play."""
    cursor_epoch = None if run.playing else epoch
    names = network_layer_names(network)

    def dynamics():
        history = run.trainer.history
        gradient_columns = [history[column] for column in run.trainer.gradient_columns]
        update_epochs, update_sizes = run.timeline.update_sizes()
        figure = layer_dynamics_figure(
            history["epoch"],
            np.column_stack(gradient_columns),
            update_epochs,
            update_sizes,
            names,
            total_epochs=run.config.epochs,
        )
        return figure if cursor_epoch is None else with_epoch_cursor(figure, cursor_epoch)

    def curves():
        figure = curves_figure(run, height=520)
        return figure if cursor_epoch is None else with_epoch_cursor(figure, cursor_epoch)

    shown = (run.epoch, cursor_epoch)
    dynamics_column, curves_column = st.columns(2)
    with dynamics_column:
        whole_figure_chart(run, "nw_dynamics", shown, dynamics)
        st.caption(
            "Top: the size of each layer's gradient ‖dL/dW‖. Bottom: how much its weights "
            "change per epoch, relative to their size, ‖ΔW‖/‖W‖ (from the recorded snapshots); "
            "around 0.001 is typical, far less means the layer has stopped learning."
        )
    with curves_column:
        whole_figure_chart(run, "nw_curves", shown, curves)
        st.caption(
            "Loss and accuracy, as on the Playground; the dotted line marks the epoch shown."
        )
    weights = [layer.weights for layer in network.dense_layers]
    whole_figure_chart(
        run, "nw_histograms", epoch, lambda: weight_histograms_figure(weights, names)
    )


def dead_counts(run, network, dead):
    """How many neurons of each hidden layer output 0 for every training point."""
    names = network_layer_names(network)
    columns = st.columns(max(len(dead), 3))
    for column, name, layer_dead in zip(columns, names, dead):
        column.metric(f"Dead neurons, {name}", f"{int(layer_dead.sum())} of {len(layer_dead)}")
    if run.config.activation == "relu":
        st.caption(
            "A dead ReLU neuron outputs 0 for every training point: its gradient is 0 too, so it "
            "never learns again. A few are harmless; many mean the learning rate is too high."
        )
    else:
        st.caption(
            f"Only ReLU neurons die (output exactly 0 everywhere); this network uses "
            f"{run.config.activation}, so the count stays at 0."
        )


# --- the replay ----------------------------------------------------------------------------------


def replay(run):
    """The recorded run as an animation sent once to the browser, which then plays it alone."""
    st.subheader("Replay the run")
    if not st.toggle("Show the replay", key="nw_replay"):
        st.caption(
            "An animation of the decision regions over the recorded epochs, played by your "
            "browser: press Play replay, or drag its slider."
        )
        return
    # One slot for whatever shows below the toggle: a caption while the run plays, the replay
    # when it does not. Each replaces the other whole, at once: as separate elements, the old
    # caption (or the old chart) stayed on screen beside the new one for a second or two.
    slot = st.empty()
    if run.playing:
        slot.caption("Pause first: the replay shows the run recorded so far.")
        return
    if len(run.timeline) < 2:
        slot.caption("Nothing to replay yet: train a few epochs first.")
        return
    points = grid_every(run.grid_points, GRID_CELLS, REPLAY_STEP)
    epochs, probabilities = replay_probabilities(
        run.timeline, run.trainer.network, points, GRID_CELLS // REPLAY_STEP
    )
    figure = replay_figure(epochs, probabilities, run.extent, run.trainer.X, run.trainer.y)
    payload_kb = len(json.dumps(figure)) / 1024
    with slot.container():
        st.caption(
            f"{len(figure['frames'])} frames from epoch 0 to {run.timeline.epochs[-1]:,}, sent "
            f"once ({payload_kb:,.0f} kB); the animation then runs in your browser."
        )
        st.plotly_chart(figure, theme=None, key="nw_replay_chart")
