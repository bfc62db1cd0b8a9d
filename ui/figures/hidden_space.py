"""The data as a hidden layer sees it: the training points and a grid over the input plane,
pushed through the layers and drawn on the outputs of two neurons of one hidden layer (ConvNetJS's
classic picture). NumPy in, a Plotly figure as a plain dict out; no Streamlit.
"""

import numpy as np

from ui.figures.layer_outputs import layer_outputs
from ui.figures.playground import points_by_class
from ui.figures.style import FONT, figure_dict

LATTICE_COLOR = "#9A9A9A"


def input_lattice(extent, n_lines=13, points_per_line=80):
    """A grid of lines over the input plane, as (lines, points per line, 2) points.

    n_lines lines of constant x₁ (vertical), then n_lines of constant x₂ (horizontal), each
    sampled at points_per_line points so it can bend once pushed through the layers.
    """
    x_min, x_max, y_min, y_max = extent
    along_x = np.linspace(x_min, x_max, points_per_line)
    along_y = np.linspace(y_min, y_max, points_per_line)
    vertical = [
        np.column_stack([np.full(points_per_line, x), along_y])
        for x in np.linspace(x_min, x_max, n_lines)
    ]
    horizontal = [
        np.column_stack([along_x, np.full(points_per_line, y)])
        for y in np.linspace(y_min, y_max, n_lines)
    ]
    return np.stack(vertical + horizontal)


def hidden_space(network, layer, neurons, X, lattice):
    """The data and the input grid as hidden layer `layer` sees them, on two of its neurons.

    Every point x goes through the layers up to `layer` (0 = first hidden layer); its new
    coordinates are the activations (a[neurons[0]], a[neurons[1]]) of that layer. The lattice's
    lines come out bent and folded: that is what the layer does to the plane (ConvNetJS's
    classic picture). Returns (points (N, 2), lattice lines (lines, points per line, 2)).
    """
    chosen = list(neurons)
    points = layer_outputs(network, X)[layer][:, chosen]
    n_lines, points_per_line, _ = lattice.shape
    bent = layer_outputs(network, lattice.reshape(-1, 2))[layer][:, chosen]
    return points, bent.reshape(n_lines, points_per_line, 2)


def hidden_space_figure(points, y, lattice, axis_titles, height=560):
    """Training points (class colours) and the bent input grid, in the space of two neurons.

    points: (N, 2) activations of the two neurons for each training point; lattice:
    (lines, points per line, 2) the input grid's lines pushed through the same layers.
    """
    n_lines, points_per_line, _ = lattice.shape
    with_gaps = np.concatenate([lattice, np.full((n_lines, 1, 2), np.nan)], axis=1).reshape(-1, 2)
    traces = [
        {
            "type": "scatter",
            "x": with_gaps[:, 0],
            "y": with_gaps[:, 1],
            "mode": "lines",
            "line": {"color": LATTICE_COLOR, "width": 1.2},
            "name": "input grid",
            "hoverinfo": "skip",
        }
    ]
    for trace in points_by_class(points, y):
        trace["hovertemplate"] = (
            f"{trace['name']}<br>{axis_titles[0]}: %{{x:.3f}}<br>{axis_titles[1]}: %{{y:.3f}}"
            "<extra></extra>"
        )
        traces.append(trace)
    grid = {"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": True, "zerolinecolor": "#BBBBBB"}
    layout = {
        "height": height,
        "margin": {"l": 80, "r": 20, "t": 10, "b": 70},
        "font": FONT,
        "xaxis": {"title": {"text": axis_titles[0]}, **grid},
        "yaxis": {"title": {"text": axis_titles[1]}, **grid},
        "legend": {"orientation": "h", "y": -0.14, "yanchor": "top", "x": 0},
        "plot_bgcolor": "white",
        "hovermode": "closest",
    }
    return figure_dict(traces, layout)
