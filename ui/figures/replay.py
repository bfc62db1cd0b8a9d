"""The recorded run, looked back at: the epochs its timeline offers, and the replay, an animation
of its decision regions that plays in the browser with no server round trip. A timeline of
snapshots (`ui.run.timeline.SnapshotTimeline`) in, epochs or a Plotly figure with frames out;
no Streamlit.
"""

import numpy as np

from ui.figures.playground import points_by_class, regions_image_trace
from ui.figures.style import FONT, figure_dict

MAX_REPLAY_FRAMES = 100


def timeline_epochs(recorded_epochs, current_epoch):
    """The epochs a timeline slider offers: every snapshot up to current_epoch, and
    current_epoch last (whether a snapshot was recorded there or not)."""
    epochs = [epoch for epoch in recorded_epochs if epoch <= current_epoch]
    if not epochs or epochs[-1] != current_epoch:
        epochs.append(current_epoch)
    return epochs


def replay_probabilities(timeline, network, grid_points, cells, max_frames=MAX_REPLAY_FRAMES):
    """(epochs, class probabilities on the grid at each epoch) of at most max_frames snapshots
    of the timeline, evenly chosen, the first and last always kept.

    grid_points: a cells × cells grid of points, row by row; each grid of probabilities comes
    back as (cells, cells, classes). `network` is only the shape the snapshots are loaded into
    (`SnapshotTimeline.network_at`): it is not changed.
    """
    recorded = timeline.epochs
    chosen = np.unique(np.linspace(0, len(recorded) - 1, max_frames).round().astype(int))
    epochs, probabilities = [], []
    for index in chosen:
        epoch = recorded[index]
        snapshot = timeline.network_at(epoch, network)
        epochs.append(epoch)
        probabilities.append(snapshot.predict_proba(grid_points).reshape(cells, cells, -1))
    return epochs, probabilities


def replay_figure(epochs, probabilities, extent, X, y, frame_milliseconds=150, height=600):
    """The recorded run as an animation that plays in the browser, with no server round trip.

    epochs: the snapshots' epochs; probabilities: one (H, W, K) grid of class probabilities
    per snapshot. The figure holds one frame per snapshot (its decision regions as a PNG and
    its epoch in the title), Plotly's own Play/Pause buttons and a slider to scrub by hand.
    """
    x_min, x_max, y_min, y_max = extent
    regions = [regions_image_trace(grid, extent) for grid in probabilities]
    images = [trace["source"] for trace in regions]
    figure = figure_dict([regions[0], *points_by_class(X, y)], {})
    names = [f"epoch {epoch:,}" for epoch in epochs]
    figure["frames"] = [
        {
            "name": name,
            "data": [{"type": "image", "source": image}],
            "traces": [0],
            "layout": {"title": {"text": name}},
        }
        for name, image in zip(names, images)
    ]
    still = {
        "mode": "immediate",
        "frame": {"duration": 0, "redraw": True},
        "transition": {"duration": 0},
    }
    play = {
        "frame": {"duration": frame_milliseconds, "redraw": True},
        "fromcurrent": True,
        "transition": {"duration": 0},
    }
    pause = {
        "mode": "immediate",
        "frame": {"duration": 0, "redraw": False},
        "transition": {"duration": 0},
    }
    figure["layout"] = {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 60, "b": 120},
        "font": FONT,
        "title": {"text": names[0], "x": 0.5},
        "xaxis": {"range": [x_min, x_max], "constrain": "domain", "showgrid": False},
        "yaxis": {
            "range": [y_min, y_max],
            "scaleanchor": "x",
            "showgrid": False,
            "autorange": False,
        },
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": -0.08,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"r": 10, "t": 10},
                "showactive": False,
                "buttons": [
                    {"label": "Play replay", "method": "animate", "args": [None, play]},
                    {"label": "Pause", "method": "animate", "args": [[None], pause]},
                ],
            }
        ],
        "sliders": [
            {
                "active": 0,
                "x": 0.3,
                "len": 0.7,
                "y": -0.08,
                "yanchor": "top",
                "pad": {"t": 10},
                "currentvalue": {"visible": False},
                # 100 step labels cannot be read: hide them, the title says the epoch.
                "font": {"color": "rgba(0,0,0,0)"},
                "steps": [
                    {"label": name, "method": "animate", "args": [[name], still]} for name in names
                ],
            }
        ],
    }
    return figure
