"""Figures of the Learn page: the data with the chosen batch, and the batch loss per step.

Pure functions, arrays in, a Plotly figure out as a plain dict (see ui/figures/).
"""

import numpy as np

from ui.figures.style import FONT, class_color, figure_dict
from ui.learn.batch import class_labels

BATCH_OUTLINE = "#000000"


def batch_figure(X, y, batch, height=430):
    """Every training point, small and pale, with the batch's points big, outlined and labelled.

    Two inputs: the input plane, coloured by class. One input (regression): input against
    target. Each point carries its index as customdata, so a selection on the chart names
    the points picked.
    """
    X = np.asarray(X)
    labels = class_labels(y)
    if X.shape[1] >= 2:
        horizontal, vertical = X[:, 0], X[:, 1]
        axis_titles = ("input 1", "input 2")
    else:
        horizontal, vertical = X[:, 0], np.asarray(y, dtype=float).ravel()
        axis_titles = ("input", "target")
    groups = [None] if labels is None else sorted(set(labels.tolist()))
    traces = []
    for group in groups:
        members = np.arange(len(X)) if group is None else np.flatnonzero(labels == group)
        color = class_color(0 if group is None else group)
        name = "data" if group is None else f"class {group}"
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": horizontal[members],
                "y": vertical[members],
                "customdata": members.tolist(),
                "name": name,
                "marker": {"color": color, "size": 8, "opacity": 0.45},
                "hovertemplate": f"#%{{customdata}} · {name}<extra></extra>",
            }
        )
    batch = list(batch)
    if batch:
        colors = [class_color(0 if labels is None else int(labels[i])) for i in batch]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": horizontal[batch],
                "y": vertical[batch],
                "customdata": batch,
                "text": [f"#{index}" for index in batch],
                "textposition": "top center",
                "textfont": {"size": 18, "color": BATCH_OUTLINE},
                "name": "the batch",
                "marker": {
                    "color": colors,
                    "size": 18,
                    "line": {"color": BATCH_OUTLINE, "width": 3},
                },
                "hovertemplate": "#%{customdata} · in the batch<extra></extra>",
            }
        )
    layout = {
        "height": height,
        "margin": {"l": 60, "r": 10, "t": 30, "b": 50},
        "font": FONT,
        "xaxis": {"title": {"text": axis_titles[0]}, "showgrid": False, "zeroline": False},
        "yaxis": {
            "title": {"text": axis_titles[1]},
            "showgrid": False,
            "zeroline": False,
            "scaleanchor": "x" if X.shape[1] >= 2 else None,
        },
        "legend": {"x": 1.02, "y": 1.0, "yanchor": "top"},
        "plot_bgcolor": "white",
        # No dragmode or clickmode here: Streamlit sets them so that a click selects a point
        # (it turns that off when a figure asks for box or lasso dragging).
    }
    if layout["yaxis"]["scaleanchor"] is None:
        del layout["yaxis"]["scaleanchor"]
    return figure_dict(traces, layout)


def step_losses_figure(steps, height=300):
    """The batch loss before and after each step taken on the page.

    Each step is a segment from (step - 1, loss before) to (step, loss after); with the same
    batch the segments join into one falling curve, a new batch starts a new piece.
    """
    x, y = [], []
    for record in steps:
        x += [record.step - 1, record.step, None]
        y += [record.loss_before, record.loss_after, None]
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": x,
            "y": y,
            "name": "batch loss",
            "line": {"color": "#0072B2", "width": 3},
            "marker": {"size": 9},
            "hovertemplate": "after step %{x}: loss %{y:.5f}<extra></extra>",
        }
    ]
    layout = {
        "height": height,
        "margin": {"l": 80, "r": 10, "t": 10, "b": 50},
        "font": FONT,
        "xaxis": {
            "title": {"text": "steps taken here"},
            "range": [-0.25, len(steps) + 0.25],
            "tick0": 0,
            "gridcolor": "#E5E5E5",
        },
        "yaxis": {"title": {"text": "batch loss"}, "gridcolor": "#E5E5E5", "range": padded(y)},
        "plot_bgcolor": "white",
        "showlegend": False,
    }
    return {"data": traces, "layout": layout}


def padded(values, share=0.1):
    """An axis range around the numbers (None gaps ignored) with a margin, so no marker is cut."""
    numbers = [value for value in values if value is not None]
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    margin = share * (high - low) or 0.01 * (abs(high) or 1.0)
    return [low - margin, high + margin]
