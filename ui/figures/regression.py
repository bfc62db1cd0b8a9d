"""Figures of the Regression page: arrays in, a Plotly figure as a plain dict out. Pure functions.

- `fit_figure`: the data as dots, the curve the network draws through them, the true sine.
- `regression_curves_figure`: the Playground's loss and accuracy curves
  (`ui.figures.training_curves_figure`), labelled for regression.
"""

import numpy as np

from ui.figures.playground import training_curves_figure
from ui.figures.style import FONT, TRAIN_COLOR, figure_dict

DATA_COLOR = "#999999"
TRUTH_COLOR = "#009E73"
PREDICTION_UID = "prediction"


def fit_figure(x, y, curve_x, curve_y, true_y=None, height=560):
    """The data (x, y) as grey dots, the network's output curve_y at the inputs curve_x as a
    thick line, and, when given, the noise-free target true_y (at curve_x) as a dashed line.

    All arrays are one-dimensional or (n, 1): a network with one input and one output.
    """
    x, y, curve_x, curve_y = (np.ravel(values) for values in (x, y, curve_x, curve_y))
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": y,
            "name": "data (training points)",
            "mode": "markers",
            "marker": {"color": DATA_COLOR, "size": 5},
            "hovertemplate": "x=%{x:.3f}<br>y=%{y:.3f}<extra>data</extra>",
        }
    ]
    if true_y is not None:
        traces.append(
            {
                "type": "scatter",
                "x": curve_x,
                "y": np.ravel(true_y),
                "name": "sin(2πx) without noise",
                "mode": "lines",
                "line": {"color": TRUTH_COLOR, "width": 2, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "uid": PREDICTION_UID,  # the film moves this line (a `curve_clip`)
            "x": curve_x,
            "y": curve_y,
            "name": "the network's prediction",
            "mode": "lines",
            "line": {"color": TRAIN_COLOR, "width": 4},
            "hovertemplate": "x=%{x:.3f}<br>prediction=%{y:.3f}<extra></extra>",
        }
    )
    # A fixed y range a little wider than the data: the curve moves, the axes do not.
    low = min(float(y.min()), -1.0)
    high = max(float(y.max()), 1.0)
    margin = 0.1 * (high - low)
    grid = {"showgrid": True, "gridcolor": "#E5E5E5", "zerolinecolor": "#BBBBBB"}
    layout = {
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 40, "b": 60},
        "font": FONT,
        "xaxis": {"title": {"text": "x (input)"}, "range": [0, 1], **grid},
        "yaxis": {"title": {"text": "y (target)"}, "range": [low - margin, high + margin], **grid},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
        "uirevision": "regression-fit",
    }
    return figure_dict(traces, layout)


def regression_curves_figure(epochs, loss, accuracy, log_loss=True, total_epochs=None, height=560):
    """Mean squared error (top) and the book's regression accuracy (bottom) against the epoch.

    The MSE falls over several powers of ten, so a log axis (the default) labels each power.
    """
    figure = training_curves_figure(
        epochs, loss, accuracy, log_loss=log_loss, total_epochs=total_epochs, height=height
    )
    layout = figure["layout"]
    layout["showlegend"] = False  # one run, training data only: nothing to tell apart
    layout["margin"]["t"] = 20
    layout["yaxis"]["title"] = {"text": "loss (MSE)"}
    if log_loss:
        layout["yaxis"].update(dtick=1, exponentformat="power")
    return figure
