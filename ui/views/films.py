"""The films every animated page plays: what a frame sends so that the browser can play the
run's pictures at a steady pace (ui/charts/browser/film_player.js).

While a run plays, each frame trains in a few slices and the run keeps its parameters after
each (`record_picture`). Drawing the next frame, the page turns them into pictures (decision
regions, neuron maps, a fitted curve) and sends them as one clip (ui/figures/region_pictures.py),
with the figure around them only when what it shows changed. When the run does not play, the
clip is one picture: the run's true state, shown at once.
"""

import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.charts.live_chart import live_chart
from ui.figures.compare import panel_axes, regions_grid_figure
from ui.figures.neuron_maps import activation_maps_figure, map_code_colors, maps_picture
from ui.figures.playground import data_points_figure
from ui.figures.region_pictures import curve_clip, picture_clip, regions_clip
from ui.figures.regression import PREDICTION_UID, fit_figure
from ui.run.playground_run import make_grid, region_picture
from ui.run.run_group import REGION_CELLS, fitted_curve
from ui.run.timeline import network_with_parameters

# While a run plays, a figure that changes every frame but is not the film travels at most this
# often: the data points' (whose outlines mark the points the network gets wrong: they change
# almost every frame early on, and the figure is most of what a frame would send), and the
# Network page's whole figures (`figure_due`).
POINTS_EVERY_SECONDS = 1.0
# While the curves grow, the whole figure is sent again every so many frames: an update the
# browser skipped (it drops one that a newer overtakes) leaves no gap for long.
FRAMES_BETWEEN_WHOLE_FIGURES = 25


def whole_page_run():
    """Whether Streamlit runs the whole page now, not only the animation frame (a fragment):
    the page may have just been opened, or left and opened again, so its charts may be new
    and need their whole figure."""
    context = get_script_run_ctx()
    return context is None or not context.fragment_ids_this_run


def figure_due(key, shown, playing):
    """Whether a chart's figure must travel this frame: always when the run does not play or
    the whole page runs; while it plays, when what it shows (`shown`, any comparable value)
    changed, and at most every POINTS_EVERY_SECONDS. Remembered in `st.session_state[key +
    "_shown"]`."""
    remembered = st.session_state.get(f"{key}_shown")
    now = time.monotonic()
    due = not playing or remembered is None or whole_page_run()
    if not due and remembered["shown"] != shown:
        due = now - remembered["at"] >= POINTS_EVERY_SECONDS
    if due:
        st.session_state[f"{key}_shown"] = {"shown": shown, "at": now}
    return due


def thin_film(film, most):
    """At most `most` of `film`'s pictures ([(epoch, ...)], oldest first), evenly chosen, the
    last (the run as it is now) always kept: for a page whose pictures cost more than the
    Playground's (the Network page draws every layer's neuron maps for each)."""
    if len(film) <= most:
        return film
    step = len(film) / most
    return [film[len(film) - 1 - round(index * step)] for index in reversed(range(most))]


def predictions_of(network, X, X_test):
    train = network.predictions(network.predict_proba(X))
    test = None if X_test is None else network.predictions(network.predict_proba(X_test))
    return train, test


# --- the Playground's run: Playground and Network pages ------------------------------------


def regions_chart(run, key, height, film, fit_screen=True):
    """The data points in a live chart, and under them the decision regions of `film` (from
    `run.take_film()`: [(epoch, network)], the last one the network shown now)."""
    trainer = run.trainer
    network = film[-1][1]
    train, test = predictions_of(network, trainer.X, trainer.X_test)
    shown = (id(trainer), train.tobytes(), None if test is None else test.tobytes())
    figure = None
    if figure_due(key, shown, run.playing):
        figure = data_points_figure(
            run.extent,
            trainer.X,
            trainer.y,
            trainer.X_test,
            trainer.y_test,
            train,
            test,
            n_classes=network.n_outputs,
            height=height,
        )
    points, cells = run.picture_grid(len(film))
    pictures = [region_picture(each, points, cells) for _, each in film]
    epochs = [epoch for epoch, _ in film]
    clip = regions_clip(
        pictures,
        epochs,
        run.extent,
        n_classes=network.n_outputs,
        playing=run.playing,
        seconds=run.seconds_between_frames,
    )
    live_chart(figure, key=key, height=height, clip=clip, fit_screen=fit_screen)


def neuron_maps_chart(run, film_maps, layer, figure_options, key):
    """One layer's neuron maps as a film: the figure (hover, labels) on a transparent plot,
    the mosaic of maps painted under it. `film_maps`: [(epoch, every layer's maps)] of the
    film's networks (`activation_maps`); `figure_options`: for `activation_maps_figure`."""
    epoch_now, maps_now = film_maps[-1][0], film_maps[-1][1][layer]
    is_output = figure_options.get("class_names") is not None
    # The figure is the tiles' labels and hover values, the pictures are the film: while the run
    # plays, the hover values follow at most once a second.
    figure = None
    if figure_due(key, epoch_now, run.playing):
        figure = activation_maps_figure(maps_now, film=True, **figure_options)
    pictures = [
        maps_picture(maps[layer], is_output, figure_options["columns"]) for _, maps in film_maps
    ]
    clip = picture_clip(
        [[picture] for picture, _ in pictures],
        [epoch for epoch, _ in film_maps],
        map_code_colors(len(maps_now) if is_output else 0),
        [{"xaxis": "x", "yaxis": "y", "extent": pictures[-1][1]}],
        playing=run.playing,
        seconds=run.seconds_between_frames,
        smooth=False,
    )
    live_chart(figure, key=key, clip=clip)


# --- groups of runs: Compare and Regression pages -------------------------------------------


def take_group_film(group):
    """The networks of a RunGroup's film, oldest first, [(epoch, [a network per run])]: one
    entry per picture the group recorded since the last call, then the runs as they are now
    (only that when the group does not play). The networks before the last are copies."""
    kept = [(epoch, values) for epoch, values in group.pictures if epoch < group.epoch]
    group.pictures = []
    if not group.playing:
        kept = []
    now = [run.trainer.network for run in group.runs]
    film = [
        (epoch, [network_with_parameters(live, each) for live, each in zip(now, parameters)])
        for epoch, parameters in kept
    ]
    return film + [(group.epoch, now)]


def compare_regions_chart(group, film, key="cmp_regions"):
    """One small map per run: the data points, and under them each run's decision regions."""
    data = group.runs[0].trainer
    points, extent = make_grid(data.X, data.X_test, cells=REGION_CELLS)
    n_classes = film[-1][1][0].n_outputs
    # (No probabilities: the figure draws the points only, the film paints the regions.)
    region_maps = [(None, *predictions_of(each, data.X, data.X_test)) for each in film[-1][1]]
    shown = (id(data), *(train.tobytes() for _, train, _ in region_maps))
    figure = None
    if figure_due(key, shown, group.playing):
        figure = regions_grid_figure(
            region_maps,
            extent,
            data.X,
            data.y,
            data.X_test,
            data.y_test,
            titles=[run.label for run in group.runs],
            film=True,
        )
    pictures = [
        [region_picture(network, points, REGION_CELLS) for network in networks]
        for _, networks in film
    ]
    clip = regions_clip(
        pictures,
        [epoch for epoch, _ in film],
        extent,
        n_classes,
        playing=group.playing,
        seconds=group.seconds_between_frames,
        axes=[panel_axes(index) for index in range(len(group.runs))],
    )
    live_chart(figure, key=key, clip=clip)


def fit_chart(group, film, truth_of, key="rg_fit"):
    """The Regression page's data and fitted curve; the curve moves as a film. `truth_of(x)`:
    the noise-free target along x, or None."""
    trainer = group.runs[0].trainer
    curve_x, curve_y = fitted_curve(trainer)
    figure = None
    if figure_due(key, id(trainer), group.playing):
        figure = fit_figure(trainer.X, trainer.y, curve_x, curve_y, truth_of(curve_x))
    curves = [networks[0].predict_proba(curve_x).ravel() for _, networks in film]
    clip = curve_clip(
        curves,
        [epoch for epoch, _ in film],
        PREDICTION_UID,
        playing=group.playing,
        seconds=group.seconds_between_frames,
    )
    live_chart(figure, key=key, clip=clip)


# --- curves that grow ------------------------------------------------------------------------


def growing_chart(key, view, last_epoch, playing, whole_figure, extension, **chart_options):
    """A live chart of curves: while the run plays, only the points after those sent travel
    (`extension(since)`, `since` being what `last_epoch` was at the last frame); otherwise, or
    when the `view` changed, or every FRAMES_BETWEEN_WHOLE_FIGURES frames, or when the whole
    page runs, `whole_figure()`.

    `last_epoch` is anything the extension needs to know where the curves ended (an epoch, a
    tuple of them). What the browser was sent is kept in `st.session_state[key + "_sent"]`.
    """
    sent = st.session_state.get(f"{key}_sent")
    extending = (
        playing
        and sent is not None
        and sent["view"] == view
        and sent["frames"] < FRAMES_BETWEEN_WHOLE_FIGURES
        and not whole_page_run()
    )
    if extending:
        live_chart(None, key=key, extend=extension(sent["epoch"]), **chart_options)
    else:
        live_chart(whole_figure(), key=key, **chart_options)
    st.session_state[f"{key}_sent"] = {
        "view": view,
        "epoch": last_epoch,
        "frames": sent["frames"] + 1 if extending else 0,
    }
